package dev.postern.mail.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.postern.mail.FolderCounts;
import dev.postern.mail.MailContext;
import dev.postern.mail.MailProperties;
import dev.postern.mail.MailWatch;

/**
 * Watches folders for new mail, each on its own connection (IDLE holds the connection it runs on) and its own
 * virtual thread: with IMAP IDLE the server tells at once; without it (or with POP3) the folder is checked every
 * {@code postern.mail.poll-interval}. A session keeps at most {@value #PER_SESSION} watches (one per open mail tab);
 * the oldest ends when another starts, and all end at sign-out.
 */
@Component
public class MailWatches {

    private static final Logger log = LoggerFactory.getLogger(MailWatches.class);
    static final int PER_SESSION = 3;
    /** IDLE is re-issued well within the 29 minutes after which servers may drop it (RFC 2177). */
    static final Duration IDLE_RENEWAL = Duration.ofMinutes(9);
    /**
     * The first IDLE is renewed soon: mail that arrives between reading the counts and starting IDLE is announced by
     * Dovecot as IDLE starts, but some servers (GreenMail) only announce what arrives during IDLE.
     */
    static final Duration FIRST_IDLE_RENEWAL = Duration.ofSeconds(3);

    private final MailConnector connector;
    private final MailSessions sessions;
    private final MailProperties properties;
    private final Map<String, Deque<Watcher>> bySession = new ConcurrentHashMap<>();

    MailWatches(MailConnector connector, MailSessions sessions, MailProperties properties) {
        this.connector = connector;
        this.sessions = sessions;
        this.properties = properties;
    }

    /** Starts watching; the listener gets the folder's counts at once and after every change. */
    public MailWatch start(MailContext context, String folder, Consumer<FolderCounts> listener) {
        Watcher watcher = new Watcher(context, folder, listener);
        Deque<Watcher> watchers = bySession.computeIfAbsent(context.sessionKey(), k -> new ArrayDeque<>());
        synchronized (watchers) {
            watchers.addLast(watcher);
            while (watchers.size() > PER_SESSION) {
                watchers.removeFirst().close();
            }
        }
        Thread.ofVirtual().name("mail-watch-" + context.user().username()).start(watcher);
        return watcher;
    }

    /** Ends the session's watches (sign-out). */
    public void closeSession(String sessionKey) {
        Deque<Watcher> watchers = bySession.remove(sessionKey);
        if (watchers != null) {
            synchronized (watchers) {
                watchers.forEach(Watcher::close);
            }
        }
    }

    public int running() {
        return bySession.values().stream().mapToInt(Deque::size).sum();
    }

    @PreDestroy
    void closeAll() {
        bySession.keySet().forEach(this::closeSession);
    }

    private void forget(Watcher watcher) {
        Deque<Watcher> watchers = bySession.get(watcher.context.sessionKey());
        if (watchers != null) {
            synchronized (watchers) {
                watchers.remove(watcher);
            }
        }
    }

    private final class Watcher implements Runnable, MailWatch {

        final MailContext context;
        final String folder;
        final Consumer<FolderCounts> listener;
        private volatile boolean closed;
        private volatile Retrieval connection;
        private volatile Thread thread;
        private FolderCounts last;

        Watcher(MailContext context, String folder, Consumer<FolderCounts> listener) {
            this.context = context;
            this.folder = folder;
            this.listener = listener;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                Retrieval opened = connector.open(context);
                connection = opened;
                if (closed) {
                    return;
                }
                if (opened instanceof ImapRetrieval imap && imap.hasCapability("IDLE")) {
                    idle(imap);
                } else {
                    poll();
                }
            } catch (MessagingException | RuntimeException e) {
                if (!closed) {
                    log.debug("Watching {} for {} ended: {}", folder, context.user().username(), e.getMessage());
                }
            } finally {
                close();
            }
        }

        private void idle(ImapRetrieval imap) throws MessagingException {
            IMAPFolder open = imap.select(folder);
            report(new FolderCounts(folder, open.getMessageCount(), open.getUnreadMessageCount()));
            boolean first = true;
            while (!closed) {
                long renewAt = System.nanoTime() + (first ? FIRST_IDLE_RENEWAL : IDLE_RENEWAL).toNanos();
                first = false;
                Thread renewal = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(Math.max(0, (renewAt - System.nanoTime()) / 1_000_000));
                        // Any command ends the IDLE in progress; the loop then starts a fresh one.
                        open.getMessageCount();
                    } catch (InterruptedException | MessagingException ignored) {
                        // The watch ended or the connection went; the main loop notices.
                    }
                });
                try {
                    open.idle(true);
                } finally {
                    renewal.interrupt();
                }
                if (!closed) {
                    report(new FolderCounts(folder, open.getMessageCount(), open.getUnreadMessageCount()));
                }
            }
        }

        private void poll() throws MessagingException {
            while (!closed) {
                FolderCounts counts = sessions.with(context, r -> r.folders().stream()
                        .filter(f -> f.fullName().equals(folder)).findFirst()
                        .map(f -> new FolderCounts(folder, f.total(), f.unread()))
                        .orElseThrow(() -> new dev.postern.mail.MessageNotFound("no folder " + folder)));
                report(counts);
                try {
                    Thread.sleep(properties.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void report(FolderCounts counts) {
            if (!counts.equals(last)) {
                last = counts;
                listener.accept(counts);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            Retrieval opened = connection;
            if (opened != null) {
                // Closing the connection ends an IDLE in progress.
                opened.close();
            }
            Thread running = thread;
            if (running != null && running != Thread.currentThread()) {
                running.interrupt();
            }
            forget(this);
        }
    }
}
