package dev.postern.mail;

/**
 * A message handed to the submission server.
 *
 * @param messageId its Message-ID
 * @param size its size in bytes as sent
 * @param savedToSent whether a copy was put in the Sent folder (IMAP only)
 */
public record Sent(String messageId, long size, int recipients, boolean savedToSent) {
}
