package dev.postern.testing.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.postern.upstream.Security;

/**
 * Debian's vsftpd 3.0.3 as an {@link FtpTestServer}, for system tests: started by hand in the foreground
 * ({@code listen=YES}, {@code background=NO}) with its own configuration under a fresh directory, on a free loopback
 * port with ten passive ports after it; no system service, nothing under {@code /etc} touched but the local account.
 *
 * <p><b>User.</b> vsftpd checks passwords through PAM only, so the FTP user is the local account
 * {@value LocalFtpUser#NAME} that the harness makes (see {@link LocalFtpUser}), chrooted into this run's
 * {@link #root()} ({@code local_root}). The PAM service is named {@code postern-vsftpd}, which has no file under
 * {@code /etc/pam.d}: PAM then uses {@code /etc/pam.d/other} (Debian's {@code common-auth}, {@code pam_unix}).
 *
 * <p><b>Install.</b> vsftpd and proftpd conflict as Debian packages (both provide {@code ftp-server}), so
 * {@code .ci/run} installs proftpd and unpacks vsftpd's package ({@code apt-get download vsftpd},
 * {@code dpkg-deb -x}) into {@code /opt/postern-test/vsftpd}; a vsftpd installed normally at {@code /usr/sbin/vsftpd}
 * is used first. Without either, {@link #start} fails with a message that says so; it never skips.
 *
 * <p><b>TLS.</b> Under {@link Security#STARTTLS} (explicit FTPS) or {@link Security#TLS} ({@code implicit_ssl=YES})
 * the user must log in and transfer over TLS ({@code force_local_logins_ssl}, {@code force_local_data_ssl}), TLS 1.2
 * and 1.3 are allowed, with {@code ssl_ciphers=HIGH} (vsftpd's default is a single 3DES suite). As by default
 * ({@code require_ssl_reuse=YES}, written out), a data connection must resume the control connection's TLS session,
 * which Postern's {@code SessionReusingFtpsClient} does and Commons Net's own FTPSClient does not (vsftpd answers it
 * {@code 522 SSL connection failed: session reuse required}).
 * Under TLS 1.3 a client must end an upload with {@code shutdownOutput()} and read the data connection to its end
 * before closing it, or the unread session tickets turn its close into a TCP reset and vsftpd now and then answers
 * {@code 426 Failure reading network stream.} with the file cut short: see {@link TlsDataConnectionTests}.
 *
 * <p><b>Names.</b> {@code utf8_filesystem=YES} (a Debian patch, not in the manual page) advertises {@code UTF8} in
 * FEAT and takes {@code OPTS UTF8 ON}; names are stored as the bytes the client sends.
 */
public final class Vsftpd extends RealFtpServer {

    private static final List<Path> BINARY = List.of(Path.of("/usr/sbin/vsftpd"),
            Path.of("/opt/postern-test/vsftpd/usr/sbin/vsftpd"));
    private static final Map<Security, Vsftpd> SHARED = new EnumMap<>(Security.class);

    private final boolean activeMode;

    private Vsftpd(Security security, boolean shared, boolean activeMode) {
        super(security, shared);
        this.activeMode = activeMode;
    }

    /** Starts vsftpd with the given protection; the caller closes it. */
    public static Vsftpd start(Security security) {
        return start(security, false, false);
    }

    /**
     * Starts vsftpd with the given protection that also takes active mode ({@code PORT}: it connects to the client
     * for data), which the other servers refuse; the caller closes it.
     */
    public static Vsftpd startWithActiveMode(Security security) {
        return start(security, false, true);
    }

    /**
     * One vsftpd per protection for the whole JVM, started on first use and stopped by the shutdown hook;
     * {@link #close()} leaves it running. Tests that share it should work in directories of their own under
     * {@link #root()}.
     */
    public static synchronized Vsftpd shared(Security security) {
        Vsftpd server = SHARED.get(Objects.requireNonNull(security));
        if (server == null || server.isClosed()) {
            server = start(security, true, false);
            SHARED.put(security, server);
        }
        return server;
    }

    private static Vsftpd start(Security security, boolean shared, boolean activeMode) {
        Vsftpd server = new Vsftpd(Objects.requireNonNull(security), shared, activeMode);
        server.startDaemon();
        return server;
    }

    @Override
    public String name() {
        return "vsftpd";
    }

    @Override
    public String password() {
        return account.password();
    }

    @Override
    List<List<Path>> binaries() {
        return List.of(BINARY, List.of(Path.of("/usr/bin/openssl")), List.of(Path.of("/usr/sbin/useradd")));
    }

    @Override
    String installHint() {
        return ".ci/run unpacks it (apt-get download vsftpd; dpkg-deb -x vsftpd_*.deb /opt/postern-test/vsftpd)";
    }

    @Override
    boolean portTaken(String output) {
        return output.contains("could not bind listening");
    }

    @Override
    List<String> configure(int passiveFirst, int passiveLast) throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        // vsftpd refuses a secure_chroot_dir that the FTP user could write to.
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        StringBuilder conf = new StringBuilder("""
                # Written by Vsftpd (src/test/java/dev/postern/testing/ftp) for one test run.
                listen=YES
                listen_ipv6=NO
                background=NO
                listen_address={host}
                listen_port={port}
                anonymous_enable=NO
                local_enable=YES
                write_enable=YES
                local_umask=022
                pam_service_name=postern-vsftpd
                local_root={dir}/home
                chroot_local_user=YES
                allow_writeable_chroot=YES
                secure_chroot_dir={dir}/empty
                port_enable={active}
                pasv_enable=YES
                pasv_address={host}
                pasv_min_port={passiveFirst}
                pasv_max_port={passiveLast}
                utf8_filesystem=YES
                seccomp_sandbox=NO
                delay_failed_login=0
                max_per_ip=0
                max_clients=0
                xferlog_enable=YES
                log_ftp_protocol=YES
                vsftpd_log_file={logs}/vsftpd.log
                """);
        if (security == Security.NONE) {
            conf.append("ssl_enable=NO\n");
        } else {
            conf.append("""
                    ssl_enable=YES
                    implicit_ssl={implicit}
                    rsa_cert_file={dir}/tls/cert.pem
                    rsa_private_key_file={dir}/tls/key.pem
                    ssl_ciphers=HIGH
                    ssl_sslv2=NO
                    ssl_sslv3=NO
                    ssl_tlsv1=YES
                    require_ssl_reuse=YES
                    force_local_logins_ssl=YES
                    force_local_data_ssl=YES
                    debug_ssl=YES
                    """);
        }
        Path file = dir.resolve("vsftpd.conf");
        Files.writeString(file, conf.toString()
                .replace("{host}", LoopbackPorts.HOST)
                .replace("{port}", Integer.toString(port))
                .replace("{passiveFirst}", Integer.toString(passiveFirst))
                .replace("{passiveLast}", Integer.toString(passiveLast))
                .replace("{dir}", dir.toString())
                .replace("{logs}", logs.toString())
                .replace("{implicit}", security == Security.TLS ? "YES" : "NO")
                .replace("{active}", activeMode ? "YES" : "NO"));
        Path binary = BINARY.stream().filter(Files::isExecutable).findFirst().orElseThrow();
        return List.of(binary.toString(), file.toString());
    }
}
