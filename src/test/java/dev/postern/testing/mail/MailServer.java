package dev.postern.testing.mail;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A mail server for tests, on loopback: IMAP, IMAP over implicit TLS, POP3 and SMTP submission with AUTH, users, and
 * ways to put mail into a mailbox and to see what arrived without going through those protocols. Protocol tests are
 * written once against this (as {@link MailServerContract} is) and run against {@link GreenMailServer} (in-process,
 * the default run) and {@link DovecotServer} (Dovecot and Postfix, system tests).
 */
public interface MailServer extends AutoCloseable {

    /** {@code 127.0.0.1}. */
    String host();

    int imapPort();

    /** IMAP over implicit TLS, presenting {@link #certificate()}. */
    int imapsPort();

    int pop3Port();

    /** SMTP that takes AUTH PLAIN and LOGIN from the users here and delivers to their INBOX. */
    int submissionPort();

    /** The domain of every user's address. */
    String domain();

    /**
     * The self-signed certificate of the TLS ports: a client with the JVM's default trust refuses it. Dovecot's names
     * {@code 127.0.0.1} and {@code localhost}; GreenMail's built-in one names no host.
     */
    X509Certificate certificate();

    /** Folders that every user has from the start, by name, with their special-use attribute (RFC 6154). */
    Map<String, String> specialUseFolders();

    /** Adds a user whose address is {@code name@}{@link #domain()}, with an empty INBOX. */
    MailUser addUser(String name, String password);

    List<MailUser> users();

    /** Puts a message (RFC 5322 bytes) straight into the user's INBOX. */
    default void deliver(String user, byte[] rfc822) {
        deliver(user, "INBOX", rfc822);
    }

    /** Puts a message straight into one of the user's folders, which must exist. */
    void deliver(String user, String folder, byte[] rfc822);

    /** Creates a folder (and subscribes to it) unless it exists. */
    void folder(String user, String name);

    /** The messages in a user's folder as the server stores them, oldest first. */
    List<byte[]> messages(String user, String folder);

    /** Stops the server; idempotent. */
    @Override
    void close();
}
