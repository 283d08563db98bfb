package dev.postern.upstream;

import java.time.Duration;
import java.util.List;

/**
 * One server tried by a connection test: for a mail connection, the retrieval server and the submission server.
 *
 * @param label protocol shown to the user ({@code IMAP}, {@code SMTP}, {@code FTP}, {@code Telnet})
 * @param endpoint {@code host:port}
 * @param status how it went
 * @param greeting the server's first words, if it spoke
 * @param capabilities what the server said it can do (IMAP CAPABILITY, EHLO keywords, FEAT, Telnet options)
 * @param detail the server's reply or the error behind a failure, in its own words
 * @param loggedIn whether the credentials were accepted
 * @param transcript the conversation, secrets redacted
 */
public record ProbeStep(String label, String endpoint, UpstreamStatus status, String greeting, List<String> capabilities,
                        String detail, boolean loggedIn, List<Transcript.Line> transcript, Duration elapsed) {
}
