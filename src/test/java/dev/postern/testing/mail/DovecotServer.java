package dev.postern.testing.mail;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dovecot (IMAP, IMAPS, POP3) with Postfix (submission) as a {@link MailServer}, over {@link RealMailServers}; for
 * system tests. Every user has Drafts, Sent, Trash, Junk and Archive with their special-use attributes.
 */
public final class DovecotServer implements MailServer {

    private static final Map<String, String> SPECIAL_USE;

    static {
        Map<String, String> folders = new LinkedHashMap<>();
        folders.put("Drafts", "\\Drafts");
        folders.put("Sent", "\\Sent");
        folders.put("Trash", "\\Trash");
        folders.put("Junk", "\\Junk");
        folders.put("Archive", "\\Archive");
        SPECIAL_USE = Collections.unmodifiableMap(folders);
    }

    private final RealMailServers servers;
    private final boolean owned;

    private DovecotServer(RealMailServers servers, boolean owned) {
        this.servers = servers;
        this.owned = owned;
    }

    /** Starts its own Dovecot and Postfix, stopped by {@link #close()}. */
    public static DovecotServer start() {
        return new DovecotServer(RealMailServers.start(), true);
    }

    /** The JVM's shared Dovecot and Postfix ({@link RealMailServers#shared()}); {@link #close()} leaves them running. */
    public static DovecotServer shared() {
        return new DovecotServer(RealMailServers.shared(), false);
    }

    /** The daemons underneath, for what this interface does not cover ({@code doveadm}, the Maildirs, logs). */
    public RealMailServers servers() {
        return servers;
    }

    @Override
    public String host() {
        return servers.host();
    }

    @Override
    public int imapPort() {
        return servers.imapPort();
    }

    @Override
    public int imapsPort() {
        return servers.imapsPort();
    }

    @Override
    public int pop3Port() {
        return servers.pop3Port();
    }

    @Override
    public int submissionPort() {
        return servers.submissionPort();
    }

    @Override
    public String domain() {
        return servers.domain();
    }

    @Override
    public X509Certificate certificate() {
        return servers.certificate();
    }

    @Override
    public Map<String, String> specialUseFolders() {
        return SPECIAL_USE;
    }

    @Override
    public MailUser addUser(String name, String password) {
        return servers.addUser(name, password);
    }

    @Override
    public List<MailUser> users() {
        return servers.users();
    }

    @Override
    public void deliver(String user, String folder, byte[] rfc822) {
        servers.save(user, folder, rfc822);
    }

    @Override
    public void folder(String user, String name) {
        servers.createFolder(user, name);
    }

    @Override
    public List<byte[]> messages(String user, String folder) {
        return servers.messages(user, folder);
    }

    /**
     * Adds {@code count} generated messages ({@link MailboxSeeder}) to the user's INBOX by writing Maildir files, then
     * has Dovecot pick them up ({@code doveadm force-resync}) and index them ({@code doveadm index}), so that the
     * first IMAP client does not pay for it. Returns the sizes and how long each half took.
     */
    public MailboxSeeder.Result seedInbox(String user, int count, long seed) {
        if (servers.users().stream().noneMatch(known -> known.name().equals(user))) {
            throw new IllegalArgumentException("no mail user " + user + "; add it with addUser first");
        }
        MailboxSeeder.Result written = new MailboxSeeder(seed, user + "@" + domain())
                .writeMaildir(servers.maildir(user), count, servers.mailUid(), servers.mailGid());
        Instant indexing = Instant.now();
        // Dovecot reads headers of every new file here; allow generously for a slow disk.
        Duration timeout = Duration.ofSeconds(120).plusMillis(20L * count);
        servers.doveadm(timeout, null, "force-resync", "-u", user, "INBOX");
        servers.doveadm(timeout, null, "index", "-u", user, "INBOX");
        return new MailboxSeeder.Result(written.messages(), written.bytes(), written.withAttachments(),
                written.writing(), Duration.between(indexing, Instant.now()));
    }

    @Override
    public void close() {
        if (owned) {
            servers.close();
        }
    }

    @Override
    public String toString() {
        return servers.toString();
    }
}
