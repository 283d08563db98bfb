package dev.postern.mail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.stereotype.Component;

import dev.postern.account.CurrentUser;
import dev.postern.mail.Draft;
import dev.postern.mail.FolderRole;
import dev.postern.mail.MailUnavailable;
import dev.postern.mail.internal.mime.MessageBuilder;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.ResolvedConnection;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamProperties;

/**
 * Sending over SMTP submission and keeping copies in Sent and Drafts. The message is built once and written out as
 * often as needed (to count its size, to the server, to Sent); attachments stream from where they are kept each time.
 */
@Component
public class Sending {

    private final UpstreamPolicy policy;
    private final UpstreamProperties upstream;

    Sending(UpstreamPolicy policy, UpstreamProperties upstream) {
        this.policy = policy;
        this.upstream = upstream;
    }

    /** What the SMTP server said when it refused. */
    public static final class Refused extends Exception {
        public Refused(String reply, Throwable cause) {
            super(reply, cause);
        }
    }

    /** A message built from a draft, ready to be written out as often as needed. */
    public record Prepared(MimeMessage message, long size, String messageId) {
    }

    /** Builds the message and measures it (written once to a counter; attachments stream, nothing is buffered). */
    public Prepared prepare(Draft draft) {
        String domain = domainOf(draft.from().address());
        MimeMessage message = MessageBuilder.build(Session.getInstance(new Properties()), draft, domain);
        try {
            return new Prepared(message, size(message), message.getMessageID());
        } catch (MessagingException e) {
            throw new MailUnavailable(dev.postern.upstream.UpstreamStatus.PROTOCOL_ERROR, e.getMessage(), e);
        }
    }

    public String keepSent(Retrieval retrieval, Prepared prepared) throws MessagingException {
        return keep(retrieval, FolderRole.SENT, prepared.message(), new Flags(Flags.Flag.SEEN));
    }

    public String keepDraft(Retrieval retrieval, Prepared prepared) throws MessagingException {
        return keep(retrieval, FolderRole.DRAFTS, prepared.message(), new Flags(Flags.Flag.DRAFT));
    }

    /** Sends the message to every To, Cc and Bcc recipient; the Bcc header itself is not sent. */
    public void send(ResolvedConnection connection, CurrentUser user, Prepared prepared) throws Refused {
        MimeMessage message = prepared.message();
        ConnectionProfile profile = connection.profile();
        ConnectionOptions.Mail mail = profile.mail();
        boolean authenticate = mail.smtpAuth() && connection.password() != null;
        Properties props = AngusSessions.properties("smtp", mail.smtpSecurity(), policy.sockets(Protocol.SMTP, user),
                upstream.connectTimeout(), upstream.readTimeout());
        props.setProperty("mail.smtp.auth", Boolean.toString(authenticate));
        // A refused recipient fails the whole message, so that the user can fix it rather than half-send.
        props.setProperty("mail.smtp.sendpartial", "false");
        props.setProperty("mail.smtp.from", mail.address());
        Session session = Session.getInstance(props);
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(mail.smtpHost(), mail.smtpPort(), authenticate ? profile.username() : null,
                    authenticate ? connection.password() : null);
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients);
        } catch (SendFailedException refused) {
            throw new Refused(reply(refused), refused);
        } catch (MessagingException failure) {
            if (failure instanceof jakarta.mail.AuthenticationFailedException
                    || dev.postern.upstream.UpstreamStatus.classify(failure) != null) {
                // Not the message's fault: the server could not be reached or would not let us in.
                throw new MailUnavailable(MailFailures.classify(failure, true, mail.smtpSecurity()),
                        MailFailures.describe(failure), failure);
            }
            throw new Refused(reply(failure), failure);
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException ignored) {
                    // The message was sent or refused already.
                }
            }
        }
    }

    /** Puts a copy in the folder with that role (creating "Sent" or "Drafts" when the mailbox has none); its UID. */
    private String keep(Retrieval retrieval, FolderRole role, MimeMessage message, Flags flags) throws MessagingException {
        if (!(retrieval instanceof ImapRetrieval imap)) {
            return null;
        }
        String folder = imap.folders().stream().filter(f -> f.role() == role).map(dev.postern.mail.Folder::fullName)
                .findFirst().orElse(null);
        if (folder == null) {
            folder = role == FolderRole.SENT ? "Sent" : "Drafts";
            imap.createFolder(folder);
        }
        Long uid = imap.append(folder, message, flags);
        return uid == null ? null : Long.toString(uid);
    }

    public static String folderOf(Retrieval retrieval, FolderRole role) throws MessagingException {
        return retrieval.folders().stream().filter(f -> f.role() == role).map(dev.postern.mail.Folder::fullName)
                .findFirst().orElse(null);
    }

    /** Deletes drafts, each if it is still there (another window may have sent or replaced it meanwhile). */
    public static void deleteDrafts(Retrieval retrieval, List<String> ids) throws MessagingException {
        String drafts = ids.isEmpty() ? null : folderOf(retrieval, FolderRole.DRAFTS);
        if (drafts == null) {
            return;
        }
        for (String id : ids) {
            try {
                retrieval.delete(drafts, List.of(id), null);
            } catch (dev.postern.mail.MessageNotFound gone) {
                // Already gone.
            }
        }
    }

    static long size(MimeMessage message) throws MessagingException {
        Counting counting = new Counting();
        try {
            message.writeTo(counting, new String[]{"Bcc"});
        } catch (IOException e) {
            throw new MessagingException("Could not write the message", e);
        }
        return counting.count;
    }

    static String reply(MessagingException failure) {
        for (Throwable t = failure; t != null; t = t instanceof MessagingException m ? m.getNextException() : null) {
            if (t instanceof SMTPAddressFailedException address) {
                return address.getMessage();
            }
            if (t instanceof SMTPSendFailedException send) {
                return send.getMessage();
            }
        }
        return MailFailures.describe(failure);
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        return domain.matches("^[a-z0-9.-]+\\.[a-z0-9-]+$") ? domain : "postern.invalid";
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
