package dev.postern.testing.mail;

import dev.postern.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real Debian mail servers on free loopback ports, for system tests: Dovecot serves IMAP (plain with STARTTLS, and
 * implicit TLS), POP3 (plain with STLS), LMTP and SASL; Postfix takes submission with AUTH PLAIN/LOGIN (checked by
 * Dovecot's SASL) and delivers over LMTP into the Maildirs that Dovecot serves. Both are started by hand in the
 * foreground with their own configuration under a fresh directory in {@code java.io.tmpdir}: no system service, no
 * file under {@code /etc} is touched. Their logs are written to {@code target/mail-servers/<run>/} and kept there.
 *
 * <p>Needs root (Postfix's master refuses to run as anyone else, and Dovecot switches to the mail user) and Debian's
 * {@code dovecot-imapd}, {@code dovecot-pop3d}, {@code dovecot-lmtpd}, {@code postfix} and {@code openssl}, which
 * {@code .ci/run} installs. Without them {@link #start()} fails with a message that says so; it never skips.
 *
 * <p>Mail is owned by Debian's {@code mail} user (uid 8), which Dovecot is allowed to use by
 * {@code first_valid_uid}. The TLS certificate is self-signed, made by {@code openssl} at start for
 * {@code 127.0.0.1} and {@code localhost}: a client with the default trust store refuses it, and one that trusts
 * {@link #certificate()} accepts it.
 *
 * <p>{@link #close()} stops both daemons and all their children and removes the directory; a shutdown hook does
 * the same for instances left open; a watchdog process does it within seconds of the JVM's end if the JVM is
 * killed outright; and {@link #start()} first ends whatever daemons of earlier runs are still left.
 */
public final class RealMailServers implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String DOMAIN = "postern.test";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String DIRECTORY_PREFIX = "postern-mail-";
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String CI_HINT = ".ci/run installs them (apt-get install dovecot-imapd dovecot-pop3d "
            + "dovecot-lmtpd postfix openssl)";
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/dovecot"), Path.of("/usr/bin/doveadm"),
            Path.of("/usr/lib/dovecot/imap"), Path.of("/usr/lib/dovecot/pop3"), Path.of("/usr/lib/dovecot/lmtp"),
            Path.of("/usr/sbin/postfix"), Path.of("/usr/lib/postfix/sbin/master"), Path.of("/usr/bin/openssl"));
    private static final Set<RealMailServers> OPEN = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static RealMailServers shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(RealMailServers::close),
                "real-mail-servers-stop"));
    }

    private final Path dir;
    private final Path logs;
    private final int mailUid;
    private final int mailGid;
    private final Map<String, MailUser> users = new LinkedHashMap<>();
    private Ports ports;
    private Process dovecot;
    private Process postfix;
    private Process watchdog;
    private X509Certificate certificate;
    private volatile boolean closed;

    private record Ports(int imap, int imaps, int pop3, int submission) {
    }

    private RealMailServers(Path dir, Path logs, int mailUid, int mailGid) {
        this.dir = dir;
        this.logs = logs;
        this.mailUid = mailUid;
        this.mailGid = mailGid;
    }

    /** Starts Dovecot and Postfix; the caller closes them (e.g. in {@code @AfterAll}). */
    public static RealMailServers start() {
        requireInstalled();
        reapAbandonedRuns();
        Path dir;
        Path logs;
        try {
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), DIRECTORY_PREFIX);
            // Dovecot's login processes (dovenull) and Postfix's daemons (postfix) pass through this directory.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve("owner"), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
            logs = Path.of("target", "mail-servers", dir.getFileName().toString()).toAbsolutePath();
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory for the mail servers", e);
        }
        RealMailServers servers = new RealMailServers(dir, logs, systemId("/etc/passwd", "mail"),
                systemId("/etc/group", "mail"));
        OPEN.add(servers);
        try {
            servers.startAll();
            return servers;
        } catch (RuntimeException | Error e) {
            servers.close();
            throw e;
        }
    }

    /** One instance for the whole JVM, started on first use and stopped by the shutdown hook. */
    public static synchronized RealMailServers shared() {
        if (shared == null || shared.closed) {
            shared = start();
        }
        return shared;
    }

    public String host() {
        return HOST;
    }

    /** IMAP in plain text, with STARTTLS offered (not required) and AUTH PLAIN/LOGIN allowed before it. */
    public int imapPort() {
        return ports.imap;
    }

    /** IMAP over implicit TLS, with the self-signed {@link #certificate()}. */
    public int imapsPort() {
        return ports.imaps;
    }

    /** POP3 in plain text, with STLS offered. */
    public int pop3Port() {
        return ports.pop3;
    }

    /**
     * SMTP submission: AUTH PLAIN/LOGIN against the same users (before or after STARTTLS), and no mail without it.
     * Mail to {@code @}{@value #DOMAIN} goes to Dovecot; mail to other domains is accepted and dropped, so nothing
     * leaves the machine.
     */
    public int submissionPort() {
        return ports.submission;
    }

    public String domain() {
        return DOMAIN;
    }

    /** The self-signed certificate that the IMAPS port and STARTTLS present. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Where the daemons' logs are ({@code dovecot.log}, {@code postfix.log}, and their own output). */
    public Path logDirectory() {
        return logs;
    }

    /**
     * Adds a user whose address is {@code name@}{@value #DOMAIN}, with an empty Maildir; the user can log in at once.
     * Adding a user again changes the password, which Dovecot may take up to a second to notice.
     */
    public synchronized MailUser addUser(String name, String password) {
        requireOpen();
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user names here are lower-case letters, digits, '.', '_' and '-': "
                    + name);
        }
        try {
            Path home = home(name);
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
                chownToMail(home);
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            }
            users.put(name, new MailUser(name, password, name + "@" + DOMAIN));
            writeUserFile(name, name + ":" + ssha512(password) + ":" + mailUid + ":" + mailGid + "::" + home
                    + "::\n");
            return users.get(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not add mail user " + name, e);
        }
    }

    public synchronized List<MailUser> users() {
        return List.copyOf(users.values());
    }

    /** The user's Maildir (INBOX at its top, other folders as Maildir++ {@code .Name} directories). */
    public Path maildir(String user) {
        return home(user).resolve("Maildir");
    }

    /** Appends a message to a folder through {@code doveadm save} (the folder must exist; INBOX always does). */
    public void save(String user, String folder, byte[] rfc822) {
        requireUser(user);
        doveadm(rfc822, "save", "-u", user, "-m", folder);
    }

    /** Creates a folder and subscribes to it; nothing happens if it exists. Nested names use {@code /}. */
    public void createFolder(String user, String name) {
        requireUser(user);
        if (!folders(user).contains(name)) {
            doveadm(null, "mailbox", "create", "-s", "-u", user, name);
        }
    }

    /** The user's folders as Dovecot lists them (special-use ones included even before they hold mail). */
    public List<String> folders(String user) {
        requireUser(user);
        return doveadm(null, "mailbox", "list", "-u", user).lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * The messages in a folder as the files on disk hold them, oldest file name first; read straight from the
     * Maildir, so it shows what arrived whatever state Dovecot's index is in.
     */
    public List<byte[]> messages(String user, String folder) {
        requireUser(user);
        Path mailbox = Path.of(doveadm(null, "mailbox", "path", "-u", user, folder).strip());
        List<byte[]> messages = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            Path files = mailbox.resolve(sub);
            if (!Files.isDirectory(files)) {
                continue;
            }
            try (Stream<Path> list = Files.list(files)) {
                for (Path file : list.sorted(Comparator.comparing(Path::getFileName)).toList()) {
                    messages.add(Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + files, e);
            }
        }
        return messages;
    }

    /** Runs {@code doveadm} against this Dovecot and returns what it printed. */
    public String doveadm(byte[] stdin, String... arguments) {
        return doveadm(COMMAND_TIMEOUT, stdin, arguments);
    }

    String doveadm(Duration timeout, byte[] stdin, String... arguments) {
        requireOpen();
        List<String> command = new ArrayList<>(List.of("/usr/bin/doveadm", "-c", dovecotConf().toString()));
        command.addAll(Arrays.asList(arguments));
        return Processes.run(timeout, stdin, command);
    }

    int mailUid() {
        return mailUid;
    }

    int mailGid() {
        return mailGid;
    }

    void chownToMail(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", mailUid);
        Files.setAttribute(path, "unix:gid", mailGid);
    }

    /** Stops Postfix and Dovecot with every child process, and removes the directory (the logs stay). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watchdog != null) {
            Processes.killGroup(watchdog);
        }
        stopDaemons();
        OPEN.remove(this);
        deleteTree(dir);
    }

    @Override
    public String toString() {
        if (ports == null) {
            return "Dovecot and Postfix (not started), logs in " + logs;
        }
        return "Dovecot and Postfix on " + HOST + " (IMAP " + ports.imap + ", IMAPS " + ports.imaps + ", POP3 "
                + ports.pop3 + ", submission " + ports.submission + "), logs in " + logs;
    }

    private void startAll() {
        Path tls = dir.resolve("tls");
        try {
            Files.createDirectories(dir.resolve("mail"));
            Files.createDirectories(dir.resolve("dovecot"));
            Files.createDirectories(tls);
            Files.createDirectories(dir.resolve("users"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not lay out " + dir, e);
        }
        Processes.run(COMMAND_TIMEOUT, "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + HOST,
                "-addext", "subjectAltName=IP:" + HOST + ",DNS:localhost",
                "-keyout", tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString());
        certificate = readCertificate(tls.resolve("cert.pem"));
        // A port picked as free may be taken before the daemon binds it: then try again with others.
        for (int attempt = 1; ; attempt++) {
            int[] free = freePorts(4);
            ports = new Ports(free[0], free[1], free[2], free[3]);
            try {
                startDovecot();
                startPostfix();
                startWatchdog();
                return;
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException("mail servers could not bind free ports three times", e);
                }
                stopDaemons();
            }
        }
    }

    /**
     * A process outside the JVM that stops both daemons and removes the directory within seconds of the JVM's end,
     * should the JVM be killed before {@link #close()} or the shutdown hook runs.
     */
    private void startWatchdog() {
        String script = """
                tail --pid="$1" -f /dev/null
                kill -TERM "$2" "$3" 2>/dev/null
                sleep 5
                kill -KILL "$2" "$3" 2>/dev/null
                rm -rf "$4"
                """;
        watchdog = Processes.start(logs.resolve("watchdog.out"), List.of("/usr/bin/setsid", "/bin/sh", "-c", script,
                "real-mail-servers-watchdog", Long.toString(ProcessHandle.current().pid()),
                Long.toString(dovecot.pid()), Long.toString(postfix.pid()), dir.toString()));
    }

    private void stopDaemons() {
        List<ProcessHandle> daemons = Stream.of(postfix, dovecot).filter(Objects::nonNull)
                .map(Process::toHandle).toList();
        Processes.kill(daemons, STOP_GRACE);
        postfix = null;
        dovecot = null;
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    private Path dovecotConf() {
        return dir.resolve("dovecot").resolve("dovecot.conf");
    }

    private void startDovecot() {
        String conf = fill("""
                # Written by RealMailServers (src/test/java/dev/postern/testing/mail) for one test run.
                base_dir = {dir}/dovecot/run
                state_dir = {dir}/dovecot/state
                instance_name = {instance}
                log_path = {logs}/dovecot.log
                listen = {host}
                protocols = imap pop3 lmtp
                default_internal_user = dovecot
                default_login_user = dovenull

                ssl = yes
                ssl_cert = <{dir}/tls/cert.pem
                ssl_key = <{dir}/tls/key.pem
                # Plain-text AUTH on the plain ports: the tests connect over loopback.
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                auth_failure_delay = 0

                first_valid_uid = {uid}
                first_valid_gid = {gid}
                mail_location = maildir:~/Maildir
                passdb {
                  driver = passwd-file
                  args = username_format=%n {dir}/users/%n
                }
                userdb {
                  driver = passwd-file
                  args = username_format=%n {dir}/users/%n
                }

                namespace inbox {
                  inbox = yes
                  separator = /
                  mailbox Drafts {
                    special_use = \\Drafts
                    auto = subscribe
                  }
                  mailbox Sent {
                    special_use = \\Sent
                    auto = subscribe
                  }
                  mailbox Trash {
                    special_use = \\Trash
                    auto = subscribe
                  }
                  mailbox Junk {
                    special_use = \\Junk
                    auto = subscribe
                  }
                  mailbox Archive {
                    special_use = \\Archive
                    auto = subscribe
                  }
                }

                # The mail benchmark keeps 100 sessions (and more, between its phases) on one account from
                # 127.0.0.1: Dovecot's defaults (10 connections per user and address, 100 imap processes) are too few.
                protocol imap {
                  mail_max_userip_connections = 1000
                }
                service imap {
                  process_limit = 1000
                }
                protocol lmtp {
                  postmaster_address = postmaster@{domain}
                }

                service imap-login {
                  inet_listener imap {
                    port = {imap}
                  }
                  inet_listener imaps {
                    port = {imaps}
                    ssl = yes
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = {pop3}
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                # No growing delay for every login from 127.0.0.1 after a wrong password (the auth penalty): all
                # tests connect from there, and one test's wrong password would slow the next test's logins.
                service anvil {
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                # Postfix hands mail over here, and checks submission passwords there.
                service lmtp {
                  unix_listener {dir}/dovecot/lmtp {
                    mode = 0600
                    user = postfix
                    group = postfix
                  }
                }
                service auth {
                  unix_listener {dir}/dovecot/auth-client {
                    mode = 0600
                    user = postfix
                    group = postfix
                  }
                }
                """);
        try {
            Files.writeString(dovecotConf(), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dovecotConf(), e);
        }
        Processes.run(COMMAND_TIMEOUT, "/usr/bin/doveconf", "-c", dovecotConf().toString(), "-n");
        dovecot = Processes.start(logs.resolve("dovecot.out"),
                List.of("/usr/sbin/dovecot", "-F", "-c", dovecotConf().toString()));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        awaitGreeting("Dovecot", dovecot, ports.imap, "* OK", deadline, "dovecot.log");
        awaitGreeting("Dovecot", dovecot, ports.pop3, "+OK", deadline, "dovecot.log");
        awaitListening("Dovecot", dovecot, ports.imaps, deadline, "dovecot.log");
        awaitFile("Dovecot", dovecot, dir.resolve("dovecot").resolve("lmtp"), deadline, "dovecot.log");
        awaitFile("Dovecot", dovecot, dir.resolve("dovecot").resolve("auth-client"), deadline, "dovecot.log");
    }

    private void startPostfix() {
        Path etc = dir.resolve("postfix").resolve("etc");
        Path data = dir.resolve("postfix").resolve("data");
        try {
            Files.createDirectories(etc);
            Files.createDirectories(dir.resolve("postfix").resolve("queue"));
            Files.createDirectories(data);
            Files.setAttribute(data, "unix:uid", systemId("/etc/passwd", "postfix"));
            Files.writeString(etc.resolve("main.cf"), fill("""
                    # Written by RealMailServers (src/test/java/dev/postern/testing/mail) for one test run.
                    compatibility_level = 3.6
                    config_directory = {dir}/postfix/etc
                    queue_directory = {dir}/postfix/queue
                    data_directory = {dir}/postfix/data
                    maillog_file = {logs}/postfix.log
                    maillog_file_prefixes = {logs}
                    mail_owner = postfix
                    setgid_group = postdrop
                    myhostname = mail.{domain}
                    mydomain = {domain}
                    myorigin = {domain}
                    inet_interfaces = {host}
                    inet_protocols = ipv4
                    mynetworks = 127.0.0.0/8
                    biff = no
                    append_dot_mydomain = no
                    smtputf8_enable = yes
                    smtpd_peername_lookup = no

                    # Every user is virtual, in Dovecot. Mail for other domains is taken and dropped (as GreenMail
                    # takes any address), so that nothing leaves the machine.
                    mydestination =
                    local_recipient_maps =
                    alias_maps =
                    alias_database =
                    local_transport = error:local delivery is off in tests
                    virtual_mailbox_domains = {domain}
                    virtual_transport = lmtp:unix:{dir}/dovecot/lmtp
                    default_transport = discard:mail to other domains is dropped in tests
                    relay_transport = discard:mail to other domains is dropped in tests

                    # Submission: AUTH through Dovecot, in clear or after STARTTLS; no mail without it.
                    smtpd_sasl_type = dovecot
                    smtpd_sasl_path = {dir}/dovecot/auth-client
                    smtpd_sasl_auth_enable = yes
                    smtpd_tls_auth_only = no
                    smtpd_tls_security_level = may
                    smtpd_tls_chain_files = {dir}/tls/key.pem, {dir}/tls/cert.pem
                    smtpd_relay_restrictions = permit_sasl_authenticated, reject
                    smtpd_recipient_restrictions = permit_sasl_authenticated, reject
                    """));
            Files.writeString(etc.resolve("master.cf"), fill("""
                    # Written by RealMailServers: the submission listener and the services it needs, none chrooted.
                    {host}:{submission} inet n - n - - smtpd
                      -o syslog_name=postfix/submission
                    cleanup   unix  n       -       n       -       0       cleanup
                    qmgr      unix  n       -       n       300     1       qmgr
                    tlsmgr    unix  -       -       n       1000?   1       tlsmgr
                    rewrite   unix  -       -       n       -       -       trivial-rewrite
                    bounce    unix  -       -       n       -       0       bounce
                    defer     unix  -       -       n       -       0       bounce
                    trace     unix  -       -       n       -       0       bounce
                    verify    unix  -       -       n       -       1       verify
                    flush     unix  n       -       n       1000?   0       flush
                    proxymap  unix  -       -       n       -       -       proxymap
                    showq     unix  n       -       n       -       -       showq
                    error     unix  -       -       n       -       -       error
                    retry     unix  -       -       n       -       -       error
                    discard   unix  -       -       n       -       -       discard
                    lmtp      unix  -       -       n       -       -       lmtp
                    anvil     unix  -       -       n       -       1       anvil
                    scache    unix  -       -       n       -       1       scache
                    postlog   unix-dgram n  -       n       -       1       postlogd
                    """));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Postfix's configuration", e);
        }
        try {
            // Creates the queue directories with their owners, and checks the configuration. Without a terminal
            // Postfix reports only to its log, so a failure quotes that.
            Processes.run(COMMAND_TIMEOUT, "/usr/sbin/postfix", "-c", etc.toString(), "check");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + tail("postfix.log"), e);
        }
        postfix = Processes.start(logs.resolve("postfix.out"),
                List.of("/usr/lib/postfix/sbin/master", "-c", etc.toString(), "-s"));
        awaitGreeting("Postfix", postfix, ports.submission, "220 ", Instant.now().plus(START_TIMEOUT),
                "postfix.log");
    }

    private String fill(String template) {
        return template.replace("{dir}", dir.toString())
                .replace("{logs}", logs.toString())
                .replace("{instance}", dir.getFileName().toString())
                .replace("{host}", HOST)
                .replace("{domain}", DOMAIN)
                .replace("{uid}", Integer.toString(mailUid))
                .replace("{gid}", Integer.toString(mailGid))
                .replace("{imap}", Integer.toString(ports.imap))
                .replace("{imaps}", Integer.toString(ports.imaps))
                .replace("{pop3}", Integer.toString(ports.pop3))
                .replace("{submission}", Integer.toString(ports.submission));
    }

    private void awaitGreeting(String daemon, Process process, int port, String greeting, Instant deadline,
            String log) {
        while (true) {
            requireAlive(daemon, process, log);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 500);
                socket.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line = in.readLine();
                if (line != null && line.startsWith(greeting)) {
                    return;
                }
                throw new IllegalStateException(daemon + " greeted on port " + port + " with \"" + line
                        + "\" instead of \"" + greeting + "…\"\n" + tail(log));
            } catch (IOException notYet) {
                waitOrFail(daemon, port, deadline, log);
            }
        }
    }

    private void awaitListening(String daemon, Process process, int port, Instant deadline, String log) {
        while (true) {
            requireAlive(daemon, process, log);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 500);
                return;
            } catch (IOException notYet) {
                waitOrFail(daemon, port, deadline, log);
            }
        }
    }

    private void awaitFile(String daemon, Process process, Path file, Instant deadline, String log) {
        while (!Files.exists(file)) {
            requireAlive(daemon, process, log);
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(daemon + " did not create " + file + " within "
                        + START_TIMEOUT.toSeconds() + " s\n" + tail(log));
            }
            sleep(50);
        }
    }

    private void requireAlive(String daemon, Process process, String log) {
        if (!process.isAlive()) {
            String tail = tail(log);
            if (tail.contains("Address already in use")) {
                throw new PortTaken(daemon + " found a port taken\n" + tail);
            }
            throw new IllegalStateException(daemon + " ended at start (exit " + process.exitValue() + ")\n" + tail);
        }
    }

    private void waitOrFail(String daemon, int port, Instant deadline, String log) {
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(daemon + " did not answer on " + HOST + ":" + port + " within "
                    + START_TIMEOUT.toSeconds() + " s\n" + tail(log));
        }
        sleep(100);
    }

    /** The last lines of a daemon's log and of its own output, for failure messages. */
    private String tail(String log) {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of(log, log.replace(".log", ".out"))) {
            Path file = logs.resolve(name);
            if (Files.exists(file)) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    tail.append("--- last lines of ").append(file).append(":\n");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size())
                            .forEach(line -> tail.append(line).append('\n'));
                } catch (IOException e) {
                    tail.append("(could not read ").append(file).append(": ").append(e.getMessage()).append(")\n");
                }
            }
        }
        return tail.toString();
    }

    /**
     * Writes a user's passwd-file in one step, so that Dovecot never reads half of one. One file per user: Dovecot
     * looks at a passwd-file's modification time at most once a second, so a user added to a shared file could stay
     * unknown for up to a second, while a new file is read at its first lookup.
     */
    private void writeUserFile(String name, String line) throws IOException {
        Path next = dir.resolve("users").resolve("." + name + ".next");
        Files.writeString(next, line);
        // Dovecot's auth process reads it as the dovecot user; nobody else needs to.
        Files.setAttribute(next, "unix:gid", systemId("/etc/group", "dovecot"));
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r-----"));
        Files.move(next, dir.resolve("users").resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private Path home(String user) {
        return dir.resolve("mail").resolve(user);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the mail servers are closed");
        }
    }

    private synchronized void requireUser(String user) {
        requireOpen();
        if (!users.containsKey(user)) {
            throw new IllegalArgumentException("no mail user " + user + "; add it with addUser first");
        }
    }

    /** Dovecot's {@code {SSHA512}} scheme: base64 of SHA-512(password + salt) followed by the salt. */
    private static String ssha512(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(password.getBytes(StandardCharsets.UTF_8));
            sha512.update(salt);
            byte[] digest = sha512.digest();
            byte[] hashAndSalt = Arrays.copyOf(digest, digest.length + salt.length);
            System.arraycopy(salt, 0, hashAndSalt, digest.length, salt.length);
            return "{SSHA512}" + Base64.getEncoder().encodeToString(hashAndSalt);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("could not read the certificate openssl made at " + pem, e);
        }
    }

    private static void requireInstalled() {
        List<String> missing = BINARIES.stream().filter(binary -> !Files.isExecutable(binary))
                .map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The real mail servers are not installed (missing " + missing + "); "
                    + CI_HINT + ".");
        }
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("could not tell which user this JVM runs as", e);
        }
        if (uid != 0) {
            throw new IllegalStateException("The real mail servers need root (Postfix's master runs only as root, "
                    + "and Dovecot switches to the mail user); this JVM runs as uid " + uid + ". Run the system "
                    + "tests as root, as .ci/run does.");
        }
        for (String user : List.of("dovecot", "dovenull", "postfix", "mail")) {
            systemId("/etc/passwd", user);
        }
        systemId("/etc/group", "postdrop");
    }

    /** A user's or group's numeric id from {@code /etc/passwd} or {@code /etc/group}. */
    private static int systemId(String file, String name) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            Optional<Integer> id = lines.map(line -> line.split(":", -1))
                    .filter(fields -> fields.length > 2 && fields[0].equals(name))
                    .map(fields -> Integer.parseInt(fields[2]))
                    .findFirst();
            return id.orElseThrow(() -> new IllegalStateException("no '" + name + "' in " + file
                    + ": the Debian packages create it; " + CI_HINT + "."));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /**
     * Ends the daemons of earlier runs whose JVM is gone (killed before its shutdown hook ran) and removes their
     * directories, so that a crashed run leaves nothing running for long.
     */
    private static void reapAbandonedRuns() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path run : entries.filter(path -> path.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .toList()) {
                if (ownerAlive(run)) {
                    continue;
                }
                killByPidFile(run.resolve("postfix/queue/pid/master.pid"), "master");
                killByPidFile(run.resolve("dovecot/run/master.pid"), "dovecot");
                deleteTree(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for abandoned mail servers in " + tmp, e);
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

    private static void killByPidFile(Path pidFile, String command) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                    .ifPresent(process -> Processes.kill(process, STOP_GRACE));
        } catch (IOException | NumberFormatException notRunning) {
            // no pid file (or a half-written one): that daemon never ran or already ended
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that was never used does not fail in practice
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        // A child that was slow to die may still add a file while we walk: walk again once.
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
            throw new IllegalStateException("interrupted while waiting for the mail servers", e);
        }
    }
}
