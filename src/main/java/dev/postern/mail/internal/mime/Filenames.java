package dev.postern.mail.internal.mime;

import java.util.Locale;
import java.util.Map;

/** File names of parts: cleaned of paths and control characters, or made up from the content type. */
final class Filenames {

    private static final int MAX_LENGTH = 255;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/x-zip-compressed", "zip"),
            Map.entry("application/gzip", "gz"),
            Map.entry("application/json", "json"),
            Map.entry("application/xml", "xml"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.ms-powerpoint", "ppt"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("application/x-hwp", "hwp"),
            Map.entry("application/haansofthwp", "hwp"),
            Map.entry("application/vnd.hancom.hwp", "hwp"),
            Map.entry("application/vnd.hancom.hwpx", "hwpx"),
            Map.entry("application/pkcs7-signature", "p7s"),
            Map.entry("application/x-pkcs7-signature", "p7s"),
            Map.entry("application/pgp-signature", "asc"),
            Map.entry("application/ms-tnef", "dat"),
            Map.entry("application/vnd.ms-tnef", "dat"),
            Map.entry("application/ics", "ics"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/jpg", "jpg"),
            Map.entry("image/pjpeg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/bmp", "bmp"),
            Map.entry("image/svg+xml", "svg"),
            Map.entry("image/tiff", "tif"),
            Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/wav", "wav"),
            Map.entry("video/mp4", "mp4"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"),
            Map.entry("text/calendar", "ics"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/xml", "xml"),
            Map.entry("text/rfc822-headers", "txt"),
            Map.entry("message/rfc822", "eml"),
            Map.entry("message/global", "eml"),
            Map.entry("message/delivery-status", "txt"),
            Map.entry("message/disposition-notification", "txt"));

    private Filenames() {
    }

    /**
     * The last segment of a name (old clients sent {@code C:\Users\...\file.doc}) without control characters, or null
     * when nothing usable is left.
     */
    static String clean(String name) {
        if (name == null) {
            return null;
        }
        String text = HeaderText.clean(name).strip();
        int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
        if (slash >= 0) {
            text = text.substring(slash + 1).strip();
        }
        if (text.isEmpty() || text.equals(".") || text.equals("..")) {
            return null;
        }
        return shorten(text);
    }

    /** A name for a part that has none: {@code image-2.png}, {@code attachment-1-3.pdf}, {@code message-2.eml}. */
    static String madeUp(String contentType, String partId) {
        String kind;
        if (contentType.startsWith("image/")) {
            kind = "image";
        } else if (contentType.startsWith("audio/")) {
            kind = "audio";
        } else if (contentType.startsWith("video/")) {
            kind = "video";
        } else if (contentType.startsWith("message/")) {
            kind = "message";
        } else {
            kind = "attachment";
        }
        return kind + "-" + partId.replace('.', '-') + "." + extension(contentType);
    }

    /** A name for an attached message, from its subject: what clients show and save it as. */
    static String forMessage(String subject, String partId) {
        if (subject == null || subject.isBlank()) {
            return madeUp("message/rfc822", partId);
        }
        String safe = subject.replaceAll("[/\\\\:*?\"<>|]", "_").strip();
        if (safe.length() > 100) {
            safe = safe.substring(0, Character.isHighSurrogate(safe.charAt(99)) ? 99 : 100).strip();
        }
        return safe + ".eml";
    }

    static String extension(String contentType) {
        String known = EXTENSIONS.get(contentType.toLowerCase(Locale.ROOT));
        return known != null ? known : "bin";
    }

    private static String shorten(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        int keep = MAX_LENGTH - extension.length();
        if (Character.isHighSurrogate(name.charAt(keep - 1))) {
            keep--;
        }
        return name.substring(0, keep) + extension;
    }
}
