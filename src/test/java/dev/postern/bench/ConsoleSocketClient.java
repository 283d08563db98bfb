package dev.postern.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One console WebSocket as the page uses it (frontend/src/console/PROTOCOL.md), without drawing: it counts the
 * binary output, acknowledges every {@value #ACK_EVERY} bytes as the page does after drawing, keeps the last few KiB
 * of output as text for waiting on a prompt, and can time the arrival of an echoed character.
 */
final class ConsoleSocketClient implements WebSocket.Listener {

    static final int ACK_EVERY = 64 * 1024;
    private static final int KEPT = 4096;

    final AtomicLong received = new AtomicLong();
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<String> hello = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final StringBuilder message = new StringBuilder();
    /** Arrival times of output that holds {@link #awaited}, while a probe waits for it. */
    private final BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(16);
    private volatile byte awaited;
    private volatile boolean keepText = true;
    private long unacknowledged;
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /** Opens a socket to the connection's console, signed in by the cookie, from the page's origin. */
    static ConsoleSocketClient open(HttpClient http, int port, String connectionId, String cookie) {
        ConsoleSocketClient client = new ConsoleSocketClient();
        client.socket = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                .header("Cookie", cookie).connectTimeout(Duration.ofSeconds(60))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/console/" + connectionId
                        + "/socket?cols=80&rows=24"), client).join();
        return client;
    }

    /** Opens without waiting: the future completes with the client once the upgrade is done. */
    static CompletableFuture<ConsoleSocketClient> openAsync(HttpClient http, int port, String connectionId,
                                                           String cookie) {
        ConsoleSocketClient client = new ConsoleSocketClient();
        return http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                .header("Cookie", cookie).connectTimeout(Duration.ofSeconds(120))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/console/" + connectionId
                        + "/socket?cols=80&rows=24"), client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    void input(String data) {
        send("{\"type\":\"input\",\"data\":\"" + data.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\r", "\\r").replace("\n", "\\n") + "\"}");
    }

    /** Ends the Telnet session (the socket alone closing would leave it waiting to be reattached). */
    void end() throws Exception {
        send("{\"type\":\"end\"}");
        try {
            ended.get(30, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }

    String awaitHello() throws Exception {
        return hello.get(120, TimeUnit.SECONDS);
    }

    /** Waits until the recent output contains the text. */
    void awaitOutput(String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (text) {
            while (text.indexOf(expected) < 0) {
                if (ended.isDone()) {
                    throw new IllegalStateException("session ended: " + ended.get() + "; output: " + text);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no '" + expected + "' in " + timeout + "; output: " + text);
                }
                TimeUnit.NANOSECONDS.timedWait(text, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    void clearText() {
        synchronized (text) {
            text.setLength(0);
        }
    }

    /** Stops keeping output as text (a flood), or starts again. */
    void keepText(boolean keep) {
        keepText = keep;
    }

    /** Sends one character as typed and returns the nanoseconds until output holding it came back. */
    long probe(char c) throws Exception {
        arrivals.clear();
        awaited = (byte) c;
        long start = System.nanoTime();
        input(Character.toString(c));
        Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
        awaited = 0;
        if (arrived == null) {
            throw new IllegalStateException("no echo of '" + c + "' in 10 s");
        }
        return arrived - start;
    }

    boolean hasEnded() {
        return ended.isDone();
    }

    private synchronized void send(String frame) {
        sending = sending.thenCompose(done -> socket.sendText(frame, true));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        int length = data.remaining();
        byte wanted = awaited;
        if (wanted != 0) {
            for (int i = data.position(); i < data.limit(); i++) {
                if (data.get(i) == wanted) {
                    arrivals.offer(now);
                    break;
                }
            }
        }
        if (keepText) {
            String chunk = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
            synchronized (text) {
                text.append(chunk);
                if (text.length() > KEPT) {
                    text.delete(0, text.length() - KEPT);
                }
                text.notifyAll();
            }
        } else {
            // Only the tail matters while flooding: whether the prompt came after the last line.
            int keep = Math.min(length, 8);
            byte[] tail = new byte[keep];
            data.get(data.limit() - keep, tail);
            synchronized (text) {
                text.append(new String(tail, StandardCharsets.US_ASCII));
                if (text.length() > 16) {
                    text.delete(0, text.length() - 16);
                }
                text.notifyAll();
            }
        }
        received.addAndGet(length);
        unacknowledged += length;
        if (unacknowledged >= ACK_EVERY) {
            send("{\"type\":\"ack\",\"bytes\":" + unacknowledged + "}");
            unacknowledged = 0;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
            String frame = message.toString();
            message.setLength(0);
            if (frame.contains("\"hello\"")) {
                hello.complete(frame);
            } else if (frame.contains("\"ended\"")) {
                ended.complete(frame);
                hello.complete(frame);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete("closed " + statusCode + " " + reason);
        hello.complete("closed " + statusCode + " " + reason);
        synchronized (text) {
            text.notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete("error " + error);
        hello.complete("error " + error);
    }
}
