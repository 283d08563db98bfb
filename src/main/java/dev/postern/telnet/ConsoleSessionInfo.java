package dev.postern.telnet;

import java.time.Instant;
import java.util.UUID;

/**
 * A console session, live or ended, as lists and the recordings page show it.
 *
 * @param endedAt null while live
 * @param endReason null while live
 * @param live whether it runs on this instance now
 * @param attached whether a browser is attached now
 */
public record ConsoleSessionInfo(UUID id, String username, UUID connectionId, String connectionName, String host,
                                 int port, String charset, Instant startedAt, Instant endedAt, EndReason endReason,
                                 long bytesFromHost, long bytesToHost, boolean recorded, boolean live,
                                 boolean attached) {
}
