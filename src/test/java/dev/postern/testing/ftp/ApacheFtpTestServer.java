package dev.postern.testing.ftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.postern.upstream.Security;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * Apache FtpServer in this JVM as an {@link FtpTestServer}: one user {@code postern} with a random password and write
 * permission, in a fresh home under {@code java.io.tmpdir} that {@link #close()} removes. Passive mode on ten loopback
 * ports of its own; active mode is off. Under TLS the certificate comes from a PKCS#12 key store that the JDK's
 * {@code keytool} makes at start; explicit FTPS is offered, not required (Apache FtpServer cannot require it).
 * Apache FtpServer takes file names in UTF-8 whatever the client says.
 *
 * <p>Unlike a stock Apache FtpServer, which leaves names starting with a dot out of MLSD (and of LIST without
 * {@code -a}), this one lists them, as ProFTPD's MLSD does: Postern's partial upload files are hidden that way, and
 * its sweep of abandoned ones sees only what a listing shows (see {@link ListingHiddenFiles}).
 */
public final class ApacheFtpTestServer implements FtpTestServer {

    private static final String USERNAME = "postern";
    private static final int PASSIVE_PORTS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FtpServer server;
    private final Security security;
    private final int port;
    private final String password;
    private final Path directory;
    private final Path root;
    private final X509Certificate certificate;
    private final String announcedAddress;
    private boolean closed;

    private ApacheFtpTestServer(FtpServer server, Security security, int port, String password, Path directory,
            X509Certificate certificate, String announcedAddress) {
        this.server = server;
        this.security = security;
        this.port = port;
        this.password = password;
        this.directory = directory;
        this.root = directory.resolve("home");
        this.certificate = certificate;
        this.announcedAddress = announcedAddress;
    }

    /** Starts a server with the given protection; the caller closes it. */
    public static ApacheFtpTestServer start(Security security) {
        return start(security, null);
    }

    /**
     * Starts a plain server whose PASV replies announce {@code address} (e.g. {@code 192.0.2.1}) instead of
     * {@code 127.0.0.1}, though its passive ports still listen on loopback: a client that followed the announcement
     * would connect elsewhere. Postern must refuse to.
     */
    public static ApacheFtpTestServer startAnnouncingPassiveAddress(String address) {
        return start(Security.NONE, Objects.requireNonNull(address));
    }

    /** As {@link #startAnnouncingPassiveAddress(String)}, with the given protection. */
    public static ApacheFtpTestServer start(Security security, String announcedPassiveAddress) {
        return start(security, announcedPassiveAddress, null);
    }

    /** Starts a plain server that runs every command past the ftplet first (to answer some itself, or to count). */
    public static ApacheFtpTestServer startWith(Ftplet ftplet) {
        return start(Security.NONE, null, Objects.requireNonNull(ftplet));
    }

    private static ApacheFtpTestServer start(Security security, String announcedPassiveAddress, Ftplet ftplet) {
        Objects.requireNonNull(security);
        Path directory;
        try {
            directory = Files.createTempDirectory("postern-ftpserver-");
            Files.createDirectories(directory.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory for Apache FtpServer", e);
        }
        String password = randomSecret();
        try {
            X509Certificate certificate = null;
            FtpServerFactory factory = new FtpServerFactory();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress(LoopbackPorts.HOST);
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setActiveEnabled(false);
            data.setPassiveAddress(LoopbackPorts.HOST);
            if (announcedPassiveAddress != null) {
                data.setPassiveExternalAddress(announcedPassiveAddress);
            }
            if (security != Security.NONE) {
                TestCertificate tls = TestCertificate.pkcs12(directory, randomSecret());
                certificate = tls.certificate();
                SslConfigurationFactory ssl = new SslConfigurationFactory();
                ssl.setKeystoreFile(tls.keyFile().toFile());
                ssl.setKeystoreType("PKCS12");
                ssl.setKeystorePassword(tls.keyStorePassword());
                ssl.setKeyPassword(tls.keyStorePassword());
                ssl.setKeyAlias("ftp");
                ssl.setSslProtocol("TLSv1.3", "TLSv1.2");
                listener.setSslConfiguration(ssl.createSslConfiguration());
                listener.setImplicitSsl(security == Security.TLS);
            }
            factory.setFileSystem(new ListingHiddenFiles(new NativeFileSystemFactory()));
            if (ftplet != null) {
                // A map the server may clear when it stops.
                factory.setFtplets(new java.util.HashMap<>(java.util.Map.of("test", ftplet)));
            }
            BaseUser user = new BaseUser();
            user.setName(USERNAME);
            user.setPassword(password);
            user.setHomeDirectory(directory.resolve("home").toString());
            user.setAuthorities(List.of(new WritePermission()));
            try {
                factory.getUserManager().save(user);
            } catch (FtpException e) {
                throw new IllegalStateException("Apache FtpServer did not take the test user", e);
            }
            // The control port and the passive range are found free together; another process may still take one
            // before the server binds it: then try again elsewhere.
            for (int attempt = 1; ; attempt++) {
                int first = LoopbackPorts.freeRun(1 + PASSIVE_PORTS);
                listener.setPort(first);
                data.setPassivePorts((first + 1) + "-" + (first + PASSIVE_PORTS));
                listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
                factory.addListener("default", listener.createListener());
                FtpServer server = factory.createServer();
                try {
                    server.start();
                    return new ApacheFtpTestServer(server, security, first, password, directory, certificate,
                            announcedPassiveAddress);
                } catch (FtpException | RuntimeException e) {
                    server.stop();
                    if (attempt == 3) {
                        throw new IllegalStateException("Apache FtpServer could not bind free ports three times", e);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            deleteTree(directory);
            throw e;
        }
    }

    @Override
    public String host() {
        return LoopbackPorts.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Security security() {
        return security;
    }

    @Override
    public String username() {
        return USERNAME;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String name() {
        return "ftpserver";
    }

    /** Nothing to do: the server reads and writes as this JVM's user. */
    @Override
    public void handOver(Path path) {
        // the files already belong to the user the server acts as
    }

    /** The address that PASV replies announce, or {@code null} when they announce {@code 127.0.0.1}. */
    public String announcedPassiveAddress() {
        return announcedAddress;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
        deleteTree(directory);
    }

    @Override
    public String toString() {
        return "Apache FtpServer on " + LoopbackPorts.HOST + ":" + port + " (" + security + ")";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }

    /**
     * The native file system, except that no file is hidden: a listing (MLSD, or LIST without {@code -a}) shows names
     * starting with a dot too. Files and views are passed through proxies that answer {@code isHidden()} with false
     * and hand the native ones back to the server where it needs them (a rename's target).
     */
    static final class ListingHiddenFiles implements FileSystemFactory {

        private final FileSystemFactory all;

        ListingHiddenFiles(FileSystemFactory all) {
            this.all = all;
        }

        @Override
        public FileSystemView createFileSystemView(User user) throws FtpException {
            return wrap(FileSystemView.class, all.createFileSystemView(user));
        }

        private static <T> T wrap(Class<T> type, T target) {
            return target == null ? null : type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                    new Shown(target)));
        }

        private static Object unwrap(Object value) {
            return value != null && Proxy.isProxyClass(value.getClass())
                    && Proxy.getInvocationHandler(value) instanceof Shown shown ? shown.target : value;
        }

        private record Shown(Object target) implements InvocationHandler {

            @Override
            public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
                if (method.getName().equals("isHidden")) {
                    return false;
                }
                Object[] passed = arguments == null ? null : java.util.Arrays.stream(arguments)
                        .map(ListingHiddenFiles::unwrap).toArray();
                Object result;
                try {
                    result = method.invoke(target, passed);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (result instanceof FtpFile file) {
                    return wrap(FtpFile.class, file);
                }
                if (result instanceof List<?> files && method.getName().equals("listFiles")) {
                    return files.stream().map(f -> wrap(FtpFile.class, (FtpFile) f)).toList();
                }
                return result;
            }
        }
    }
}
