package dev.postern.ftp.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.postern.ftp.FtpProperties;

/**
 * Deletes the partial files of uploads abandoned long ago, when their folder is listed (see
 * docs/adr/0007-ftp-connections-and-transfers.md). Only files whose names are exactly Postern's
 * ({@link ListingReader#PARTIAL_FILE}) are considered, and only those the server's own time shows older than
 * {@code postern.ftp.partial-upload-max-age}: a younger one may still be resumed. A listing without such a file costs
 * nothing more; with MLSD the listed time is exact, while a LIST time (the server's local time, only to the day for
 * an older file) decides alone only when it is clearly young, and is otherwise checked with MDTM.
 */
@Component
public class PartialFileSweeper {

    private static final Logger log = LoggerFactory.getLogger(PartialFileSweeper.class);
    /** How far a LIST time may be from the truth: a day for an older file's date, and the server's time zone. */
    static final Duration LIST_SLACK = Duration.ofDays(2);
    /** How long a partial file the server would not delete is left alone before it is tried again. */
    private static final Duration RETRY_AFTER = Duration.ofDays(1);
    private static final int MAX_REMEMBERED = 10_000;

    /**
     * What became of one partial file.
     *
     * @param path its path below the root
     * @param modified when it last changed, by the server's time
     * @param deleted whether the server deleted it
     * @param reply the server's reply when it did not
     */
    public record Swept(String path, Instant modified, boolean deleted, String reply) {
    }

    /** What a partial file's listed time settles by itself. */
    enum Verdict {
        KEEP, DELETE, ASK_SERVER
    }

    private final FtpProperties properties;
    private final Clock clock;
    /** Partial files the server would not delete (connection and path), and when to try again. */
    private final Map<String, Instant> refused = new ConcurrentHashMap<>();

    PartialFileSweeper(FtpProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Deletes those of the partial files a listing of the connection's folder showed that are older than the age
     * allowed; answers what it deleted or tried to. Best effort: a refusal is reported, never thrown, and a connection
     * lost on the way ends the sweep, not the listing.
     */
    public List<Swept> sweep(UUID connectionId, FtpConnection connection, List<ListingReader.PartialFile> found) {
        Instant now = clock.instant();
        Duration maxAge = properties.partialUploadMaxAge();
        List<Swept> swept = new ArrayList<>();
        try {
            for (ListingReader.PartialFile file : found) {
                String key = connectionId + "\n" + file.path();
                Instant retry = refused.get(key);
                if (retry != null && now.isBefore(retry)) {
                    continue;
                }
                Instant modified = file.listed();
                Verdict verdict = verdict(modified, connection.machineListing(), now, maxAge);
                if (verdict == Verdict.ASK_SERVER) {
                    Instant exact = connection.modified(connection.onServer(file.path()));
                    if (exact != null) {
                        modified = exact;
                        verdict = verdict(exact, true, now, maxAge);
                    } else {
                        verdict = modified != null && modified.isBefore(now.minus(maxAge).minus(LIST_SLACK))
                                ? Verdict.DELETE : Verdict.KEEP;
                    }
                }
                if (verdict != Verdict.DELETE) {
                    continue;
                }
                boolean deleted = connection.tryDeleteFile(connection.onServer(file.path()));
                if (deleted) {
                    refused.remove(key);
                } else {
                    if (refused.size() >= MAX_REMEMBERED) {
                        refused.clear();
                    }
                    refused.put(key, now.plus(RETRY_AFTER));
                }
                swept.add(new Swept(file.path(), modified, deleted, deleted ? null : connection.reply()));
            }
        } catch (IOException lost) {
            log.debug("Sweeping partial uploads stopped: {}", lost.toString());
        }
        return swept;
    }

    /**
     * Whether a partial file last changed at {@code modified} may go: with an exact time, by the age alone; with a
     * LIST time, only a clearly young file is kept without asking the server.
     */
    static Verdict verdict(Instant modified, boolean exact, Instant now, Duration maxAge) {
        Instant limit = now.minus(maxAge);
        if (modified == null) {
            return Verdict.ASK_SERVER;
        }
        if (exact) {
            return modified.isBefore(limit) ? Verdict.DELETE : Verdict.KEEP;
        }
        return modified.isAfter(limit.plus(LIST_SLACK)) ? Verdict.KEEP : Verdict.ASK_SERVER;
    }
}
