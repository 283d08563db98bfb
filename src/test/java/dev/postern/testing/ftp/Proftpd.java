package dev.postern.testing.ftp;

import dev.postern.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.postern.upstream.Security;

/**
 * Debian's ProFTPD 1.3.8 as an {@link FtpTestServer}, for system tests: started by hand in the foreground
 * ({@code proftpd -n -c <conf>}) with its own configuration under a fresh directory, on a free loopback port with ten
 * passive ports after it ({@code PassivePorts}); no system service, nothing under {@code /etc} touched.
 *
 * <p><b>User.</b> Only {@code mod_auth_file} authenticates: the user is {@value LocalFtpUser#NAME}, with a random
 * password of its own for each run, in this run's {@code AuthUserFile} (hashed by {@code openssl passwd -6}); its uid
 * and gid are those of the local account that {@link LocalFtpUser} makes, so that files on disk belong to the same
 * user under both real servers. It is chrooted into {@link #root()} ({@code DefaultRoot ~}).
 *
 * <p><b>Install.</b> {@code proftpd-core} (the daemon) and {@code proftpd-mod-crypto} ({@code mod_tls}), which
 * {@code .ci/run} installs. Without them {@link #start} fails with a message that says so; it never skips.
 *
 * <p><b>TLS.</b> Under {@link Security#STARTTLS} (explicit FTPS) or {@link Security#TLS}
 * ({@code TLSOptions UseImplicitSSL}) login and transfers must be protected ({@code TLSRequired on}), TLS 1.2 and 1.3
 * are allowed. As by default, a data connection must resume the control connection's TLS session (no
 * {@code TLSOptions NoSessionReuseRequired}), which Postern's {@code SessionReusingFtpsClient} does and Commons Net's
 * own FTPSClient does not.
 *
 * <p><b>Names.</b> {@code UseEncoding UTF-8 UTF-8}: UTF8 in FEAT, and names stored as the UTF-8 bytes the client sends
 * whatever the locale the daemon runs in.
 */
public final class Proftpd extends RealFtpServer {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Security, Proftpd> SHARED = new EnumMap<>(Security.class);

    private final String password;

    private Proftpd(Security security, boolean shared) {
        super(security, shared);
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        this.password = HexFormat.of().formatHex(bytes);
    }

    /** Starts ProFTPD with the given protection; the caller closes it. */
    public static Proftpd start(Security security) {
        return start(security, false);
    }

    /**
     * One ProFTPD per protection for the whole JVM, started on first use and stopped by the shutdown hook;
     * {@link #close()} leaves it running. Tests that share it should work in directories of their own under
     * {@link #root()}.
     */
    public static synchronized Proftpd shared(Security security) {
        Proftpd server = SHARED.get(Objects.requireNonNull(security));
        if (server == null || server.isClosed()) {
            server = start(security, true);
            SHARED.put(security, server);
        }
        return server;
    }

    private static Proftpd start(Security security, boolean shared) {
        Proftpd server = new Proftpd(Objects.requireNonNull(security), shared);
        server.startDaemon();
        return server;
    }

    @Override
    public String name() {
        return "proftpd";
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    List<List<Path>> binaries() {
        return List.of(List.of(Path.of("/usr/sbin/proftpd")), List.of(Path.of("/usr/lib/proftpd/mod_tls.so")),
                List.of(Path.of("/usr/bin/openssl")), List.of(Path.of("/usr/sbin/useradd")));
    }

    @Override
    String installHint() {
        return ".ci/run installs it (apt-get install proftpd-core proftpd-mod-crypto openssl)";
    }

    @Override
    boolean portTaken(String output) {
        return output.contains("Address already in use");
    }

    @Override
    List<String> configure(int passiveFirst, int passiveLast) throws IOException {
        String hash = Processes.run(TIMEOUT, password.getBytes(StandardCharsets.US_ASCII),
                List.of("/usr/bin/openssl", "passwd", "-6", "-stdin")).strip();
        Path users = dir.resolve("ftpd.passwd");
        Path groups = dir.resolve("ftpd.group");
        Files.writeString(users, account.name() + ":" + hash + ":" + account.uid() + ":" + account.gid()
                + "::" + root() + ":/usr/sbin/nologin\n");
        Files.writeString(groups, account.name() + ":x:" + account.gid() + ":\n");
        // ProFTPD refuses user and group files that others can read.
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(groups, PosixFilePermissions.fromString("rw-------"));
        StringBuilder conf = new StringBuilder("""
                # Written by Proftpd (src/test/java/dev/postern/testing/ftp) for one test run.
                ServerType standalone
                ServerName "Postern test ProFTPD"
                ServerIdent on "Postern test ProFTPD"
                DefaultServer on
                DefaultAddress {host}
                SocketBindTight on
                Port {port}
                UseIPv6 off
                UseReverseDNS off
                User nobody
                Group nogroup
                PidFile {dir}/proftpd.pid
                ScoreboardFile {dir}/proftpd.scoreboard
                WtmpLog off
                SystemLog {logs}/proftpd.log
                TransferLog {logs}/xferlog
                ExtendedLog {logs}/commands.log ALL
                <IfModule mod_ctrls.c>
                  ControlsEngine off
                </IfModule>
                <IfModule mod_delay.c>
                  DelayEngine off
                </IfModule>
                MaxInstances 100
                MaxLoginAttempts 100

                AuthOrder mod_auth_file.c
                AuthUserFile {dir}/ftpd.passwd
                AuthGroupFile {dir}/ftpd.group
                AuthPAM off
                RequireValidShell off
                DefaultRoot ~
                Umask 022
                AllowOverwrite on
                AllowRetrieveRestart on
                AllowStoreRestart on
                PassivePorts {passiveFirst} {passiveLast}
                <Limit PORT EPRT>
                  DenyAll
                </Limit>
                UseEncoding UTF-8 UTF-8

                ModulePath /usr/lib/proftpd
                """);
        if (security != Security.NONE) {
            conf.append("""
                    LoadModule mod_tls.c
                    TLSEngine on
                    TLSLog {logs}/tls.log
                    TLSProtocol TLSv1.2 TLSv1.3
                    TLSECCertificateFile {dir}/tls/cert.pem
                    TLSECCertificateKeyFile {dir}/tls/key.pem
                    TLSRequired on
                    TLSVerifyClient off
                    TLSRenegotiate none
                    {implicit}""");
        }
        Path file = dir.resolve("proftpd.conf");
        Files.writeString(file, conf.toString()
                .replace("{host}", LoopbackPorts.HOST)
                .replace("{port}", Integer.toString(port))
                .replace("{passiveFirst}", Integer.toString(passiveFirst))
                .replace("{passiveLast}", Integer.toString(passiveLast))
                .replace("{dir}", dir.toString())
                .replace("{logs}", logs.toString())
                .replace("{implicit}", security == Security.TLS ? "TLSOptions UseImplicitSSL\n" : ""));
        // Fails with ProFTPD's own words on a bad configuration, rather than a daemon that ends at start.
        Processes.run(TIMEOUT, "/usr/sbin/proftpd", "-t", "-c", file.toString());
        return List.of("/usr/sbin/proftpd", "-n", "-q", "-c", file.toString());
    }
}
