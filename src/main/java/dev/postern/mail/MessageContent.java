package dev.postern.mail;

import java.util.List;

/**
 * What a reader needs to show a message: its headers, its bodies and the list of its other parts. Attachments are
 * listed, never loaded; bodies are decoded to text.
 *
 * @param text the text/plain body, or null when the message has none
 * @param html the text/html body exactly as sent (not yet sanitised), or null when the message has none
 * @param truncated whether a body was cut at the reader's size limit
 * @param attachments parts to download, in message order
 * @param inlineParts parts referenced from the HTML body by {@code cid:}
 */
public record MessageContent(MessageHeaders headers, String text, String html, boolean truncated,
                             List<AttachmentInfo> attachments, List<AttachmentInfo> inlineParts) {

    public MessageContent {
        attachments = List.copyOf(attachments);
        inlineParts = List.copyOf(inlineParts);
    }
}
