/**
 * MIME for web-mail: reading received messages into {@link dev.postern.mail.MessageContent} ({@code MessageReader}),
 * building messages to send from a {@link dev.postern.mail.Draft} ({@code MessageBuilder}), the address lists people
 * type ({@code MailAddresses}) and the drafts of replies and forwards ({@code Replies}).
 *
 * <p>Korean mail is the measure: legacy charsets (EUC-KR, {@code ks_c_5601-1987}, read as CP949), raw 8-bit header
 * bytes, RFC 2047 words where they do not belong, RFC 2231 file names. Nothing here buffers an attachment or a whole
 * message: parts are listed from the structure, bodies are read up to a limit, attachments stream from their source.
 */
package dev.postern.mail.internal.mime;
