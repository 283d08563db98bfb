package dev.postern.mail.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.postern.mail.MailContext;
import dev.postern.mail.MailProperties;
import dev.postern.mail.MailUnavailable;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamStatus;

/**
 * Open mailbox connections, one per client session and mail connection, reused from request to request (see
 * docs/adr/0002-imap-connections-per-session.md). A connection is lent to one request at a time, checked against the
 * user's rights on every use, re-opened once when the server dropped it, and closed after
 * {@code postern.mail.idle-timeout} or when the session signs out.
 */
@Component
public class MailSessions {

    private static final Logger log = LoggerFactory.getLogger(MailSessions.class);
    /** How long a request waits for the session's connection while another request of the same session uses it. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(60);

    /** Work done with an open mailbox. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Retrieval retrieval) throws MessagingException;
    }

    /** Work done with an open mailbox that also needs the connection's profile, as read and checked for this use. */
    @FunctionalInterface
    public interface ProfileWork<T> {
        T apply(ConnectionProfile profile, Retrieval retrieval) throws MessagingException;
    }

    private record Key(String sessionKey, UUID connectionId) {
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        Retrieval retrieval;
        Instant profileVersion;
        volatile Instant lastUsed;
        /** Set when a watch of the session heard of a change; taken by the next lending. */
        final java.util.concurrent.atomic.AtomicBoolean news = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Connections connections;
    private final MailConnector connector;
    private final MailProperties properties;
    private final Clock clock;

    MailSessions(Connections connections, MailConnector connector, MailProperties properties, Clock clock) {
        this.connections = connections;
        this.connector = connector;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Runs the work on the session's open mailbox, opening it first if need be. The user's right to the connection is
     * checked every time, so that a revoked grant or a deleted connection takes effect at once.
     */
    public <T> T with(MailContext context, Work<T> work) {
        return with(context, (profile, retrieval) -> work.apply(retrieval));
    }

    /**
     * As {@link #with(MailContext, Work)}, handing the work the profile that was read to check the user's right, so
     * that a page needs to read it only once.
     */
    public <T> T with(MailContext context, ProfileWork<T> work) {
        return with(context, connections.get(context.connectionId(), context.user()), work);
    }

    /**
     * As {@link #with(MailContext, ProfileWork)}, with the profile the caller has just read, and with it checked the
     * user's right to the connection (as {@link Connections#visibleTo} does).
     */
    public <T> T with(MailContext context, ConnectionProfile profile, ProfileWork<T> work) {
        if (profile.kind() != ConnectionKind.MAIL || !profile.id().equals(context.connectionId())) {
            throw new dev.postern.mail.MessageNotFound("not a mail connection");
        }
        Key key = new Key(context.sessionKey(), context.connectionId());
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        lock(entry);
        try {
            if (entry.retrieval != null && !profile.updatedAt().equals(entry.profileVersion)) {
                // The connection's settings changed since it was opened: open it again with the new ones.
                closeQuietly(entry);
            }
            if (entry.retrieval == null) {
                entry.retrieval = connector.open(context);
                entry.profileVersion = profile.updatedAt();
            }
            entry.retrieval.lent(entry.news.getAndSet(false));
            try {
                return work.apply(profile, entry.retrieval);
            } catch (MessagingException | IllegalStateException failure) {
                if (!MailFailures.connectionLost(failure)) {
                    throw failure;
                }
                log.debug("Mail connection {} was dropped; opening it again", context.connectionId());
                closeQuietly(entry);
                entry.retrieval = connector.open(context);
                entry.profileVersion = profile.updatedAt();
                return work.apply(profile, entry.retrieval);
            }
        } catch (MessagingException failure) {
            if (MailFailures.connectionLost(failure)) {
                closeQuietly(entry);
            }
            throw MailFailures.unavailable(failure, profile.security());
        } finally {
            entry.lastUsed = clock.instant();
            entry.lock.unlock();
        }
    }

    private static void lock(Entry entry) {
        try {
            if (!entry.lock.tryLock(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MailUnavailable(UpstreamStatus.TIMED_OUT, "The mailbox is busy with another request", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailUnavailable(UpstreamStatus.TIMED_OUT, "Interrupted while waiting for the mailbox", e);
        }
    }

    /**
     * Runs the work on a connection of its own, closed afterwards: for long transfers (attachments, sources) that must
     * not hold up the session's pages meanwhile.
     */
    public <T> T once(MailContext context, Work<T> work) {
        ConnectionProfile profile = connections.get(context.connectionId(), context.user());
        if (profile.kind() != ConnectionKind.MAIL) {
            throw new dev.postern.mail.MessageNotFound("not a mail connection");
        }
        Retrieval retrieval = null;
        try {
            retrieval = connector.open(context);
            return work.apply(retrieval);
        } catch (MessagingException failure) {
            throw MailFailures.unavailable(failure, profile.security());
        } finally {
            if (retrieval != null) {
                retrieval.close();
            }
        }
    }

    /**
     * A part of a message as a stream on a connection of its own, which closes with the stream: the source of an
     * attachment that a forward or a reopened draft takes from the server, read when the message is written out.
     */
    public java.io.InputStream partStream(MailContext context, String folder, String id, String partId)
            throws java.io.IOException {
        Retrieval retrieval;
        try {
            retrieval = connector.open(context);
        } catch (MessagingException failure) {
            throw new java.io.IOException(MailFailures.describe(failure), failure);
        }
        try {
            jakarta.mail.Message message = retrieval.message(folder, id);
            java.io.InputStream in = dev.postern.mail.internal.mime.MessageReader.open(
                    dev.postern.mail.internal.mime.MessageReader.findPart(message, partId));
            Retrieval owner = retrieval;
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws java.io.IOException {
                    try {
                        super.close();
                    } finally {
                        owner.close();
                    }
                }
            };
        } catch (MessagingException | RuntimeException failure) {
            retrieval.close();
            throw new java.io.IOException(failure.getMessage(), failure);
        }
    }

    /**
     * Tells the session's connection that a watch heard of a change in its mailbox, so that the next request asks the
     * server's news before it reads (see {@link Retrieval#lent(boolean)}).
     */
    void announce(String sessionKey, UUID connectionId) {
        Entry entry = entries.get(new Key(sessionKey, connectionId));
        if (entry != null) {
            entry.news.set(true);
        }
    }

    /** Closes every mailbox the session has open (at sign-out). */
    public void closeSession(String sessionKey) {
        entries.forEach((key, entry) -> {
            if (key.sessionKey().equals(sessionKey)) {
                close(key, entry);
            }
        });
    }

    /** How many mailbox connections are open now. */
    public int openCount() {
        return (int) entries.values().stream().filter(e -> e.retrieval != null).count();
    }

    @Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT15S")
    void closeIdle() {
        Instant cutoff = clock.instant().minus(properties.idleTimeout());
        entries.forEach((key, entry) -> {
            Instant lastUsed = entry.lastUsed;
            if (lastUsed != null && lastUsed.isBefore(cutoff)) {
                close(key, entry);
            }
        });
    }

    private void close(Key key, Entry entry) {
        if (entry.lock.tryLock()) {
            try {
                closeQuietly(entry);
                entries.remove(key, entry);
            } finally {
                entry.lock.unlock();
            }
        }
    }

    private static void closeQuietly(Entry entry) {
        if (entry.retrieval != null) {
            entry.retrieval.close();
            entry.retrieval = null;
        }
    }

    @PreDestroy
    void closeAll() {
        entries.forEach(this::close);
    }
}
