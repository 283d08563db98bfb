package dev.postern.testing.ftp;

import dev.postern.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local system account {@value #NAME} that the real FTP daemons' sessions run as, made on first use.
 *
 * <p>vsftpd checks passwords through PAM, so its user must be a local account with a password: the harness creates
 * {@value #NAME} ({@code useradd --system}, no home of its own ({@code /}), shell {@code /usr/sbin/nologin}, so it
 * cannot log in anywhere but over FTP) and gives it a random password ({@code chpasswd -e} with an
 * {@code openssl passwd -6} hash). That is the only change made outside the run's own directories. The password is
 * kept, readable by root only, in {@code java.io.tmpdir}/{@value #SECRET} next to the hash that was set, and reused
 * while {@code /etc/shadow} still holds that hash, so that several test JVMs on one machine (at the same time, or
 * one after the other) share one account without changing its password under each other; a file lock orders them.
 * Each daemon sets the FTP root per run (vsftpd's {@code local_root}, proftpd's own user file), so the account's home
 * never changes.
 */
final class LocalFtpUser {

    static final String NAME = "postern-ftp";

    private static final String SECRET = "postern-ftp-account.secret";
    private static final String LOCK = "postern-ftp-account.lock";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Account account;

    record Account(String name, String password, int uid, int gid) {
    }

    private LocalFtpUser() {
    }

    /** The account, created or given a password first if need be. Needs root. */
    static synchronized Account get() {
        if (account != null) {
            return account;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (FileChannel lockFile = FileChannel.open(tmp.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (passwdEntry().isEmpty()) {
                Processes.run(TIMEOUT, "/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
                        "--home-dir", "/", "--shell", "/usr/sbin/nologin", "--comment", "Postern FTP tests", NAME);
            }
            String[] passwd = passwdEntry().orElseThrow();
            if (!Files.isDirectory(Path.of(passwd[5]))) {
                // vsftpd changes into the home before the run's local_root, and fails if it cannot.
                Processes.run(TIMEOUT, "/usr/sbin/usermod", "--home", "/", NAME);
            }
            Path secret = tmp.resolve(SECRET);
            String password = null;
            if (Files.exists(secret)) {
                List<String> kept = Files.readAllLines(secret, StandardCharsets.UTF_8);
                if (kept.size() == 2 && kept.get(1).equals(shadowHash())) {
                    password = kept.get(0);
                }
            }
            if (password == null) {
                byte[] bytes = new byte[15];
                RANDOM.nextBytes(bytes);
                password = HexFormat.of().formatHex(bytes);
                String hash = Processes.run(TIMEOUT, password.getBytes(StandardCharsets.US_ASCII),
                        List.of("/usr/bin/openssl", "passwd", "-6", "-stdin")).strip();
                Processes.run(TIMEOUT, (NAME + ":" + hash + "\n").getBytes(StandardCharsets.US_ASCII),
                        List.of("/usr/sbin/chpasswd", "-e"));
                Path next = tmp.resolve(SECRET + ".next");
                Files.deleteIfExists(next);
                Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
                Files.writeString(next, password + "\n" + hash + "\n");
                Files.move(next, secret, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            account = new Account(NAME, password, Integer.parseInt(passwd[2]), Integer.parseInt(passwd[3]));
            return account;
        } catch (IOException e) {
            throw new UncheckedIOException("could not set up the local FTP account " + NAME, e);
        }
    }

    private static Optional<String[]> passwdEntry() throws IOException {
        return entry(Path.of("/etc/passwd"));
    }

    private static String shadowHash() throws IOException {
        return entry(Path.of("/etc/shadow")).map(fields -> fields[1]).orElse("");
    }

    private static Optional<String[]> entry(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(line -> line.split(":", -1))
                    .filter(fields -> fields.length > 6 && fields[0].equals(NAME))
                    .findFirst();
        }
    }
}
