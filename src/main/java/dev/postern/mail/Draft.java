package dev.postern.mail;

import java.util.List;

/**
 * A message being written: what compose, reply, forward and drafts work on, and what is sent.
 *
 * @param html the rich-text body, or null for a plain-text message (sent as multipart/alternative with {@code text})
 * @param inReplyTo the Message-ID this answers, or null
 * @param references the References chain to send, oldest first
 */
public record Draft(MailAddress from, List<MailAddress> to, List<MailAddress> cc, List<MailAddress> bcc,
                    String subject, String text, String html, List<DraftAttachment> attachments, String inReplyTo,
                    List<String> references) {

    public Draft {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        attachments = List.copyOf(attachments);
        references = List.copyOf(references);
        subject = subject == null ? "" : subject;
        text = text == null ? "" : text;
    }

    public int recipientCount() {
        return to.size() + cc.size() + bcc.size();
    }

    @Override
    public String toString() {
        return "Draft[" + recipientCount() + " recipients, " + attachments.size() + " attachments]";
    }
}
