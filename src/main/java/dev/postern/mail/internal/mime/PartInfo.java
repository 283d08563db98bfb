package dev.postern.mail.internal.mime;

import java.nio.charset.Charset;
import java.util.Locale;

import org.eclipse.angus.mail.imap.IMAPBodyPart;
import org.eclipse.angus.mail.imap.IMAPMessage;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;

/**
 * What the reader knows of one part before it reads any of its content.
 *
 * <p>For an IMAP part everything here comes from the BODYSTRUCTURE that Angus fetched once for the whole message:
 * asking an {@code IMAPBodyPart} for a header instead would fetch that part's MIME header, one round trip per part.
 * For a parsed message (POP3, a file) the raw headers are at hand and are parsed here, so that legacy file names decode
 * with our charset rules.
 *
 * @param type the content type without parameters, lower case
 * @param contentType the parsed Content-Type, for its charset, boundary or start parameter
 * @param disposition {@code attachment}, {@code inline} or null
 * @param filename the decoded, cleaned file name, or null when the part names none
 * @param contentId the Content-ID without angle brackets, or null
 * @param unstructured the part claims to be a multipart that could not be read: show its raw content as text
 */
record PartInfo(Part part, String partId, String type, MimeHeader contentType, String disposition, String filename,
                String contentId, long size, boolean unstructured) {

    static PartInfo describe(Part part, String partId, Charset hint) throws MessagingException {
        boolean fromStructure = part instanceof IMAPBodyPart || part instanceof IMAPMessage;
        MimeHeader contentType = MimeHeader.parse(quietly(part::getContentType), hint);
        String type = normalise(contentType.value());
        String disposition;
        String filename = null;
        if (fromStructure) {
            disposition = quietly(part::getDisposition);
        } else {
            MimeHeader header = MimeHeader.parse(firstHeader(part, "Content-Disposition"), hint);
            disposition = header.value().isEmpty() ? null : header.value();
            filename = header.text("filename", hint);
            if (filename == null) {
                filename = contentType.text("name", hint);
            }
        }
        if (filename == null) {
            // Angus's own reading: for IMAP the names in BODYSTRUCTURE, RFC 2231 already joined and decoded
            String angus = quietly(part::getFileName);
            filename = angus == null ? null : MimeHeader.decodeValue(angus, hint);
        }
        String contentId = contentId(fromStructure ? quietly(() -> ((jakarta.mail.internet.MimePart) part).getContentID())
                : firstHeader(part, "Content-ID"));
        // a multipart's size is never shown, and asking an IMAP message for its size would cost a round trip
        long size = type.startsWith("multipart/") ? -1 : quietlyInt(part::getSize);
        return new PartInfo(part, partId, type, contentType,
                disposition == null ? null : disposition.strip().toLowerCase(Locale.ROOT), Filenames.clean(filename),
                contentId, size, false);
    }

    PartInfo asUnstructuredText() {
        return new PartInfo(part, partId, "text/plain", contentType, disposition, null, contentId, size, true);
    }

    boolean isMultipart() {
        return type.startsWith("multipart/");
    }

    boolean isMessage() {
        return type.equals("message/rfc822") || type.equals("message/global");
    }

    /** A text/plain or text/html part that is shown as a body rather than offered as a file. */
    boolean isBodyText() {
        return (type.equals("text/plain") || type.equals("text/html")) && !"attachment".equals(disposition)
                && filename == null;
    }

    boolean isHtml() {
        return type.equals("text/html");
    }

    String charsetLabel() {
        return contentType.param("charset");
    }

    private static String normalise(String type) {
        String value = type.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return "text/plain";
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            return value.equals("text") ? "text/plain" : "application/octet-stream";
        }
        return value;
    }

    private static String contentId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = HeaderText.clean(raw).strip();
        if (id.startsWith("<")) {
            id = id.substring(1);
        }
        if (id.endsWith(">")) {
            id = id.substring(0, id.length() - 1);
        }
        id = id.strip();
        return id.isEmpty() ? null : id;
    }

    private static String firstHeader(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @FunctionalInterface
    interface Lookup<T> {
        T get() throws MessagingException;
    }

    /**
     * Angus parses some headers as it answers (Content-Type, Content-Disposition); a malformed one must cost us that
     * header, not the message. Losing the connection still throws.
     */
    static <T> T quietly(Lookup<T> lookup) throws MessagingException {
        try {
            return lookup.get();
        } catch (MessagingException | RuntimeException failure) {
            Streams.rethrowIfConnectionLost(failure);
            return null;
        }
    }

    private static long quietlyInt(Lookup<Integer> lookup) throws MessagingException {
        Integer value = quietly(lookup);
        return value == null || value < 0 ? -1 : value;
    }
}
