package dev.postern.mail.internal.mime;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;

/**
 * Which parts of a message are its bodies and which are files, decided from the structure alone (content types,
 * dispositions, names): no part's content is read here, so over IMAP nothing but the BODYSTRUCTURE is needed.
 *
 * <ul>
 * <li>multipart/alternative: the last text/plain and the last text/html alternative (RFC 2046 orders them from plain
 * to rich), looking into nested multiparts; alternatives of other types (text/calendar) are listed as files.</li>
 * <li>multipart/related: the root (the {@code start} parameter, else the first part) is the body; the other parts are
 * inline parts when they have a Content-ID, files otherwise.</li>
 * <li>multipart/mixed and any subtype we do not know: the first text part or alternative is the body; later text
 * parts of the same kind are appended to it (mailing-list footers, Apple Mail's html-image-html), the rest are
 * files.</li>
 * <li>A text part with {@code Content-Disposition: attachment} or a file name is a file; so is every attached message
 * (message/rfc822).</li>
 * </ul>
 */
final class MessageStructure {

    /** Deeper nesting than any client writes; a message that nests further is listed, not walked. */
    private static final int MAX_DEPTH = 24;

    final List<PartInfo> texts = new ArrayList<>();
    final List<PartInfo> htmls = new ArrayList<>();
    final List<PartInfo> attachments = new ArrayList<>();
    final List<PartInfo> inline = new ArrayList<>();
    /** A multipart could not be read and its raw content stands in for it. */
    boolean unstructured;
    /** A multipart ended without its closing boundary: the message was cut off somewhere. */
    boolean incomplete;

    private final Charset hint;

    private MessageStructure(Charset hint) {
        this.hint = hint;
    }

    static MessageStructure of(Part message, Charset hint) throws MessagingException {
        MessageStructure structure = new MessageStructure(hint);
        structure.walk(message, "", 0);
        return structure;
    }

    /** The charset of the first text part that names one: the best guess for raw 8-bit bytes in headers. */
    static Charset firstTextCharset(Part part, int depth) throws MessagingException {
        String type = PartInfo.quietly(part::getContentType);
        MimeHeader contentType = MimeHeader.parse(type, null);
        if (contentType.value().startsWith("text/")) {
            return MimeCharsets.forLabel(contentType.param("charset"));
        }
        if (contentType.value().startsWith("multipart/") && depth < MAX_DEPTH) {
            Multipart multipart = multipart(part);
            int count = multipart == null ? 0 : count(multipart);
            for (int i = 0; i < count; i++) {
                Charset charset = firstTextCharset(multipart.getBodyPart(i), depth + 1);
                if (charset != null) {
                    return charset;
                }
            }
        }
        return null;
    }

    private void walk(Part part, String partId, int depth) throws MessagingException {
        // IMAP numbers the body of a single-part message 1, and the parts of a top-level multipart 1, 2, ...
        PartInfo info = PartInfo.describe(part, partId.isEmpty() ? "1" : partId, hint);
        if (!info.isMultipart() || depth > MAX_DEPTH) {
            leaf(info);
            return;
        }
        Multipart multipart = multipart(part);
        int count = multipart == null ? -1 : count(multipart);
        if (count <= 0) {
            unstructured = true;
            addBody(List.of(info.asUnstructuredText()), List.of());
            return;
        }
        if (multipart instanceof MimeMultipart mime && !complete(mime)) {
            incomplete = true;
        }
        switch (info.type()) {
            case "multipart/alternative" -> alternative(multipart, count, partId, depth);
            case "multipart/related" -> related(multipart, count, partId, info, depth);
            default -> {
                for (int i = 0; i < count; i++) {
                    walk(multipart.getBodyPart(i), child(partId, i), depth + 1);
                }
            }
        }
    }

    private void leaf(PartInfo info) {
        if (!info.isBodyText()) {
            attachments.add(info);
        } else if (info.isHtml()) {
            addBody(List.of(), List.of(info));
        } else {
            addBody(List.of(info), List.of());
        }
    }

    /**
     * The first body found is the body; a later one adds to the kind the body already has (a footer), and becomes a
     * file when the body has no text of its kind.
     */
    private void addBody(List<PartInfo> newTexts, List<PartInfo> newHtmls) {
        if (texts.isEmpty() && htmls.isEmpty()) {
            texts.addAll(newTexts);
            htmls.addAll(newHtmls);
            return;
        }
        (texts.isEmpty() ? attachments : texts).addAll(newTexts);
        (htmls.isEmpty() ? attachments : htmls).addAll(newHtmls);
    }

    private void alternative(Multipart multipart, int count, String partId, int depth) throws MessagingException {
        List<MessageStructure> alternatives = new ArrayList<>();
        MessageStructure bestText = null;
        MessageStructure bestHtml = null;
        for (int i = 0; i < count; i++) {
            MessageStructure alternative = new MessageStructure(hint);
            alternative.walk(multipart.getBodyPart(i), child(partId, i), depth + 1);
            alternatives.add(alternative);
            if (!alternative.texts.isEmpty()) {
                bestText = alternative;
            }
            if (!alternative.htmls.isEmpty()) {
                bestHtml = alternative;
            }
        }
        addBody(bestText == null ? List.of() : bestText.texts, bestHtml == null ? List.of() : bestHtml.htmls);
        for (MessageStructure alternative : alternatives) {
            boolean chosen = alternative == bestText || alternative == bestHtml;
            boolean noBody = alternative.texts.isEmpty() && alternative.htmls.isEmpty();
            // the files of an alternative that was not chosen belong to a rendering nobody sees
            if (chosen || noBody) {
                attachments.addAll(alternative.attachments);
                inline.addAll(alternative.inline);
            }
            unstructured |= alternative.unstructured;
            incomplete |= alternative.incomplete;
        }
    }

    private void related(Multipart multipart, int count, String partId, PartInfo info, int depth)
            throws MessagingException {
        int root = rootIndex(multipart, count, info.contentType().param("start"));
        MessageStructure body = new MessageStructure(hint);
        body.walk(multipart.getBodyPart(root), child(partId, root), depth + 1);
        addBody(body.texts, body.htmls);
        attachments.addAll(body.attachments);
        inline.addAll(body.inline);
        unstructured |= body.unstructured;
        incomplete |= body.incomplete;
        for (int i = 0; i < count; i++) {
            if (i == root) {
                continue;
            }
            MessageStructure related = new MessageStructure(hint);
            related.walk(multipart.getBodyPart(i), child(partId, i), depth + 1);
            List<PartInfo> parts = new ArrayList<>(related.texts);
            parts.addAll(related.htmls);
            parts.addAll(related.attachments);
            parts.addAll(related.inline);
            for (PartInfo part : parts) {
                (part.contentId() != null ? inline : attachments).add(part);
            }
            unstructured |= related.unstructured;
            incomplete |= related.incomplete;
        }
    }

    private int rootIndex(Multipart multipart, int count, String start) throws MessagingException {
        if (start == null || start.isBlank()) {
            return 0;
        }
        String wanted = start.strip().replaceAll("^<|>$", "");
        for (int i = 0; i < count; i++) {
            PartInfo candidate = PartInfo.describe(multipart.getBodyPart(i), "0", hint);
            if (wanted.equalsIgnoreCase(candidate.contentId())) {
                return i;
            }
        }
        return 0;
    }

    static String child(String partId, int index) {
        return partId.isEmpty() ? Integer.toString(index + 1) : partId + "." + (index + 1);
    }

    /** The part's multipart content, or null when it cannot be parsed. */
    static Multipart multipart(Part part) throws MessagingException {
        try {
            return part.getContent() instanceof Multipart multipart ? multipart : null;
        } catch (MessagingException | java.io.IOException | RuntimeException broken) {
            Streams.rethrowIfConnectionLost(broken);
            return null;
        }
    }

    /** The number of parts, or -1 when the multipart cannot be parsed (no boundary found at all). */
    static int count(Multipart multipart) throws MessagingException {
        try {
            return multipart.getCount();
        } catch (MessagingException | RuntimeException broken) {
            Streams.rethrowIfConnectionLost(broken);
            return -1;
        }
    }

    private static boolean complete(MimeMultipart multipart) throws MessagingException {
        try {
            return multipart.isComplete();
        } catch (MessagingException | RuntimeException broken) {
            Streams.rethrowIfConnectionLost(broken);
            return false;
        }
    }
}
