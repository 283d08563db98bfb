package dev.postern.mail.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.postern.mail.FolderCounts;
import dev.postern.mail.MailContext;
import dev.postern.mail.MailProperties;
import dev.postern.mail.MailWatch;

/**
 * Watches folders for new mail, each on its own connection (IDLE holds the connection it runs on) and its own
 * virtual thread: with IMAP IDLE the server tells at once; without it (or with POP3) the folder is checked every
 * {@code postern.mail.poll-interval}. A session keeps at most {@value #PER_SESSION} watches (one per open mail tab);
 * the oldest ends when another starts, and all end at sign-out and when the application stops.
 */
@Component
public class MailWatches implements SmartLifecycle {

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
    private volatile boolean running;

    MailWatches(MailConnector connector, MailSessions sessions, MailProperties properties) {
        this.connector = connector;
        this.sessions = sessions;
        this.properties = properties;
    }

    /**
     * Starts watching; the listener gets the folder's counts at once and after every change, and {@code ended} runs
     * once when the watch ends, however it ends (closed, replaced, or its connection lost).
     */
    public MailWatch start(MailContext context, String folder, Consumer<FolderCounts> listener, Runnable ended) {
        Watcher watcher = new Watcher(context, folder, listener, ended);
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

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every watch when the application stops, in the first lifecycle phase: before the web server's graceful
     * shutdown, which would otherwise wait out its timeout for the event streams that the watches keep open.
     */
    @Override
    public void stop() {
        running = false;
        bySession.keySet().forEach(this::closeSession);
    }

    @Override
    public boolean isRunning() {
        return running;
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
        final Runnable ended;
        private volatile boolean closed;
        private volatile Retrieval connection;
        private volatile Thread thread;
        private FolderCounts last;

        Watcher(MailContext context, String folder, Consumer<FolderCounts> listener, Runnable ended) {
            this.context = context;
            this.folder = folder;
            this.listener = listener;
            this.ended = ended;
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
            report(counts(open));
            // IDLE is renewed every poll interval (at most every 9 minutes): a delivery that slipped in between the last
            // count and the start of IDLE, which some servers do not report, is then seen at the next renewal.
            // The first one is renewed after a few seconds, for mail that came while the page was being built.
            Duration renewal = properties.pollInterval().compareTo(IDLE_RENEWAL) < 0 ? properties.pollInterval() : IDLE_RENEWAL;
            boolean first = true;
            while (!closed) {
                long renewAt = System.nanoTime() + (first && FIRST_IDLE_RENEWAL.compareTo(renewal) < 0
                        ? FIRST_IDLE_RENEWAL : renewal).toNanos();
                first = false;
                Thread renewer = Thread.ofVirtual().start(() -> {
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
                    renewer.interrupt();
                }
                if (!closed) {
                    report(counts(open));
                }
            }
        }

        /**
         * The folder's counts as the server has them now. IDLE may end on the first thing the server says (a RECENT,
         * say) and leave its EXISTS unread, and the total of an open folder is what the last EXISTS said: so the
         * unread search, a round trip that brings in whatever the server sent meanwhile, comes first, and the total
         * is read after it. Read the other way round, a new message was reported with the old total and the page
         * never showed it.
         */
        private FolderCounts counts(IMAPFolder open) throws MessagingException {
            int unread = open.getUnreadMessageCount();
            return new FolderCounts(folder, open.getMessageCount(), unread);
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
                // Before the page hears of it: the page loads the list again at once, and must see the change. The
                // first counts too: mail may have come between the page and the start of its watch.
                sessions.announce(context.sessionKey(), context.connectionId());
                last = counts;
                listener.accept(counts);
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
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
            try {
                ended.run();
            } catch (RuntimeException e) {
                log.debug("Ending the watch of {} for {}: {}", folder, context.user().username(), e.getMessage());
            }
        }
    }
}
