package dev.postern.mail.internal;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;
import dev.postern.mail.internal.html.MailHtml;
import dev.postern.mail.internal.mime.MessageReader;
import dev.postern.mail.internal.mime.Replies;

/** A draft saved earlier, opened again to carry on writing it. */
public final class Drafts {

    private Drafts() {
    }

    public static Draft open(Retrieval retrieval, String folder, String id, int maxBodyChars, MailAddress from,
                             Replies.PartSource parts) throws MessagingException {
        Message message = retrieval.message(folder, id);
        MessageContent content = MessageReader.read(message, maxBodyChars);
        List<MailAddress> bcc = new ArrayList<>();
        Address[] bccHeader = message.getRecipients(Message.RecipientType.BCC);
        if (bccHeader != null) {
            for (Address address : bccHeader) {
                if (address instanceof InternetAddress internet) {
                    bcc.add(new MailAddress(internet.getPersonal(), internet.getAddress()));
                }
            }
        }
        List<DraftAttachment> attachments = new ArrayList<>();
        for (AttachmentInfo attachment : content.attachments()) {
            attachments.add(new DraftAttachment(attachment.filename(), attachment.contentType(), -1,
                    () -> parts.open(attachment.partId())));
        }
        String text = content.text() != null ? content.text()
                : content.html() != null ? MailHtml.toText(content.html()) : "";
        return new Draft(from, content.headers().to(), content.headers().cc(), bcc, content.headers().subject(), text,
                content.html(), attachments, content.headers().inReplyTo(), content.headers().references());
    }
}
