package dev.postern.mail.internal.mime;

import java.io.IOException;
import java.io.InputStream;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;

/** Opening a part's content, with the fallbacks that broken mail needs. */
final class Streams {

    private Streams() {
    }

    /**
     * The part's content with its transfer encoding undone. Base64 is decoded leniently
     * ({@link LenientBase64InputStream}), so that a damaged part still gives what it holds. An attached message is read
     * raw and decoded here, because Angus would serve an IMAP one through a pipe and a second thread. An unknown
     * transfer encoding leaves the content as it was sent rather than failing.
     */
    static InputStream open(Part part) throws MessagingException, IOException {
        String encoding = part instanceof MimePart mime ? encoding(mime) : null;
        if ("base64".equals(encoding)) {
            InputStream raw = raw(part);
            if (raw != null) {
                return new LenientBase64InputStream(raw);
            }
        }
        if (isMessage(part)) {
            InputStream raw = raw(part);
            if (raw != null) {
                return "quoted-printable".equals(encoding) ? MimeUtility.decode(raw, encoding) : raw;
            }
        }
        try {
            return part.getInputStream();
        } catch (IOException | MessagingException failure) {
            rethrowIfConnectionLost(failure);
            InputStream raw = raw(part);
            if (raw != null) {
                return raw;
            }
            throw failure;
        }
    }

    /** The content as it is on the wire, transfer encoding and all; null for a part that cannot say. */
    static InputStream raw(Part part) throws MessagingException {
        if (part instanceof MimeBodyPart body) {
            return body.getRawInputStream();
        }
        if (part instanceof MimeMessage message) {
            return message.getRawInputStream();
        }
        return null;
    }

    private static boolean isMessage(Part part) throws MessagingException {
        String type = PartInfo.quietly(part::getContentType);
        if (type == null) {
            return false;
        }
        String base = MimeHeader.parse(type, null).value();
        return base.equals("message/rfc822") || base.equals("message/global");
    }

    private static String encoding(MimePart part) throws MessagingException {
        String encoding = PartInfo.quietly(part::getEncoding);
        return encoding == null ? null : encoding.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Broken content is shown as well as it can be; a lost connection or a message deleted meanwhile is no broken
     * content and must reach the caller. (Angus 2 wraps them into an {@code IOException} when they happen in a
     * stream.)
     */
    static void rethrowIfConnectionLost(Throwable failure) throws MessagingException {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FolderClosedException || cause instanceof StoreClosedException
                    || cause instanceof MessageRemovedException) {
                throw (MessagingException) cause;
            }
        }
    }
}
