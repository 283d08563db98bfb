package dev.postern.ftp.internal;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;

import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.postern.ftp.FtpContext;
import dev.postern.ftp.FtpProperties;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionNotFound;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamStatus;

/**
 * Open FTP control connections, kept per client session and connection (see docs/adr/0007-ftp-connections.md).
 * Each session has one connection for browsing and managing, lent to one request at a time and re-opened once when
 * the server dropped it; each transfer runs on a control connection of its own (FTP's control connection is busy for
 * the whole of a transfer), taken from the session's idle ones or opened, so that browsing stays responsive during a
 * long download. Idle connections are kept alive with NOOP and closed after {@code postern.ftp.idle-timeout} or when
 * the session signs out. The user's right to the connection is checked on every use.
 */
@Component
public class FtpSessions {

    private static final Logger log = LoggerFactory.getLogger(FtpSessions.class);
    /** How long a request waits for the session's browsing connection while another request uses it. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(60);
    /** Idle transfer connections kept per session and connection. */
    private static final int SPARE_TRANSFER_CONNECTIONS = 2;

    /** Work done with an open connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(ConnectionProfile profile, FtpConnection connection) throws IOException;
    }

    private record Key(String sessionKey, UUID connectionId) {
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        FtpConnection browsing;
        java.time.Instant profileVersion;
        final Deque<FtpConnection> spare = new ArrayDeque<>();
        volatile long lastUsed = System.nanoTime();
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Connections connections;
    private final FtpConnector connector;
    private final FtpProperties properties;

    FtpSessions(Connections connections, FtpConnector connector, FtpProperties properties) {
        this.connections = connections;
        this.connector = connector;
        this.properties = properties;
    }

    /** The FTP connection of the context, when the user may use it. */
    public ConnectionProfile profile(FtpContext context) {
        ConnectionProfile profile = connections.get(context.connectionId(), context.user());
        if (profile.kind() != ConnectionKind.FTP) {
            throw new ConnectionNotFound(context.connectionId());
        }
        return profile;
    }

    /** Runs the work on the session's browsing connection, opening it first if need be. */
    public <T> T browse(FtpContext context, Work<T> work) {
        ConnectionProfile profile = profile(context);
        Entry entry = entries.computeIfAbsent(new Key(context.sessionKey(), context.connectionId()), k -> new Entry());
        lock(entry);
        try {
            if (entry.browsing != null && !profile.updatedAt().equals(entry.profileVersion)) {
                // The connection's settings changed since it was opened: open it again with the new ones.
                closeConnections(entry);
            }
            if (entry.browsing != null && !usable(entry.browsing)) {
                entry.browsing.close();
                entry.browsing = null;
            }
            boolean reused = entry.browsing != null;
            if (!reused) {
                entry.browsing = connector.open(profile, context.user());
                entry.profileVersion = profile.updatedAt();
            }
            try {
                return run(work, profile, entry.browsing);
            } catch (IOException failure) {
                if (!reused || !lost(failure)) {
                    throw failure;
                }
                log.debug("FTP connection {} was dropped; opening it again", context.connectionId());
                entry.browsing.close();
                entry.browsing = connector.open(profile, context.user());
                return run(work, profile, entry.browsing);
            }
        } catch (IOException failure) {
            if (lost(failure) && entry.browsing != null) {
                entry.browsing.close();
                entry.browsing = null;
            }
            throw FtpConnector.failure(failure, null);
        } finally {
            entry.lastUsed = System.nanoTime();
            entry.lock.unlock();
        }
    }

    /**
     * Runs a transfer on a control connection of its own: one of the session's idle ones (checked with NOOP), or a new
     * one. A connection comes back to the session only when the work ended cleanly; after a failure or an abandoned
     * transfer it is closed, since its state is no longer known.
     */
    public <T> T transfer(FtpContext context, Work<T> work) {
        ConnectionProfile profile = profile(context);
        Entry entry = entries.computeIfAbsent(new Key(context.sessionKey(), context.connectionId()), k -> new Entry());
        FtpConnection connection = spare(entry, profile);
        if (connection == null) {
            connection = connector.open(profile, context.user());
        }
        boolean clean = false;
        try {
            T result = run(work, profile, connection);
            clean = true;
            return result;
        } catch (IOException failure) {
            throw FtpConnector.failure(failure, null);
        } finally {
            entry.lastUsed = System.nanoTime();
            if (clean && connection.connected()) {
                giveBack(entry, profile, connection);
            } else {
                connection.close();
            }
        }
    }

    /** Opens a connection that the caller closes: for work that needs two at once (copying a file). */
    public FtpConnection open(FtpContext context) {
        return connector.open(profile(context), context.user());
    }

    private static <T> T run(Work<T> work, ConnectionProfile profile, FtpConnection connection) throws IOException {
        connection.touch();
        try {
            return work.apply(profile, connection);
        } finally {
            connection.touch();
        }
    }

    private FtpConnection spare(Entry entry, ConnectionProfile profile) {
        while (true) {
            FtpConnection candidate;
            synchronized (entry.spare) {
                candidate = entry.spare.pollFirst();
            }
            if (candidate == null) {
                return null;
            }
            if (!profile.updatedAt().equals(entry.profileVersion) || !usable(candidate)) {
                candidate.close();
                continue;
            }
            try {
                candidate.noop();
                return candidate;
            } catch (IOException | FtpUnavailable dropped) {
                candidate.close();
            }
        }
    }

    private void giveBack(Entry entry, ConnectionProfile profile, FtpConnection connection) {
        synchronized (entry.spare) {
            if (entry.spare.size() < SPARE_TRANSFER_CONNECTIONS && entries.containsValue(entry) && usable(connection)) {
                if (entry.profileVersion == null) {
                    entry.profileVersion = profile.updatedAt();
                }
                entry.spare.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    /**
     * Whether a connection is worth lending again: still connected, and (FTPS under TLS 1.3) not out of the session
     * tickets its data connections need to resume the control connection's session, which servers may require.
     */
    private static boolean usable(FtpConnection connection) {
        return connection.connected() && connection.canResumeDataConnection();
    }

    private static boolean lost(IOException failure) {
        return failure instanceof FTPConnectionClosedException || failure instanceof SocketException
                || failure instanceof java.io.EOFException;
    }

    private static void lock(Entry entry) {
        try {
            if (!entry.lock.tryLock(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FtpUnavailable(UpstreamStatus.TIMED_OUT, "The FTP connection is busy with another request",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FtpUnavailable(UpstreamStatus.TIMED_OUT, "Interrupted while waiting for the FTP connection", e);
        }
    }

    /** Closes every connection the session has open (at sign-out). */
    public void closeSession(String sessionKey) {
        entries.forEach((key, entry) -> {
            if (key.sessionKey().equals(sessionKey)) {
                close(key, entry, true);
            }
        });
    }

    /** How many control connections are open now, browsing and spare. */
    public int openCount() {
        return entries.values().stream().mapToInt(e -> {
            synchronized (e.spare) {
                return (e.browsing != null ? 1 : 0) + e.spare.size();
            }
        }).sum();
    }

    /** Closes what has been idle too long; keeps the rest alive with NOOP. */
    @Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT15S")
    void sweep() {
        long idle = properties.idleTimeout().toNanos();
        long keepAlive = properties.keepAlive().toNanos();
        entries.forEach((key, entry) -> {
            if (System.nanoTime() - entry.lastUsed > idle) {
                close(key, entry, false);
                return;
            }
            if (entry.lock.tryLock()) {
                try {
                    FtpConnection browsing = entry.browsing;
                    if (browsing != null && browsing.idleNanos() > keepAlive) {
                        try {
                            browsing.noop();
                            browsing.touch();
                        } catch (IOException | FtpUnavailable dropped) {
                            browsing.close();
                            entry.browsing = null;
                        }
                    }
                } finally {
                    entry.lock.unlock();
                }
            }
        });
    }

    private void close(Key key, Entry entry, boolean wait) {
        boolean locked = entry.lock.tryLock();
        if (!locked && !wait) {
            return;
        }
        try {
            entries.remove(key, entry);
            closeConnections(entry);
        } finally {
            if (locked) {
                entry.lock.unlock();
            }
        }
    }

    private static void closeConnections(Entry entry) {
        if (entry.browsing != null) {
            entry.browsing.close();
            entry.browsing = null;
        }
        synchronized (entry.spare) {
            entry.spare.forEach(FtpConnection::close);
            entry.spare.clear();
        }
        entry.profileVersion = null;
    }

    @PreDestroy
    void closeAll() {
        entries.forEach((key, entry) -> close(key, entry, true));
    }
}
