package dev.postern.mail;

/**
 * A message opened for reading.
 *
 * @param id the message's id within its folder (IMAP UID or POP3 UIDL)
 * @param size the message's size in bytes as the server reports it
 */
public record MessageView(String folder, String id, MessageContent content, MessageFlags flags, long size) {
}
