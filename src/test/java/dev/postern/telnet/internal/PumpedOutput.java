package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs {@link TelnetHost#pump} on a virtual thread, as the WebSocket bridge will, and keeps what it hands on for a
 * test to wait for: all of it, and each piece separately.
 */
final class PumpedOutput {

    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final List<byte[]> pieces = new ArrayList<>();
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean ended;

    PumpedOutput(TelnetHost host) {
        this.thread = Thread.ofVirtual().name("telnet-pump").start(() -> {
            try {
                host.pump((data, offset, length) -> {
                    synchronized (this) {
                        all.write(data, offset, length);
                        byte[] piece = new byte[length];
                        System.arraycopy(data, offset, piece, 0, length);
                        pieces.add(piece);
                        notifyAll();
                    }
                });
            } catch (Throwable e) {
                failure = e;
            } finally {
                ended = true;
                synchronized (this) {
                    notifyAll();
                }
            }
        });
    }

    synchronized byte[] bytes() {
        return all.toByteArray();
    }

    synchronized String text() {
        return all.toString(StandardCharsets.UTF_8);
    }

    synchronized List<byte[]> pieces() {
        return List.copyOf(pieces);
    }

    /** Forgets what came so far: {@link #await} looks only at what comes next. */
    synchronized void clear() {
        all.reset();
        pieces.clear();
    }

    /** Waits until the text so far matches, and returns it; fails with the text on timeout or end. */
    String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                String text = text();
                if (match.test(text)) {
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    throw new AssertionError((ended ? "The pump ended" : "Timed out") + " waiting; output so far:\n"
                            + text + (failure == null ? "" : "\nfailure: " + failure));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    String await(String contained) throws InterruptedException {
        return await(text -> text.contains(contained), Duration.ofSeconds(10));
    }

    /** Waits for the pump to return; true if it did in time. */
    boolean ends(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    Throwable failure() {
        return failure;
    }

    /** A failure of the pump, as an exception for the test (an IOException is how a broken connection shows). */
    void rethrow() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }
}
