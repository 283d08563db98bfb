package dev.postern.mail;

/**
 * One part of a message that is not its body: an attachment, or an inline part such as a {@code cid:} image.
 *
 * @param partId where the part sits in the MIME tree, {@code 1}, {@code 2.1} ... (IMAP section numbering)
 * @param filename decoded file name (RFC 2231 / RFC 2047, UTF-8 or legacy charsets such as EUC-KR); a name made up
 *                 from the content type when the part has none
 * @param contentType the MIME type without parameters, lower case
 * @param size encoded size in bytes as the server reports it, or -1 when unknown
 * @param inline whether the part is shown within the body (Content-Disposition inline with a Content-ID)
 * @param contentId the Content-ID without angle brackets, or null
 */
public record AttachmentInfo(String partId, String filename, String contentType, long size, boolean inline,
                             String contentId) {
}
