package dev.postern.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The data connection's timeout as {@link DataWatch} keeps it: a read or write that waits longer than the timeout
 * fails as a {@link SocketTimeoutException}; one that keeps moving, or a stream left alone between calls, does not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DataWatchTests {

    static final Duration TIMEOUT = Duration.ofMillis(300);

    DataWatch watch;
    ServerSocket listener;
    Socket client;
    Socket server;

    @BeforeEach
    void connect() throws IOException {
        watch = new DataWatch(TIMEOUT);
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        watch.destroy();
        server.close();
        client.close();
        listener.close();
    }

    @Test
    void aReadThatGetsNothingForTheTimeoutFailsAsATimeout() throws IOException {
        client.setSoTimeout(60_000);
        InputStream in = watch.reading(client.getInputStream(), client, client);
        assertThat(client.getSoTimeout()).as("the socket's own timeout is off").isZero();

        Throwable failure = catchThrowable(() -> in.read(new byte[10]));

        assertThat(failure).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("No data moved");
        assertThat(client.isClosed()).isTrue();
        assertThat(watch.watching()).isZero();
    }

    @Test
    void aReadThatKeepsGettingBytesRunsLongerThanTheTimeout() throws Exception {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = server.getOutputStream();
                for (int i = 0; i < 12; i++) {
                    Thread.sleep(TIMEOUT.toMillis() / 3);
                    out.write(i);
                    out.flush();
                }
                server.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (InputStream in = watch.reading(client.getInputStream(), client, client)) {
            assertThat(in.readAllBytes()).hasSize(12);
        }
        sender.join();
        assertThat(watch.watching()).isZero();
    }

    @Test
    void aStreamLeftAloneBetweenCallsIsNotEnded() throws Exception {
        try (InputStream in = watch.reading(client.getInputStream(), client, client)) {
            server.getOutputStream().write(new byte[] {1, 2});
            assertThat(in.read()).isEqualTo(1);
            // The caller is busy elsewhere (writing to a slow browser) for longer than the timeout.
            Thread.sleep(TIMEOUT.toMillis() * 3);
            assertThat(in.read()).isEqualTo(2);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aWriteThatThePeerNeverTakesFailsAsATimeout() throws IOException {
        // The server side never reads: once both sides' buffers are full the write waits, and the watch ends it.
        OutputStream out = watch.writing(client.getOutputStream(), client);
        byte[] chunk = new byte[64 * 1024];

        Throwable failure = catchThrowable(() -> {
            for (int i = 0; i < 100_000; i++) {
                out.write(chunk);
            }
        });

        assertThat(failure).isInstanceOf(SocketTimeoutException.class);
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void closingTheStreamEndsTheWatch() throws IOException {
        InputStream in = watch.reading(client.getInputStream(), client, client);
        OutputStream out = watch.writing(server.getOutputStream(), server);
        assertThat(watch.watching()).isEqualTo(2);
        in.close();
        out.close();
        assertThat(watch.watching()).isZero();
    }

    @Test
    void aFailureTheWatchDidNotCauseIsPassedOnAsItIs() throws IOException {
        InputStream in = watch.reading(client.getInputStream(), client, client);
        server.setSoLinger(true, 0);
        server.close();

        Throwable failure = catchThrowable(() -> in.read(new byte[10]));

        assertThat(failure).isInstanceOf(java.net.SocketException.class)
                .isNotInstanceOf(SocketTimeoutException.class);
    }
}
