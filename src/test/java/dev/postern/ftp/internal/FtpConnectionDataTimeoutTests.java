package dev.postern.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.unit.DataSize;

import dev.postern.account.CurrentUser;
import dev.postern.ftp.FtpProperties;
import dev.postern.ftp.TransferType;
import dev.postern.testing.ChunkInputStream;
import dev.postern.testing.ftp.ApacheFtpTestServer;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.ResolvedConnection;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamProperties;

/**
 * A data connection on which a server stops sending, or stops taking bytes, ends after the data timeout as a
 * {@link SocketTimeoutException} ({@link DataWatch}, which stands in for the socket's own read timeout), and a transfer
 * that keeps moving for longer than the timeout is not ended.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FtpConnectionDataTimeoutTests {

    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(1);
    private static final CurrentUser USER = new CurrentUser(1, "alice", false, "127.0.0.1");

    private static final Stalling stalling = new Stalling();
    private static ApacheFtpTestServer server;
    private static DataWatch watch;

    @BeforeAll
    static void start() {
        server = ApacheFtpTestServer.startWith(stalling);
        watch = new DataWatch(DATA_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        stalling.release.countDown();
        watch.destroy();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDownloadTheServerStopsSendingTimesOut() throws Exception {
        try (FtpConnection connection = open()) {
            InputStream in = connection.retrieve(connection.onServer("/stall.bin"), 0, TransferType.BINARY);
            byte[] buffer = new byte[4096];

            assertThatThrownBy(() -> {
                while (in.read(buffer) >= 0) {
                    // A few bytes come, then nothing while the connection stays open.
                }
            }).isInstanceOf(SocketTimeoutException.class);

            connection.abandonTransfer(in);
            assertThat(watch.watching()).isZero();
        }
    }

    @Test
    void anUploadTheServerStopsTakingTimesOut() throws Exception {
        try (FtpConnection connection = open()) {
            OutputStream out = connection.store(connection.onServer("/stall-up.bin"), false, TransferType.BINARY);
            byte[] chunk = new byte[64 * 1024];

            assertThatThrownBy(() -> {
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                }
            }).isInstanceOf(SocketTimeoutException.class);

            connection.abandonTransfer(out);
            assertThat(watch.watching()).isZero();
        }
    }

    @Test
    void aSlowDownloadThatKeepsMovingOutlastsTheTimeout() throws Exception {
        try (FtpConnection connection = open()) {
            try (InputStream in = connection.retrieve(connection.onServer("/slow.bin"), 0, TransferType.BINARY)) {
                assertThat(in.readAllBytes()).hasSize(Stalling.SLOW_CHUNKS * SlowInput.CHUNK);
            }
            connection.completeTransfer();
            assertThat(watch.watching()).isZero();
        }
    }

    @Test
    void closingTheConnectionEndsATransferLeftOpenAndItsWatch() throws Exception {
        FtpConnection connection = open();
        InputStream in = connection.retrieve(connection.onServer("/slow.bin"), 0, TransferType.BINARY);
        assertThat(in.read(new byte[10])).isPositive();
        assertThat(watch.watching()).isEqualTo(1);

        // A transfer that failed part way (say the browser went away) leaves its stream to the connection's close.
        connection.close();

        assertThat(watch.watching()).isZero();
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(IOException.class);
    }

    private static FtpConnection open() throws IOException {
        ConnectionProfile profile = new ConnectionProfile(UUID.randomUUID(), ConnectionKind.FTP, "files",
                server.host(), server.port(), Security.NONE, server.username(), true, 1L, false,
                new ConnectionOptions.Ftp(true, "UTF-8"), Instant.now());
        Connections connections = mock(Connections.class);
        when(connections.use(profile.id(), USER)).thenReturn(new ResolvedConnection(profile, server.password()));
        UpstreamPolicy policy = mock(UpstreamPolicy.class);
        when(policy.check(eq(Protocol.FTP), anyString(), anyInt(), any()))
                .thenReturn(List.of(InetAddress.getByName(server.host())));
        FtpProperties properties = new FtpProperties(Duration.ofMinutes(5), Duration.ofSeconds(60), 16,
                Duration.ofSeconds(30), DataSize.ofKilobytes(256), 100_000, Duration.ofDays(7));
        UpstreamProperties upstream = new UpstreamProperties("", "", List.of(), true, Duration.ofSeconds(5),
                DATA_TIMEOUT);
        return new FtpConnector(connections, policy, upstream, properties, new HostSlots(properties), watch)
                .open(profile, USER);
    }

    /**
     * Answers three files itself: RETR of {@code stall.bin} sends a few bytes, then nothing; STOR of
     * {@code stall-up.bin} opens the data connection and never reads; RETR of {@code slow.bin} sends a little every
     * fifth of the timeout, for three timeouts.
     */
    static final class Stalling extends DefaultFtplet {

        static final int SLOW_CHUNKS = 15;

        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
                throws org.apache.ftpserver.ftplet.FtpException, IOException {
            String file = request.hasArgument() ? request.getArgument() : "";
            boolean stallDown = request.getCommand().equals("RETR") && file.endsWith("stall.bin");
            boolean slowDown = request.getCommand().equals("RETR") && file.endsWith("slow.bin");
            boolean stallUp = request.getCommand().equals("STOR") && file.endsWith("stall-up.bin");
            if (!stallDown && !slowDown && !stallUp) {
                return super.beforeCommand(session, request);
            }
            session.write(new DefaultFtpReply(FtpReply.REPLY_150_FILE_STATUS_OKAY, "Opening"));
            boolean complete = false;
            try {
                DataConnection data = session.getDataConnection().openConnection();
                if (stallUp) {
                    // Never reads: the client's writes fill the buffers and wait.
                    release.await(30, TimeUnit.SECONDS);
                } else if (stallDown) {
                    data.transferToClient(session, new StallingInput(release));
                } else {
                    data.transferToClient(session, new SlowInput());
                    complete = true;
                }
            } catch (Exception ignored) {
                // The client gave up, as it should.
            } finally {
                session.getDataConnection().closeDataConnection();
            }
            session.write(complete
                    ? new DefaultFtpReply(FtpReply.REPLY_226_CLOSING_DATA_CONNECTION, "Sent")
                    : new DefaultFtpReply(FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED, "Stalled"));
            return FtpletResult.SKIP;
        }
    }

    /** A thousand bytes, then a wait for the test's end. */
    private static final class StallingInput extends ChunkInputStream {

        private final CountDownLatch release;
        private int sent;

        StallingInput(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (sent < 1000) {
                int count = Math.min(length, 1000 - sent);
                sent += count;
                return count;
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    /**
     * {@value #CHUNK} bytes every fifth of the data timeout: the server copies them through an 8 KiB buffer, so a flush
     * reaches the client every second read.
     */
    private static final class SlowInput extends ChunkInputStream {

        static final int CHUNK = 4096;
        private int sent;

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (sent == Stalling.SLOW_CHUNKS) {
                return -1;
            }
            try {
                Thread.sleep(DATA_TIMEOUT.toMillis() / 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            sent++;
            return Math.min(length, CHUNK);
        }
    }
}
