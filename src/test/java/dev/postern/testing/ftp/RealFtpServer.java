package dev.postern.testing.ftp;

import dev.postern.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.postern.upstream.Security;

/**
 * What {@link Vsftpd} and {@link Proftpd} share: a fresh directory under {@code java.io.tmpdir} (configuration, TLS
 * files, the FTP root {@code home/}), logs under {@code target/ftp-servers/<run>/}, a control port and
 * {@value #PASSIVE_PORTS} passive ports on loopback, the daemon in the foreground as a child of this JVM, and its end.
 *
 * <p>{@link #close()} stops the daemon with its sessions and removes the directory (the logs stay); a shutdown hook
 * does the same for instances left open; a watchdog process does it within seconds of the JVM's end if the JVM is
 * killed outright; and each start first ends the daemons of earlier runs whose JVM is gone.
 */
abstract class RealFtpServer implements FtpTestServer {

    static final int PASSIVE_PORTS = 10;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String DIRECTORY_PREFIX = "postern-ftpd-";
    private static final Set<RealFtpServer> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(RealFtpServer::stop),
                "real-ftp-servers-stop"));
    }

    final Path dir;
    final Path logs;
    final Security security;
    final LocalFtpUser.Account account;
    final boolean shared;
    int port;
    TestCertificate tls;
    private Process daemon;
    private Process watchdog;
    private volatile boolean closed;

    RealFtpServer(Security security, boolean shared) {
        this.security = security;
        this.shared = shared;
        requireRoot();
        requireInstalled();
        reapAbandonedRuns();
        this.account = LocalFtpUser.get();
        try {
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), DIRECTORY_PREFIX);
            // The FTP user passes through here to its root.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve("owner"), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
            logs = Path.of("target", "ftp-servers", dir.getFileName().toString()).toAbsolutePath();
            Files.createDirectories(logs);
            Files.createDirectories(root());
            handOver(root());
            Files.createDirectories(dir.resolve("tls"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory for " + name(), e);
        }
        OPEN.add(this);
    }

    /** The files this server needs (binaries, modules), any one of each group. */
    abstract List<List<Path>> binaries();

    /** What to tell someone who lacks {@link #binaries()}. */
    abstract String installHint();

    /** Writes the configuration for {@link #port} and the passive ports after it, and returns the command to run. */
    abstract List<String> configure(int passiveFirst, int passiveLast) throws IOException;

    /** Whether the daemon's output says that it could not bind its port. */
    abstract boolean portTaken(String output);

    void startDaemon() {
        if (security != Security.NONE) {
            tls = TestCertificate.pem(dir.resolve("tls"));
        }
        try {
            for (int attempt = 1; ; attempt++) {
                port = LoopbackPorts.freeRun(1 + PASSIVE_PORTS);
                List<String> command;
                try {
                    command = configure(port + 1, port + PASSIVE_PORTS);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + name() + "'s configuration", e);
                }
                daemon = Processes.start(logs.resolve(name() + ".out"), command);
                try {
                    awaitReady();
                    Files.writeString(dir.resolve("daemon.pid"), daemon.pid() + "\n");
                    startWatchdog();
                    return;
                } catch (PortTaken e) {
                    if (attempt == 3) {
                        throw new IllegalStateException(name() + " could not bind free ports three times", e);
                    }
                    Processes.kill(daemon, STOP_GRACE);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not note " + name() + "'s pid", e);
                }
            }
        } catch (RuntimeException | Error e) {
            stop();
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

    /** The last of the passive ports, which follow {@link #port()}. */
    public int lastPassivePort() {
        return port + PASSIVE_PORTS;
    }

    @Override
    public Security security() {
        return security;
    }

    @Override
    public String username() {
        return account.name();
    }

    @Override
    public Path root() {
        return dir.resolve("home");
    }

    @Override
    public X509Certificate certificate() {
        return tls == null ? null : tls.certificate();
    }

    /** Makes the path, and all it holds, the local FTP account's. */
    @Override
    public void handOver(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.toList()) {
                Files.setAttribute(each, "unix:uid", account.uid());
                Files.setAttribute(each, "unix:gid", account.gid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not hand " + path + " over to " + account.name(), e);
        }
    }

    /** Where the daemon's logs are: its own output, its log of FTP commands and replies, and transfers. */
    public Path logDirectory() {
        return logs;
    }

    /** Stops the daemon; a shared instance (from {@code shared(Security)}) is left for the shutdown hook. */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (watchdog != null) {
            Processes.killGroup(watchdog);
        }
        if (daemon != null) {
            Processes.kill(daemon, STOP_GRACE);
        }
        OPEN.remove(this);
        deleteTree(dir);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return name() + " on " + LoopbackPorts.HOST + ":" + port + " (" + security + ", passive " + (port + 1) + "-"
                + (port + PASSIVE_PORTS) + "), logs in " + logs;
    }

    /**
     * Waits for the greeting; under implicit TLS, which greets only after a handshake, for the port to take
     * connections.
     */
    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LoopbackPorts.HOST, port), 500);
                if (security == Security.TLS) {
                    return;
                }
                socket.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                if (line != null && line.startsWith("220")) {
                    return;
                }
                throw new IllegalStateException(name() + " greeted with \"" + line + "\" instead of \"220 …\"\n"
                        + tail());
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name() + " did not answer on " + LoopbackPorts.HOST + ":" + port
                            + " within " + START_TIMEOUT.toSeconds() + " s\n" + tail());
                }
                sleep(50);
            }
        }
    }

    private void requireAlive() {
        if (!daemon.isAlive()) {
            String tail = tail();
            if (portTaken(tail)) {
                throw new PortTaken(name() + " found a port taken\n" + tail);
            }
            throw new IllegalStateException(name() + " ended at start (exit " + daemon.exitValue() + ")\n" + tail);
        }
    }

    /** The last lines of every log, for failure messages. */
    String tail() {
        StringBuilder tail = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                tail.append("--- last lines of ").append(file).append(":\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(line -> tail.append(line).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            tail.append("(could not read the logs in ").append(logs).append(": ").append(e.getMessage()).append(")\n");
        }
        return tail.toString();
    }

    /**
     * A process outside the JVM that stops the daemon and removes the directory within seconds of the JVM's end,
     * should the JVM be killed before {@link #close()} or the shutdown hook runs.
     */
    private void startWatchdog() {
        String script = """
                tail --pid="$1" -f /dev/null
                kill -TERM "$2" 2>/dev/null
                sleep 3
                kill -KILL "$2" 2>/dev/null
                rm -rf "$3"
                """;
        watchdog = Processes.start(logs.resolve("watchdog.out"), List.of("/usr/bin/setsid", "/bin/sh", "-c", script,
                "real-ftp-server-watchdog", Long.toString(ProcessHandle.current().pid()),
                Long.toString(daemon.pid()), dir.toString()));
    }

    private void requireInstalled() {
        List<String> missing = binaries().stream()
                .filter(group -> group.stream().noneMatch(Files::isRegularFile))
                .map(group -> group.get(0).toString())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(name() + " is not installed (missing " + missing + "); " + installHint()
                    + ".");
        }
    }

    private void requireRoot() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("could not tell which user this JVM runs as", e);
        }
        if (uid != 0) {
            throw new IllegalStateException(name() + " needs root (it listens as root and switches to the FTP user "
                    + "for each session, and the harness makes that local user); this JVM runs as uid " + uid
                    + ". Run the system tests as root, as .ci/run does.");
        }
    }

    /**
     * Ends the daemons of earlier runs whose JVM is gone (killed before its shutdown hook ran) and removes their
     * directories.
     */
    private static void reapAbandonedRuns() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path run : entries.filter(path -> path.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .toList()) {
                if (ownerAlive(run)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(Files.readString(run.resolve("daemon.pid")).strip());
                    ProcessHandle.of(pid)
                            .filter(process -> process.info().command()
                                    .map(c -> c.endsWith("/vsftpd") || c.endsWith("/proftpd")).orElse(false))
                            .ifPresent(process -> Processes.kill(process, STOP_GRACE));
                } catch (IOException | NumberFormatException notRunning) {
                    // no pid file: that daemon never ran
                }
                deleteTree(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for abandoned FTP servers in " + tmp, e);
        }
    }

    private static boolean ownerAlive(Path run) {
        try {
            String[] owner = Files.readString(run.resolve("owner")).strip().split(" ");
            long started = Long.parseLong(owner[1]);
            return ProcessHandle.of(Long.parseLong(owner[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
                            == started)
                    .isPresent();
        } catch (IOException | RuntimeException e) {
            // A directory still being set up has no owner file yet: leave it unless it is old.
            try {
                return Files.getLastModifiedTime(run).toInstant().isAfter(Instant.now().minusSeconds(60));
            } catch (IOException gone) {
                return true;
            }
        }
    }

    static void deleteTree(Path root) {
        // A session that was slow to die may still add a file while we walk: walk again once.
        for (int attempt = 1; Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 2) {
                    throw new IllegalStateException("could not remove " + root, e);
                }
                sleep(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an FTP server", e);
        }
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }
}
