package dev.postern.ftp;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the file manager ({@code postern.ftp.*}).
 *
 * @param idleTimeout how long an unused control connection stays open for its session
 * @param keepAlive how often an open, unused control connection is sent NOOP so that the server keeps it
 * @param maxConnectionsPerHost most control connections open at once to one server (host and port), all users
 *                              together; a request waits {@code connectionWait} for one to be free
 * @param connectionWait how long a request waits for a connection under that cap
 * @param bufferSize size of the buffer a transfer's bytes pass through
 * @param maxListEntries most entries a listing shows; the rest are counted, not shown
 * @param partialUploadMaxAge how old the partial file of an unfinished upload (or copy) must be, by the server's
 *                            time, before a listing of its folder deletes it; until then the upload may be resumed
 */
@Validated
@ConfigurationProperties("postern.ftp")
public record FtpProperties(
        @NotNull @DefaultValue("5m") Duration idleTimeout,
        @NotNull @DefaultValue("60s") Duration keepAlive,
        @Min(1) @Max(1000) @DefaultValue("16") int maxConnectionsPerHost,
        @NotNull @DefaultValue("30s") Duration connectionWait,
        @NotNull @DefaultValue("256KB") DataSize bufferSize,
        @Min(100) @Max(1_000_000) @DefaultValue("100000") int maxListEntries,
        @NotNull @DurationMin(hours = 1) @DefaultValue("7d") Duration partialUploadMaxAge) {
}
