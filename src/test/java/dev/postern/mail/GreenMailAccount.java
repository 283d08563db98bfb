package dev.postern.mail;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.postern.account.CurrentUser;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

/**
 * An in-process GreenMail (SMTP, IMAP, POP3 on fixed free loopback ports, so that it can be restarted in place) with
 * one mailbox, allowed by the upstream policy for as long as it runs.
 */
public final class GreenMailAccount implements AutoCloseable {

    public static final String ADDRESS = "alice@example.test";
    public static final String LOGIN = "alice";
    public static final String PASSWORD = "Alice-Mail-Pa55";

    public final int smtpPort;
    public final int imapPort;
    public final int pop3Port;
    private final UpstreamPolicy policy;
    private final CurrentUser admin;
    private final List<Long> rules = new ArrayList<>();
    public GreenMail greenMail;
    public GreenMailUser user;

    public GreenMailAccount(UpstreamPolicy policy, CurrentUser admin) throws Exception {
        this.policy = policy;
        this.admin = admin;
        smtpPort = freePort();
        imapPort = freePort();
        pop3Port = freePort();
        start();
        for (var entry : List.of(List.of(Protocol.SMTP, smtpPort), List.of(Protocol.IMAP, imapPort),
                List.of(Protocol.POP3, pop3Port))) {
            int port = (Integer) entry.get(1);
            rules.add(policy.addRule((Protocol) entry.get(0), "127.0.0.1", port, port, "GreenMail", admin).id());
        }
    }

    public void start() {
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
        user = greenMail.setUser(ADDRESS, LOGIN, PASSWORD);
    }

    /** Delivers {@code count} messages, oldest first: every tenth has a Korean subject, the 42nd a rare word. */
    public void deliverNumbered(int count) throws Exception {
        Session session = Session.getInstance(new java.util.Properties());
        Instant start = Instant.parse("2026-01-01T09:00:00Z");
        for (int i = 1; i <= count; i++) {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("sender" + (i % 7) + "@example.test",
                    i % 2 == 0 ? "보낸 사람 " + i : "Sender " + i, "UTF-8"));
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, ADDRESS);
            message.setSubject((i % 10 == 0 ? "분기 보고서 " : "Message ") + i, "UTF-8");
            message.setSentDate(Date.from(start.plusSeconds(3600L * i)));
            message.setText("Body of message " + i + (i == 42 ? " with the word kumquat" : ""), "UTF-8");
            user.deliver(message);
        }
    }

    public void deliver(MimeMessage message) {
        user.deliver(message);
    }

    public ConnectionDraft connection(RetrievalProtocol retrieval) {
        return connection(retrieval, PASSWORD);
    }

    public ConnectionDraft connection(RetrievalProtocol retrieval, String password) {
        return new ConnectionDraft(ConnectionKind.MAIL, retrieval.name(), "127.0.0.1",
                retrieval == RetrievalProtocol.IMAP ? imapPort : pop3Port, Security.NONE, LOGIN, password, false,
                new ConnectionOptions.Mail(retrieval, "127.0.0.1", smtpPort, Security.NONE, true, "Alice", ADDRESS));
    }

    @Override
    public void close() {
        rules.forEach(id -> policy.removeRule(id, admin));
        greenMail.stop();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
