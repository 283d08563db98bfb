package dev.postern.mail;

import java.time.Instant;
import java.util.List;

/**
 * One row of a message list: only what the envelope, flags, size and structure tell, never the body.
 *
 * @param id the message's id within its folder: the IMAP UID, or the POP3 UIDL
 */
public record MessageSummary(String id, String subject, List<MailAddress> from, List<MailAddress> to, Instant date,
                             long size, MessageFlags flags, boolean hasAttachments) {

    public MessageSummary {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    public String sender() {
        return from.isEmpty() ? "" : from.getFirst().label();
    }
}
