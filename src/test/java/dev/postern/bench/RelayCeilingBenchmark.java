package dev.postern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.postern.testing.ftp.Vsftpd;
import dev.postern.upstream.Security;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ceiling for {@link FtpBenchmark}'s ratio on the machine it runs on: how fast a 1 GiB file moves between two
 * loopback connections through a relay that does nothing else, next to the same file moved without one. No FTP, no
 * HTTP, no Postern: a source that sends the file with {@code sendfile} (as vsftpd does), a sink that reads and writes
 * it to disk (as vsftpd does), the benchmark's client (reading and writing as {@link FtpBenchmark}'s direct client
 * does, and checking length and CRC-32C), and in between one of:
 * <ul>
 * <li>nothing (direct);</li>
 * <li>a Java relay over {@code java.net.Socket} streams with one 256 KiB array (Postern's copy loop without HTTP);</li>
 * <li>a Java relay over {@code SocketChannel}s with one 256 KiB direct buffer (no copy in user space but the kernel's
 * own);</li>
 * <li>{@code splice-relay} ({@code src/test/c/splice-relay.c}, compiled with {@code cc} when there is one): the kernel
 * moves the bytes from socket to socket by page reference, no copy at all in the relay.</li>
 * </ul>
 * Where vsftpd can be started (root, as the FTP system tests), a third leg uploads to vsftpd itself, the data
 * connection directly and through each relay (the client does PASV and APPE, and connects its data connection to the
 * relay, which connects to the passive port). Median of {@value FtpBenchmark#RUNS_DEFAULT} runs each way after a
 * warm-up; the relays run in turn, alternating, so that a change in the machine's load touches them all. Run with
 * {@code ./mvnw -Pbench verify -DskipFrontendTests -Dtest=RelayCeilingBenchmark} (2–4 minutes; root only for vsftpd);
 * results are printed and written to {@code target/bench/relay.txt}. It never asserts a timing.
 */
@Tag("bench")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RelayCeilingBenchmark {

    static final long SIZE = FtpBenchmark.LARGE;
    static final int CHUNK = FtpBenchmark.CHUNK;
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final Path DIR = Path.of("target", "bench", "relay");
    static final Path SOURCE = DIR.resolve("source.bin");
    static final Path SINK = DIR.resolve("sink.bin");
    static final Path SPLICE_SOURCE = Path.of("src", "test", "c", "splice-relay.c");
    static final Path SPLICE = DIR.resolve("splice-relay");

    final List<AutoCloseable> running = new ArrayList<>();
    /** Each relay's port toward the source (downloads) and toward the sink (uploads); none for direct. */
    final Map<String, int[]> relays = new LinkedHashMap<>();
    final Map<String, List<Double>> downloads = new LinkedHashMap<>();
    final Map<String, List<Double>> uploads = new LinkedHashMap<>();
    final BlockingQueue<Long> sinkDone = new LinkedBlockingQueue<>();
    /** vsftpd as the sink of a third leg (uploads to a real FTP server), when it can be started; null otherwise. */
    Vsftpd vsftpd;
    /** The passive port vsftpd just announced, where the Java relays toward vsftpd connect. */
    final AtomicInteger vsftpdPassivePort = new AtomicInteger();
    /** The Java relays' ports toward vsftpd; the splice relay is started per upload, for the port of the moment. */
    final Map<String, Integer> toVsftpd = new LinkedHashMap<>();
    final Map<String, List<Double>> vsftpdUploads = new LinkedHashMap<>();
    String vsftpdNote = "";
    String spliceNote = "";
    long sourceCrc;
    int sourcePort;
    int sinkPort;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(DIR);
        try (InputStream in = new FtpBenchmark.Generated(SIZE, new AtomicLong())) {
            Files.copy(in, SOURCE, StandardCopyOption.REPLACE_EXISTING);
        }
        sourceCrc = FtpBenchmark.Generated.crc(SIZE);
        sourcePort = serve("source", this::sendFile);
        sinkPort = serve("sink", this::receiveFile);
        relays.put("direct", new int[] {sourcePort, sinkPort});
        relays.put("Java streams, 256 KiB array", new int[] {
                serve("streams to source", down -> relayStreams(down, sourcePort)),
                serve("streams to sink", down -> relayStreams(down, sinkPort))});
        relays.put("Java channels, 256 KiB direct buffer", new int[] {
                serve("channels to source", down -> relayChannels(down, sourcePort)),
                serve("channels to sink", down -> relayChannels(down, sinkPort))});
        if (compileSplice()) {
            relays.put("splice(2) relay in C", new int[] {splice(sourcePort), splice(sinkPort)});
        }
        try {
            vsftpd = Vsftpd.start(Security.NONE);
            toVsftpd.put("Java streams, 256 KiB array",
                    serve("streams to vsftpd", down -> relayStreams(down, vsftpdPassivePort.get())));
            toVsftpd.put("Java channels, 256 KiB direct buffer",
                    serve("channels to vsftpd", down -> relayChannels(down, vsftpdPassivePort.get())));
        } catch (RuntimeException unavailable) {
            vsftpdNote = "Uploads to vsftpd: not measured (" + unavailable.getMessage() + ")";
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
        if (vsftpd != null) {
            vsftpd.close();
        }
        Files.deleteIfExists(SOURCE);
        Files.deleteIfExists(SINK);
        String table = table();
        System.out.println(table);
        Path out = Path.of("target", "bench", "relay.txt");
        Files.writeString(out, table);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    @Test
    void ceiling() throws Exception {
        for (int[] ports : relays.values()) {
            download(ports[0], SIZE / 4);
            upload(ports[1], SIZE / 4);
        }
        if (vsftpd != null) {
            for (String relay : relays.keySet()) {
                uploadToVsftpd(relay, SIZE / 4);
            }
        }
        for (int run = 0; run < FtpBenchmark.RUNS; run++) {
            for (Map.Entry<String, int[]> relay : relays.entrySet()) {
                downloads.computeIfAbsent(relay.getKey(), k -> new ArrayList<>()).add(download(relay.getValue()[0], SIZE));
                uploads.computeIfAbsent(relay.getKey(), k -> new ArrayList<>()).add(upload(relay.getValue()[1], SIZE));
                if (vsftpd != null) {
                    vsftpdUploads.computeIfAbsent(relay.getKey(), k -> new ArrayList<>())
                            .add(uploadToVsftpd(relay.getKey(), SIZE));
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The client, reading and writing as FtpBenchmark's direct client does

    /** Reads {@code size} bytes of the file from the source, through the port given; answers MB/s. */
    private double download(int port, long size) throws IOException {
        FtpBenchmark.Checked sink = new FtpBenchmark.Checked();
        long start = System.nanoTime();
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.getOutputStream().write(ByteBuffer.allocate(Long.BYTES).putLong(size).array());
            sink.drain(socket.getInputStream());
        }
        long nanos = System.nanoTime() - start;
        sink.check(size, size == SIZE ? sourceCrc : FtpBenchmark.Generated.crc(size));
        return size / 1e6 / (nanos / 1e9);
    }

    /** Sends {@code size} generated bytes to the sink, through the port given; answers MB/s once all are written. */
    private double upload(int port, long size) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket(LOOPBACK, port)) {
            new FtpBenchmark.Generated(size, new AtomicLong()).transferTo(socket.getOutputStream());
            socket.shutdownOutput();
            Long written = sinkDone.poll(5, TimeUnit.MINUTES);
            assertThat(written).as("bytes the sink wrote").isEqualTo(size);
        }
        long nanos = System.nanoTime() - start;
        checkAndDelete(SINK, size);
        return size / 1e6 / (nanos / 1e9);
    }

    /** Checks that the file holds the generated bytes (length and CRC-32C), then deletes it. */
    private static void checkAndDelete(Path file, long size) throws IOException {
        FtpBenchmark.Checked stored = new FtpBenchmark.Checked();
        try (InputStream in = Files.newInputStream(file)) {
            stored.drain(in);
        }
        stored.check(size, FtpBenchmark.Generated.crc(size));
        Files.delete(file);
    }

    static final Pattern PASSIVE = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    /**
     * Uploads {@code size} generated bytes to vsftpd (passive, {@code APPE} to a new file, as Postern does), its data
     * connection through the relay named ("direct": none); answers MB/s from the connection to vsftpd's {@code 226}.
     * The disk is synced and memory warmed first, as in {@link FtpBenchmark}.
     */
    private double uploadToVsftpd(String relay, long size) throws Exception {
        FtpBenchmark.syncDisk();
        FtpBenchmark.warmMemory();
        FTPClient client = new FTPClient();
        Process splice = null;
        try {
            client.connect(vsftpd.host(), vsftpd.port());
            assertThat(client.login(vsftpd.username(), vsftpd.password())).as(client.getReplyString()).isTrue();
            assertThat(client.setFileType(FTP.BINARY_FILE_TYPE)).isTrue();
            assertThat(client.pasv()).as(client.getReplyString()).isEqualTo(227);
            Matcher announced = PASSIVE.matcher(client.getReplyString());
            assertThat(announced.find()).as(client.getReplyString()).isTrue();
            int passive = Integer.parseInt(announced.group(5)) * 256 + Integer.parseInt(announced.group(6));
            int port = passive;
            if (relay.startsWith("splice")) {
                Splice started = startSplice(passive);
                splice = started.process();
                port = started.port();
            } else if (!relay.equals("direct")) {
                vsftpdPassivePort.set(passive);
                port = toVsftpd.get(relay);
            }
            long start = System.nanoTime();
            try (Socket data = new Socket(LOOPBACK, port)) {
                int reply = client.sendCommand("APPE", "relay.bin");
                assertThat(FTPReply.isPositivePreliminary(reply)).as(client.getReplyString()).isTrue();
                new FtpBenchmark.Generated(size, new AtomicLong()).transferTo(data.getOutputStream());
            }
            assertThat(client.getReply()).as(client.getReplyString()).isEqualTo(226);
            long nanos = System.nanoTime() - start;
            checkAndDelete(vsftpd.root().resolve("relay.bin"), size);
            return size / 1e6 / (nanos / 1e9);
        } finally {
            if (splice != null) {
                splice.destroy();
            }
            client.disconnect();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The source and the sink, in vsftpd's roles, and the Java relays: each connection on a virtual thread

    @FunctionalInterface
    interface Handler {
        void handle(SocketChannel connection) throws IOException;
    }

    /** Accepts connections on a loopback port (as channels, as Tomcat does); answers the port. */
    private int serve(String name, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        running.add(server);
        Thread.ofPlatform().daemon().name(name).start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel connection = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (connection) {
                            handler.handle(connection);
                        } catch (IOException e) {
                            System.err.println(name + ": " + e);
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Sends as many bytes of the file as the client's first eight bytes ask for, with {@code sendfile}. */
    private void sendFile(SocketChannel connection) throws IOException {
        ByteBuffer asked = ByteBuffer.allocate(Long.BYTES);
        while (asked.hasRemaining() && connection.read(asked) >= 0) {
            // Eight bytes, usually in one read.
        }
        long size = asked.flip().getLong();
        try (FileChannel file = FileChannel.open(SOURCE)) {
            long position = 0;
            while (position < size) {
                position += file.transferTo(position, size - position, connection);
            }
        }
    }

    /** Reads everything into the sink file, an array at a time, as vsftpd stores an upload. */
    private void receiveFile(SocketChannel connection) throws IOException {
        long total = 0;
        try (InputStream in = connection.socket().getInputStream();
             OutputStream file = Files.newOutputStream(SINK)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                file.write(buffer, 0, n);
                total += n;
            }
        } finally {
            sinkDone.add(total);
        }
    }

    /** Relays over a {@code java.net.Socket} to the target (as Postern's FTP data connection is), 256 KiB arrays. */
    private void relayStreams(SocketChannel down, int target) throws IOException {
        try (Socket up = new Socket(LOOPBACK, target)) {
            Socket downSocket = down.socket();
            both(() -> copy(downSocket.getInputStream(), up.getOutputStream(), up::shutdownOutput),
                    () -> copy(up.getInputStream(), downSocket.getOutputStream(), downSocket::shutdownOutput));
        }
    }

    private static void copy(InputStream in, OutputStream out, Step end) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        end.run();
    }

    /** Relays channel to channel through a 256 KiB direct buffer each way: no copy in user space. */
    private void relayChannels(SocketChannel down, int target) throws IOException {
        try (SocketChannel up = SocketChannel.open(new InetSocketAddress(LOOPBACK, target))) {
            both(() -> copy(down, up), () -> copy(up, down));
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        while (from.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                to.write(buffer);
            }
            buffer.clear();
        }
        to.shutdownOutput();
    }

    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /** Runs the two directions, the second on a virtual thread of its own; returns when both ended. */
    private static void both(Step one, Step other) throws IOException {
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                other.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
        one.run();
        try {
            second.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The splice(2) relay

    private boolean compileSplice() throws Exception {
        Path cc = Path.of("/usr/bin/cc");
        if (!Files.isExecutable(cc)) {
            spliceNote = "splice(2) relay: not measured (no cc at /usr/bin/cc to compile " + SPLICE_SOURCE + ")";
            return false;
        }
        Process build = new ProcessBuilder(cc.toString(), "-O2", "-Wall", "-pthread", "-o", SPLICE.toString(),
                SPLICE_SOURCE.toString()).redirectErrorStream(true).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as("cc: %s", out).isZero();
        return true;
    }

    /** Starts the relay toward the target on a free port, stopped with the benchmark; answers the port. */
    private int splice(int target) throws IOException {
        Splice relay = startSplice(target);
        running.add(relay.process()::destroy);
        return relay.port();
    }

    /** A running splice relay and the port it listens on. */
    record Splice(Process process, int port) {
    }

    /** Starts the relay toward the target on a free port; answers once it listens. */
    private static Splice startSplice(int target) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
            port = free.getLocalPort();
        }
        Process relay = new ProcessBuilder(SPLICE.toString(), Integer.toString(port), Integer.toString(target))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ready = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(ready).as("splice-relay on port %d", port).isEqualTo("ready");
        return new Splice(relay, port);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Results

    private String table() {
        StringBuilder out = new StringBuilder();
        out.append("Relay ceiling, ").append(LocalDate.now()).append(", ").append(SIZE / FtpBenchmark.MIB)
                .append(" MiB, median of ").append(FtpBenchmark.RUNS).append(" runs (MB/s; ratio to direct)\n");
        out.append(String.format(Locale.ROOT, "%-40s %24s %24s%n", "Between client and source/sink", "download",
                "upload"));
        double directDown = median(downloads.get("direct"));
        double directUp = median(uploads.get("direct"));
        for (String relay : relays.keySet()) {
            if (!downloads.containsKey(relay)) {
                continue;
            }
            double down = median(downloads.get(relay));
            double up = median(uploads.get(relay));
            out.append(String.format(Locale.ROOT, "%-40s %,17.0f (%.2f) %,17.0f (%.2f)%n", relay, down,
                    down / directDown, up, up / directUp));
            out.append(String.format(Locale.ROOT, "%-40s runs %s / %s%n", "", runs(downloads.get(relay)),
                    runs(uploads.get(relay))));
        }
        if (!vsftpdUploads.isEmpty()) {
            out.append("\nUploads to vsftpd (APPE, passive, from a synced disk and warmed memory), median of ")
                    .append(FtpBenchmark.RUNS).append(" runs (MB/s; ratio to direct)\n");
            double direct = median(vsftpdUploads.get("direct"));
            for (Map.Entry<String, List<Double>> relay : vsftpdUploads.entrySet()) {
                double up = median(relay.getValue());
                out.append(String.format(Locale.ROOT, "%-40s %,17.0f (%.2f)   runs %s%n", relay.getKey(), up,
                        up / direct, runs(relay.getValue())));
            }
        }
        for (String note : List.of(vsftpdNote, spliceNote)) {
            if (!note.isEmpty()) {
                out.append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String runs(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v))
                .collect(java.util.stream.Collectors.joining(" "));
    }
}
