package dev.postern.mail.internal;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.stereotype.Component;

import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProbe;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.ProbeStep;
import dev.postern.upstream.ProbeTarget;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamStatus;
import jakarta.mail.MessagingException;
import jakarta.mail.Service;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;

/**
 * Tests a mail connection in two steps, the way web-mail will use it: the retrieval server (IMAP or POP3) and the
 * submission server (SMTP). Each step connects with the configured security, reads the greeting and capabilities,
 * logs in (SMTP only when the connection authenticates to it) and records the conversation from Angus Mail's trace.
 */
@Component
class MailConnectionProbe implements ConnectionProbe {

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MAIL;
    }

    @Override
    public ProbeReport probe(ProbeTarget target) {
        return new ProbeReport(List.of(retrieval(target), submission(target)));
    }

    private ProbeStep retrieval(ProbeTarget target) {
        ConnectionProfile profile = target.profile();
        RetrievalProtocol retrieval = profile.mail().retrieval();
        String protocol = retrieval == RetrievalProtocol.IMAP ? "imap" : "pop3";
        String label = retrieval.name();
        String endpoint = profile.host() + ":" + profile.port();
        Transcript transcript = new Transcript(profile.username(), target.password());
        long started = System.nanoTime();
        if (target.password() == null) {
            // Angus's stores do not even connect without a password, and mail connections always have one stored.
            transcript.note("No password is stored for this connection: nothing was sent");
            return new ProbeStep(label, endpoint, UpstreamStatus.AUTH_FAILED, null, List.of(),
                    "No password is stored for this connection", false, transcript.lines(), since(started));
        }
        MailTrace trace = new MailTrace(retrieval == RetrievalProtocol.IMAP ? MailTrace.Dialect.IMAP
                : MailTrace.Dialect.POP3, transcript);
        Session session = session(properties(protocol, profile.security(), retrieval.protocol(), target), trace);
        transcript.note("Connecting to " + endpoint + security(profile.security()));
        UpstreamStatus status = UpstreamStatus.OK;
        String detail = null;
        boolean loggedIn = false;
        Store store = null;
        try {
            store = session.getStore(protocol);
            store.connect(profile.host(), profile.port(), profile.username(), target.password());
            loggedIn = true;
            transcript.note("Logged in as " + profile.username());
            if (store.getFolder("INBOX") instanceof IMAPFolder inbox) {
                // Servers often announce more once logged in; ask again so that the report shows what a session gets.
                inbox.doCommand(imap -> {
                    imap.capability();
                    return null;
                });
            }
        } catch (MessagingException failure) {
            status = classify(failure, trace, profile.security());
            detail = describe(failure);
        } finally {
            close(store);
        }
        return new ProbeStep(label, endpoint, status, trace.greeting(), trace.capabilities(), detail, loggedIn,
                transcript.lines(), since(started));
    }

    private ProbeStep submission(ProbeTarget target) {
        ConnectionProfile profile = target.profile();
        ConnectionOptions.Mail mail = profile.mail();
        String endpoint = mail.smtpHost() + ":" + mail.smtpPort();
        Transcript transcript = new Transcript(profile.username(), target.password());
        MailTrace trace = new MailTrace(MailTrace.Dialect.SMTP, transcript);
        long started = System.nanoTime();
        boolean authenticate = mail.smtpAuth() && target.password() != null;
        Properties props = properties("smtp", mail.smtpSecurity(), Protocol.SMTP, target);
        props.setProperty("mail.smtp.auth", Boolean.toString(authenticate));
        Session session = session(props, trace);
        if (mail.smtpAuth() && !authenticate) {
            transcript.note("No password is stored for this connection: connecting without logging in");
        }
        transcript.note("Connecting to " + endpoint + security(mail.smtpSecurity()));
        UpstreamStatus status = UpstreamStatus.OK;
        String detail = null;
        boolean loggedIn = false;
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(mail.smtpHost(), mail.smtpPort(), authenticate ? profile.username() : null,
                    authenticate ? target.password() : null);
            if (authenticate && transport instanceof SMTPTransport smtp && !offersAuthentication(smtp)) {
                // Angus connects without logging in when the server names no AUTH mechanism; that is no success.
                status = UpstreamStatus.SERVER_SAID_NO;
                detail = "The server offers no way to log in (no AUTH in its EHLO answer)";
            } else if (authenticate) {
                loggedIn = true;
                transcript.note("Logged in as " + profile.username());
            }
        } catch (MessagingException failure) {
            status = classify(failure, trace, mail.smtpSecurity());
            detail = describe(failure);
        } finally {
            close(transport);
        }
        return new ProbeStep("SMTP", endpoint, status, trace.greeting(), trace.capabilities(), detail, loggedIn,
                transcript.lines(), since(started));
    }

    private static Properties properties(String protocol, Security security, Protocol policyProtocol,
                                         ProbeTarget target) {
        return AngusSessions.properties(protocol, security, target.sockets().forProtocol(policyProtocol),
                target.connectTimeout(), target.readTimeout());
    }

    private static Session session(Properties props, MailTrace trace) {
        Session session = Session.getInstance(props);
        session.setDebugOut(trace.printStream());
        session.setDebug(true);
        return session;
    }

    private static boolean offersAuthentication(SMTPTransport smtp) {
        return smtp.supportsExtension("AUTH") || smtp.supportsExtension("AUTH=LOGIN");
    }

    static UpstreamStatus classify(MessagingException failure, MailTrace trace, Security security) {
        return MailFailures.classify(failure, trace.authenticationReached(), security);
    }

    static String describe(Throwable failure) {
        return MailFailures.describe(failure);
    }

    private static String security(Security security) {
        return switch (security) {
            case NONE -> " (plain text)";
            case STARTTLS -> " (STARTTLS required)";
            case TLS -> " (TLS)";
        };
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void close(Service service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (MessagingException ignored) {
            // The test's outcome is already known; a failing LOGOUT or QUIT changes nothing.
        }
    }
}
