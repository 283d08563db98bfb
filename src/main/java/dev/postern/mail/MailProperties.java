package dev.postern.mail;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of web-mail ({@code postern.mail.*}).
 *
 * @param pageSize messages on a list page
 * @param idleTimeout how long an unused IMAP or POP3 connection stays open for its session
 * @param maxBodyChars longest text or HTML body shown; the rest is cut with a note
 * @param pollInterval how often a folder is checked for new mail when the server has no IDLE
 * @param maxAttachmentSize largest file a user may attach
 * @param maxMessageSize largest message a user may send (all attachments together)
 * @param threadScanLimit how many of the newest messages are grouped into conversations when the server cannot
 *                        thread them itself (no THREAD=REFERENCES)
 */
@Validated
@ConfigurationProperties("postern.mail")
public record MailProperties(
        @Min(5) @Max(500) @DefaultValue("50") int pageSize,
        @NotNull @DefaultValue("5m") Duration idleTimeout,
        @Min(1000) @Max(50_000_000) @DefaultValue("2000000") int maxBodyChars,
        @NotNull @DefaultValue("30s") Duration pollInterval,
        @NotNull @DefaultValue("50MB") DataSize maxAttachmentSize,
        @NotNull @DefaultValue("100MB") DataSize maxMessageSize,
        @Min(100) @Max(100_000) @DefaultValue("2000") int threadScanLimit) {
}
