package dev.postern.mail;

import java.time.Instant;
import java.util.List;

/**
 * The headers of a message, decoded for display (RFC 2047 words in any charset, including EUC-KR and CP949).
 *
 * @param date the Date header; when it is missing or malformed the server's internal date (IMAP), else the time in the
 *             first Received header (POP3); null when none of them is known
 * @param messageId the Message-ID with its angle brackets, or null
 * @param inReplyTo the In-Reply-To message id with angle brackets, or null
 * @param references the References ids, oldest first
 */
public record MessageHeaders(String subject, List<MailAddress> from, List<MailAddress> to, List<MailAddress> cc,
                             List<MailAddress> replyTo, Instant date, String messageId, String inReplyTo,
                             List<String> references) {

    public MessageHeaders {
        subject = subject == null ? "" : subject;
        from = List.copyOf(from);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        references = List.copyOf(references);
    }
}
