package dev.postern.ftp.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.postern.upstream.UpstreamProperties;

/**
 * Ends a data connection whose read or write has waited longer than the data timeout
 * ({@code postern.upstream.read-timeout}), in place of the socket's own read timeout ({@code SO_TIMEOUT}).
 *
 * <p>Why: a transfer runs on a virtual thread, and each read of a socket with {@code SO_TIMEOUT} that finds no data
 * parks the thread with a timer, which the JDK schedules and then cancels on another thread. On a link slower than
 * Postern's own pace (every real one) nearly every read waits; without those timers Postern spends a fifth less CPU
 * per download on a 1 Gbit/s link (FtpBenchmark with {@code -Dpostern.bench.ftp.link=1gbit}; ADR 11). So the
 * streams of a transfer note when a call starts to wait, and one thread looks at all of them a few times per
 * timeout: a call that waited too long has its socket closed, and fails as a {@link SocketTimeoutException}, as with
 * {@code SO_TIMEOUT}. Writes are watched the same way (a server that stops reading no longer holds an upload for
 * ever).
 */
@Component
class DataWatch implements DisposableBean {

    private final Duration timeout;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    @Autowired
    DataWatch(UpstreamProperties upstream) {
        this(upstream.readTimeout());
    }

    DataWatch(Duration timeout) {
        this.timeout = timeout;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("postern-ftp-data-watch").factory());
        long period = Math.clamp(timeout.toMillis() / 4, 10, 1000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The stream, its calls watched; the socket loses its own read timeout. A call that waits too long has
     * {@code transport} closed: the TCP connection itself, under TLS when there is TLS, so that no TLS lock held by
     * the waiting call can hold up the close. Closing the stream ends the watch.
     */
    InputStream reading(InputStream in, Socket socket, Socket transport) throws IOException {
        socket.setSoTimeout(0);
        Watched watch = new Watched(transport);
        watched.add(watch);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return watch.call(in::read);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return watch.call(() -> in.read(b, off, len));
            }

            @Override
            public void close() throws IOException {
                watched.remove(watch);
                super.close();
            }
        };
    }

    /** The stream, its writes and flushes watched, as {@link #reading} does. Closing the stream ends the watch. */
    OutputStream writing(OutputStream out, Socket transport) {
        Watched watch = new Watched(transport);
        watched.add(watch);
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                watch.call(() -> {
                    out.write(b, off, len);
                    return len;
                });
            }

            @Override
            public void flush() throws IOException {
                watch.call(() -> {
                    out.flush();
                    return 0;
                });
            }

            @Override
            public void close() throws IOException {
                watched.remove(watch);
                out.close();
            }
        };
    }

    /** How many streams are watched now (for tests). */
    int watching() {
        return watched.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watched watch : watched) {
            watch.expireIfWaitingSince(now - timeout.toNanos());
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }

    /** A read, write or flush of the stream underneath. */
    @FunctionalInterface
    private interface Call {
        int run() throws IOException;
    }

    /** One stream's state: since when its current call waits (0 when none), and whether the watch ended it. */
    private final class Watched {

        private final Socket transport;
        private volatile long waitingSince;
        private volatile boolean expired;

        Watched(Socket transport) {
            this.transport = transport;
        }

        /** Runs the call, marked as waiting while it runs; a failure the watch caused reads as a timeout. */
        int call(Call call) throws IOException {
            long since = begin();
            try {
                return call.run();
            } catch (IOException failure) {
                throw explain(failure);
            } finally {
                end(since);
            }
        }

        /** Marks a call's start; answers the mark, never 0. */
        private long begin() {
            long now = System.nanoTime() | 1;
            waitingSince = now;
            return now;
        }

        private void end(long since) {
            if (waitingSince == since) {
                waitingSince = 0;
            }
        }

        void expireIfWaitingSince(long deadline) {
            if (transport.isClosed()) {
                // Closed beneath a stream nobody closed: nothing left to watch.
                watched.remove(this);
                return;
            }
            long since = waitingSince;
            if (since != 0 && since - deadline < 0) {
                expired = true;
                watched.remove(this);
                try {
                    transport.close();
                } catch (IOException ignored) {
                    // Closing is the point; a socket that fails to close is gone anyway.
                }
            }
        }

        /** The failure of a call that the watch ended reads as the timeout it is. */
        private IOException explain(IOException failure) {
            if (!expired) {
                return failure;
            }
            String waited = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
            SocketTimeoutException timedOut = new SocketTimeoutException(
                    "No data moved on the data connection for " + waited);
            timedOut.initCause(failure);
            return timedOut;
        }
    }
}
