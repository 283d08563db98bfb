package dev.postern.mail.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What each compose window of a session has kept in Drafts, and whether it is done (sent or discarded). Saving,
 * sending and discarding one window take turns, and each knows the draft the others kept: an autosave that the server
 * gets just before a send (the page had not yet learnt the new draft's id) or just after it (it was on its way) would
 * otherwise leave a copy of the sent message in Drafts.
 */
@Component
public class ComposeLedger {

    /** How long a window's entry is kept after its last use; a window open longer starts a fresh one. */
    static final Duration KEEP = Duration.ofDays(1);

    /** One compose window, used by one request at a time. */
    public static final class Window {
        private final ReentrantLock lock = new ReentrantLock();
        private String kept;
        private boolean done;
        private volatile Instant used;

        /** The id of the draft this window last kept in Drafts, or null. */
        public String kept() {
            return kept;
        }

        public void kept(String draftId) {
            kept = draftId;
        }

        /** Whether the message was sent or discarded: nothing more is kept for this window. */
        public boolean done() {
            return done;
        }

        public void finish() {
            done = true;
            kept = null;
        }
    }

    private record Key(String session, String compose) {
    }

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    ComposeLedger(Clock clock) {
        this.clock = clock;
    }

    /** Runs the work with the window, after any other request of the same window. */
    public <T> T with(String session, String compose, Function<Window, T> work) {
        DraftFiles.checkCompose(compose);
        Window window = windows.computeIfAbsent(new Key(session, compose), k -> new Window());
        window.lock.lock();
        try {
            window.used = clock.instant();
            return work.apply(window);
        } finally {
            window.lock.unlock();
        }
    }

    public void closeSession(String session) {
        windows.keySet().removeIf(key -> key.session().equals(session));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void forgetOld() {
        Instant cutoff = clock.instant().minus(KEEP);
        windows.values().removeIf(window -> window.used != null && window.used.isBefore(cutoff));
    }
}
