package dev.postern.testing.ftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import dev.postern.upstream.Security;

/**
 * An FTP server for tests, on loopback, with one user whose home is a directory on local disk. FTP behaviour is
 * written once against this and run against {@link ApacheFtpTestServer} (in-process, the default run), {@link Vsftpd}
 * and {@link Proftpd} (Debian's daemons, system tests).
 *
 * <p>Every server takes passive mode only, on a range of loopback ports of its own, and file names in UTF-8. Under
 * {@link Security#STARTTLS} (explicit FTPS: {@code AUTH TLS}) and {@link Security#TLS} (implicit FTPS) it presents
 * {@link #certificate()}, allows TLS 1.2 and 1.3, and takes protected data connections ({@code PBSZ 0},
 * {@code PROT P}): vsftpd and ProFTPD, as by default, only those that resume the control connection's TLS session
 * (which Commons Net's own FTPSClient cannot do; Postern's {@code SessionReusingFtpsClient} does), Apache FtpServer
 * any.
 */
public interface FtpTestServer extends AutoCloseable {

    /** {@code 127.0.0.1}. */
    String host();

    /** The control connection's port. */
    int port();

    Security security();

    String username();

    String password();

    /**
     * The user's FTP home: what the user sees as {@code /}. Tests may look at it and change it directly; a file or
     * directory a test makes here should go through {@link #write} or {@link #createDirectories} (or be passed to
     * {@link #handOver}), since the real servers act as another local user, who could not otherwise change it.
     */
    Path root();

    /**
     * The self-signed certificate presented under TLS, naming {@code localhost} and {@code 127.0.0.1}: a client with
     * the JVM's default trust refuses it. {@code null} for {@link Security#NONE}.
     */
    X509Certificate certificate();

    /** {@code ftpserver}, {@code vsftpd} or {@code proftpd}. */
    String name();

    /** Gives a file or directory under {@link #root()}, and all it holds, to the FTP user, as if it had uploaded it. */
    void handOver(Path path);

    /** Writes a file at a path relative to {@link #root()} (creating the directories above it) as the FTP user's. */
    default Path write(String relative, byte[] content) {
        Path file = resolve(relative);
        createDirectories(root().relativize(file.getParent()).toString());
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        handOver(file);
        return file;
    }

    /** Creates directories at a path relative to {@link #root()}, each the FTP user's. */
    default Path createDirectories(String relative) {
        Path directory = resolve(relative);
        Path root = root();
        try {
            for (Path part : root.relativize(directory)) {
                root = root.resolve(part);
                if (!Files.isDirectory(root)) {
                    Files.createDirectory(root);
                    handOver(root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + directory, e);
        }
        return directory;
    }

    private Path resolve(String relative) {
        Path path = root().resolve(relative).normalize();
        if (!path.startsWith(root())) {
            throw new IllegalArgumentException("not under the FTP root: " + relative);
        }
        return path;
    }

    /** Stops the server; idempotent. A shared instance is left running for the rest of the JVM. */
    @Override
    void close();
}
