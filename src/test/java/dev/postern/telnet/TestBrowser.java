package dev.postern.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A console client for tests: collects what the session sends, and can wait for text to appear. */
final class TestBrowser implements ConsoleClient {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile UUID session;
    private volatile boolean replayed;
    private volatile boolean replaced;
    private volatile EndReason ended;
    private volatile String endDetail;
    /** When false, output is taken but never acknowledged (a browser that cannot draw). */
    private final boolean acknowledging;
    private volatile Attachment attachment;

    TestBrowser(boolean acknowledging) {
        this.acknowledging = acknowledging;
    }

    void attachment(Attachment attachment) {
        this.attachment = attachment;
    }

    @Override
    public synchronized void attached(UUID id, boolean replay) {
        session = id;
        replayed = replay;
    }

    @Override
    public void output(byte[] data, int offset, int length) {
        synchronized (this) {
            received.write(data, offset, length);
            notifyAll();
        }
        Attachment current = attachment;
        if (acknowledging && current != null) {
            current.acknowledge(length);
        }
    }

    @Override
    public synchronized void replaced() {
        replaced = true;
        notifyAll();
    }

    @Override
    public synchronized void ended(EndReason reason, String detail) {
        ended = reason;
        endDetail = detail;
        notifyAll();
    }

    synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    synchronized byte[] bytes() {
        return received.toByteArray();
    }

    synchronized int size() {
        return received.size();
    }

    /** Waits until the output contains the text. */
    synchronized String await(String expected) throws InterruptedException {
        return await(expected, Duration.ofSeconds(15));
    }

    synchronized String await(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] wanted = expected.getBytes(StandardCharsets.UTF_8);
        // Searches only what arrived since the last look (a flood is megabytes): from where a match could still start.
        int from = 0;
        while (true) {
            byte[] all = received.toByteArray();
            if (indexOf(all, wanted, from) >= 0) {
                return new String(all, StandardCharsets.UTF_8);
            }
            from = Math.max(0, all.length - wanted.length + 1);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String text = new String(all, StandardCharsets.UTF_8);
                throw new AssertionError("no \"" + expected + "\" in: "
                        + text.substring(Math.max(0, text.length() - 2000)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    synchronized EndReason awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ended == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the session did not end");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return ended;
    }

    UUID session() {
        return session;
    }

    boolean replayed() {
        return replayed;
    }

    boolean wasReplaced() {
        return replaced;
    }

    EndReason endReason() {
        return ended;
    }

    String endDetail() {
        return endDetail;
    }
}
