package dev.postern.telnet.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.postern.telnet.ConsoleClient;
import dev.postern.telnet.ConsoleContext;
import dev.postern.telnet.ConsoleControl;
import dev.postern.telnet.EndReason;
import dev.postern.upstream.UpstreamStatus;

/**
 * One live console session: a Telnet connection whose output a virtual thread pumps to the attached browser, to the
 * replay ring and to the recording. Flow control: output sent and not yet acknowledged by the browser as drawn is
 * capped ({@code window}); past it the pump stops reading from the host, whose TCP connection then pushes back. With
 * no browser attached (reload, sleep) the pump goes on into the ring and the recording, and the session waits for a
 * browser to reattach until the grace period ends.
 */
public final class LiveConsole {

    private static final Logger log = LoggerFactory.getLogger(LiveConsole.class);

    private final UUID id;
    private final ConsoleContext context;
    private final TelnetHost host;
    private final boolean raw;
    private final long window;
    private final ScreenReplay replay;
    private final AsciicastRecorder recorder;
    private final AutoLogin autoLogin;
    private final BiConsumer<LiveConsole, EndReason> onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Instant started = Instant.now();

    private ConsoleClient client;
    private boolean everAttached;
    private long unacknowledged;
    private volatile long lastActivity = System.nanoTime();
    private volatile long detachedSince = System.nanoTime();
    private volatile EndReason ended;
    private String endDetail;

    LiveConsole(UUID id, ConsoleContext context, TelnetHost host, boolean raw, long window, int replayBytes,
                AsciicastRecorder recorder, AutoLogin autoLogin, BiConsumer<LiveConsole, EndReason> onEnd) {
        this.id = id;
        this.context = context;
        this.host = host;
        this.raw = raw;
        this.window = window;
        this.replay = new ScreenReplay(replayBytes);
        this.recorder = recorder;
        this.autoLogin = autoLogin;
        this.onEnd = onEnd;
    }

    public UUID id() {
        return id;
    }

    public ConsoleContext context() {
        return context;
    }

    public Instant started() {
        return started;
    }

    public boolean attached() {
        lock.lock();
        try {
            return client != null;
        } finally {
            lock.unlock();
        }
    }

    public EndReason endReason() {
        return ended;
    }

    public long bytesFromHost() {
        return host.bytesFromHost();
    }

    public long bytesToHost() {
        return host.bytesToHost();
    }

    /** Starts pumping the host's output on a virtual thread of its own. */
    void start() {
        Thread.ofVirtual().name("console-" + id).start(this::pump);
    }

    private void pump() {
        try {
            host.pump(this::fromHost);
            end(EndReason.HOST_CLOSED, null);
        } catch (IOException failure) {
            if (ended == null) {
                UpstreamStatus status = UpstreamStatus.classify(failure);
                end(status == UpstreamStatus.POLICY_REFUSED ? EndReason.POLICY : EndReason.ERROR,
                        UpstreamStatus.describe(failure));
            }
        } catch (RuntimeException unexpected) {
            log.error("Console session {} failed", id, unexpected);
            end(EndReason.ERROR, unexpected.getClass().getSimpleName());
        }
    }

    private void fromHost(byte[] data, int offset, int length) throws IOException {
        lastActivity = System.nanoTime();
        if (autoLogin != null && !autoLogin.done()) {
            autoLogin.seen(data, offset, length, host::send);
        }
        if (recorder != null) {
            recorder.output(data, offset, length);
        }
        ConsoleClient target;
        lock.lock();
        try {
            replay.append(data, offset, length);
            if (client != null && unacknowledged > window) {
                // Past the high-water mark: wait until the browser has drawn most of it (a quarter left), so that the
                // host is paused in long stretches rather than for every chunk.
                while (client != null && unacknowledged > window / 4 && ended == null) {
                    drained.await(1, TimeUnit.SECONDS);
                }
            }
            target = client;
            if (target != null) {
                unacknowledged += length;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("console closed");
        } finally {
            lock.unlock();
        }
        if (target != null) {
            try {
                target.output(data, offset, length);
            } catch (IOException browserGone) {
                detach(target);
            }
        }
    }

    /** The browser has drawn this many more bytes. */
    public void acknowledge(long bytes) {
        lock.lock();
        try {
            unacknowledged = Math.max(0, unacknowledged - Math.max(0, bytes));
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attaches a browser, replaying the recent screen first; a browser attached before is told that the session moved
     * to another window.
     */
    public void attach(ConsoleClient browser) throws IOException {
        ConsoleClient previous;
        lock.lock();
        try {
            if (ended != null) {
                browser.ended(ended, endDetail);
                return;
            }
            previous = client;
            client = browser;
            unacknowledged = 0;
            drained.signalAll();
            byte[] screen = replay.snapshot(!raw);
            // The first browser gets what the host said so far as ordinary output; a later one, a replay.
            browser.attached(id, everAttached && screen.length > 0);
            everAttached = true;
            if (screen.length > 0) {
                // Under the lock: no new output reaches the browser before the replay does.
                browser.output(screen, 0, screen.length);
            }
        } finally {
            lock.unlock();
        }
        if (previous != null && previous != browser) {
            previous.replaced();
        }
    }

    /** The browser went away; the session waits for another until the grace period ends. */
    public void detach(ConsoleClient browser) {
        lock.lock();
        try {
            if (client == browser) {
                client = null;
                detachedSince = System.nanoTime();
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public void input(String typed) throws IOException {
        lastActivity = System.nanoTime();
        if (recorder != null) {
            recorder.input(typed);
        }
        host.send(typed);
    }

    public void inputBytes(byte[] bytes) throws IOException {
        lastActivity = System.nanoTime();
        host.sendBytes(bytes);
    }

    public void resize(int columns, int rows) throws IOException {
        host.resize(columns, rows);
        if (recorder != null) {
            recorder.resize(columns, rows);
        }
    }

    public void control(ConsoleControl function) throws IOException {
        lastActivity = System.nanoTime();
        host.control(switch (function) {
            case INTERRUPT -> ControlFunction.INTERRUPT;
            case BREAK -> ControlFunction.BREAK;
            case ARE_YOU_THERE -> ControlFunction.ARE_YOU_THERE;
            case ABORT_OUTPUT -> ControlFunction.ABORT_OUTPUT;
            case EOF -> ControlFunction.EOF;
        });
    }

    public long idleNanos() {
        return System.nanoTime() - lastActivity;
    }

    /** Nanoseconds without a browser, or -1 while one is attached. */
    public long detachedNanos() {
        lock.lock();
        try {
            return client == null ? System.nanoTime() - detachedSince : -1;
        } finally {
            lock.unlock();
        }
    }

    public void flushRecording() {
        if (recorder != null) {
            try {
                recorder.flush();
            } catch (RuntimeException failure) {
                log.warn("Console session {}: recording not written: {}", id, failure.toString());
            }
        }
    }

    /** Ends the session (once): the host connection closes, the recording is completed, the browser told why. */
    public void end(EndReason reason, String detail) {
        ConsoleClient browser;
        lock.lock();
        try {
            if (ended != null) {
                return;
            }
            ended = reason;
            endDetail = detail;
            browser = client;
            client = null;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        host.close();
        if (recorder != null) {
            try {
                recorder.close();
            } catch (RuntimeException failure) {
                log.warn("Console session {}: recording not completed: {}", id, failure.toString());
            }
        }
        onEnd.accept(this, reason);
        if (browser != null) {
            browser.ended(reason, detail);
        }
    }
}
