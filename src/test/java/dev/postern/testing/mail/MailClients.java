package dev.postern.testing.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Plain Angus Mail clients of a {@link MailServer}, with time limits on every connect, read and write: what tests of
 * the fixtures (and later tests that need to look at a mailbox from outside the product) use.
 */
public final class MailClients {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private MailClients() {
    }

    /** IMAP in plain text, logged in. */
    public static Store imap(MailServer server, MailUser user) throws MessagingException {
        return connect("imap", server.imapPort(), server, user, properties("imap", server.imapPort()));
    }

    /** IMAP after STARTTLS (required), trusting only {@code trusted}, or the JVM's default trust when it is null. */
    public static Store imapStartTls(MailServer server, MailUser user, X509Certificate trusted)
            throws MessagingException {
        Properties properties = properties("imap", server.imapPort());
        properties.put("mail.imap.starttls.enable", "true");
        properties.put("mail.imap.starttls.required", "true");
        trust(properties, "imap", trusted, true);
        return connect("imap", server.imapPort(), server, user, properties);
    }

    /**
     * IMAP over implicit TLS, trusting only {@code trusted}, or the JVM's default trust when it is null. With
     * {@code checkHost} the certificate must also name the host (Dovecot's does, GreenMail's does not).
     */
    public static Store imaps(MailServer server, MailUser user, X509Certificate trusted, boolean checkHost)
            throws MessagingException {
        Properties properties = properties("imaps", server.imapsPort());
        trust(properties, "imaps", trusted, checkHost);
        return connect("imaps", server.imapsPort(), server, user, properties);
    }

    /** POP3 in plain text, logged in. */
    public static Store pop3(MailServer server, MailUser user) throws MessagingException {
        return connect("pop3", server.pop3Port(), server, user, properties("pop3", server.pop3Port()));
    }

    /** Sends a message over SMTP on the submission port, with AUTH as {@code user}, to the message's recipients. */
    public static void submit(MailServer server, MailUser user, byte[] rfc822) throws MessagingException {
        submit(server, user, rfc822, null);
    }

    /** As {@link #submit(MailServer, MailUser, byte[])}, after STARTTLS (required) trusting {@code trusted}. */
    public static void submit(MailServer server, MailUser user, byte[] rfc822, X509Certificate trusted)
            throws MessagingException {
        Properties properties = properties("smtp", server.submissionPort());
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.localhost", "client.postern.test");
        if (trusted != null) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
            trust(properties, "smtp", trusted, true);
        }
        Session session = Session.getInstance(properties);
        MimeMessage message = parse(session, rfc822);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(server.host(), server.submissionPort(), user.name(), user.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** A plain-text UTF-8 message with a fresh Message-ID, as bytes. */
    public static byte[] textMessage(String from, String to, String subject, String body) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(from));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            message.setSubject(subject, "UTF-8");
            message.setSentDate(new Date());
            message.setText(body, "UTF-8");
            message.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("could not build a test message", e);
        }
    }

    public static MimeMessage parse(byte[] rfc822) {
        return parse(Session.getInstance(new Properties()), rfc822);
    }

    private static MimeMessage parse(Session session, byte[] rfc822) {
        try {
            return new MimeMessage(session, new ByteArrayInputStream(rfc822));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a message", e);
        }
    }

    private static Store connect(String protocol, int port, MailServer server, MailUser user, Properties properties)
            throws MessagingException {
        Store store = Session.getInstance(properties).getStore(protocol);
        store.connect(server.host(), port, user.name(), user.password());
        return store;
    }

    private static Properties properties(String protocol, int port) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "port", Integer.toString(port));
        String millis = Long.toString(TIMEOUT.toMillis());
        properties.put(prefix + "connectiontimeout", millis);
        properties.put(prefix + "timeout", millis);
        properties.put(prefix + "writetimeout", millis);
        return properties;
    }

    private static void trust(Properties properties, String protocol, X509Certificate trusted, boolean checkHost) {
        String prefix = "mail." + protocol + ".ssl.";
        properties.put(prefix + "checkserveridentity", Boolean.toString(checkHost));
        if (trusted != null) {
            properties.put(prefix + "socketFactory", trusting(trusted));
        }
    }

    /** TLS sockets that trust exactly this certificate and nothing else. */
    public static SSLSocketFactory trusting(X509Certificate certificate) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("server", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not trust the test certificate", e);
        }
    }
}
