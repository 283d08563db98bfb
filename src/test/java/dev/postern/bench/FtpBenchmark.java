package dev.postern.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.postern.testing.ChunkInputStream;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestDatabase;
import dev.postern.testing.ftp.Vsftpd;
import dev.postern.upstream.Security;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.postern.bench.BenchPages.encode;
import static dev.postern.bench.BenchPages.match;

/**
 * The file manager against vsftpd on loopback (plain FTP), through Postern over real HTTP, next to the same transfers
 * done directly with Commons Net:
 * <ol>
 * <li>download and upload of a 1 GiB file, median throughput of {@value #RUNS_DEFAULT} runs each way, and the ratio
 * Postern / direct; each transfer starts from a synced disk and warmed memory ({@link #settle}), and the direct one
 * goes first in every other run;</li>
 * <li>Postern's resident memory through each transfer, sampled every 100 ms from {@code /proc/<pid>/status}, and its
 * peak ({@code VmHWM}, reset before each transfer), for a 256 MiB and a 1 GiB file: flat memory means the same peak
 * for both; and the CPU time Postern and the client spent on each transfer;</li>
 * <li>the same transfers with curl ({@code ftp://} directly, {@code http://} through Postern), a client of another
 * make, which says how much of the figures is Java's {@code HttpClient};</li>
 * <li>the folder page of a directory of 10,000 files, request to complete rendered page, median and p90 of 10 after
 * 2 warm-ups, next to the same listing done directly (LIST: vsftpd has no MLSD).</li>
 * </ol>
 * Postern runs in a JVM of its own, started here as a child process with {@code -Xmx256m} (the test database is the
 * one of this JVM), so that its heap cap and resident memory are its own, apart from the benchmark's client and
 * vsftpd. Run with {@code ./mvnw -Pbench verify -DskipFrontendTests -Dtest=FtpBenchmark}; it needs root and vsftpd,
 * as the system tests do. Results are printed and written to {@code target/bench/ftp.txt}. It checks that every byte
 * arrived (length and CRC-32C) and never asserts a timing.
 */
@Tag("bench")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FtpBenchmark {

    static final int RUNS_DEFAULT = 3;
    static final long MIB = 1L << 20;
    static final long LARGE = Long.getLong("postern.bench.ftp.size", 1024 * MIB);
    static final long SMALL = LARGE / 4;
    static final int RUNS = Integer.getInteger("postern.bench.runs", RUNS_DEFAULT);
    static final int ENTRIES = 10_000;
    static final int LIST_WARMUP = 2;
    static final int LIST_SAMPLES = 10;
    static final String HEAP = System.getProperty("postern.bench.ftp.heap", "256m");
    /** A rate (e.g. {@code 1gbit}) for the link between vsftpd and everyone else ({@link ShapedLink}); none when empty. */
    static final String LINK = System.getProperty("postern.bench.ftp.link", "").strip();
    /** What the client side reads and writes at a time, both direct and through Postern (Postern's own default). */
    static final int CHUNK = 256 * 1024;
    static final long SEED = 20261127L;

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern FILES_LINK = Pattern.compile("/files/([0-9a-f-]{36})");
    static final Pattern ROW = Pattern.compile("<tr class=\"entry");

    Vsftpd server;
    ShapedLink link;
    PosternProcess started;
    Process postern;
    int port;
    Path log;
    String connectionId;
    String uploadCsrf;
    String uploadCsrfHeader;
    String cookie;
    long largeCrc;
    long smallCrc;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    final Results results = new Results();

    @BeforeAll
    void start() throws Exception {
        server = Vsftpd.start(Security.NONE);
        if (!LINK.isEmpty()) {
            link = ShapedLink.shape(LINK, server.port(), server.lastPassivePort());
        }
        long started = System.nanoTime();
        largeCrc = writeFile("bench/large.bin", LARGE);
        smallCrc = writeFile("bench/small.bin", SMALL);
        Path dir = server.createDirectories("big-dir");
        for (int i = 0; i < ENTRIES; i++) {
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "file-%05d.txt", i)), "entry " + i + "\n");
        }
        server.handOver(dir);
        System.out.println("Files made in " + millis(System.nanoTime() - started) + " ms");
        startPostern();
        signIn();
        addPolicyRule();
        createConnection();
        String page = get("/files/" + connectionId + "?path=/");
        uploadCsrf = match(Pattern.compile("data-csrf=\"([^\"]+)\""), page);
        uploadCsrfHeader = match(Pattern.compile("data-csrf-header=\"([^\"]+)\""), page);
    }

    @AfterAll
    void stop() throws Exception {
        if (link != null) {
            results.linkStatistics = link.statistics();
            link.close();
        }
        if (started != null) {
            try {
                started.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
        String table = results.table();
        System.out.println(table);
        Path out = Path.of("target", "bench", "ftp.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("Written to " + out.toAbsolutePath() + "; Postern's log: " + log.toAbsolutePath());
    }

    @Test
    void benchmark() throws Exception {
        // Warm-up: both paths once each way, not counted (the JIT, the connection pools, the page cache).
        directDownload("/bench/small.bin", SMALL, smallCrc);
        posternDownload("/bench/small.bin", SMALL, smallCrc);
        directUpload("warm-direct.bin", SMALL);
        posternUpload("warm-postern.bin", SMALL);
        removeUploads();

        results.smallDown = posternDownload("/bench/small.bin", SMALL, smallCrc);
        settle();
        results.smallUp = posternUpload("small-postern.bin", SMALL);
        for (int run = 0; run < RUNS; run++) {
            boolean posternFirst = run % 2 == 1;
            pair(posternFirst, () -> directDownload("/bench/large.bin", LARGE, largeCrc), results.directDown,
                    () -> posternDownload("/bench/large.bin", LARGE, largeCrc), results.posternDown);
            pair(posternFirst, () -> directUpload("large-direct.bin", LARGE), results.directUp,
                    () -> posternUpload("large-postern.bin", LARGE), results.posternUp);
        }
        if (Files.isExecutable(CURL)) {
            for (int run = 0; run < RUNS; run++) {
                boolean posternFirst = run % 2 == 1;
                pair(posternFirst, () -> curlDownload("ftp://" + server.username() + ":" + server.password() + "@"
                                + server.host() + ":" + server.port() + "/bench/large.bin", LARGE),
                        results.curlDirectDown,
                        () -> curlDownload(uri("/files/" + connectionId + "/download?path="
                                + encode("/bench/large.bin")).toString(), LARGE), results.curlPosternDown);
                pair(posternFirst, () -> curlUpload("ftp://" + server.username() + ":" + server.password() + "@"
                                + server.host() + ":" + server.port() + "/bench/curl-direct.bin", "curl-direct.bin"),
                        results.curlDirectUp,
                        () -> curlUpload(uri("/files/" + connectionId + "/upload?dir=" + encode("/bench")
                                + "&name=curl-postern.bin&size=" + LARGE + "&key=curl-" + System.nanoTime()
                                + "&offset=0&overwrite=true&type=binary").toString(), "curl-postern.bin"),
                        results.curlPosternUp);
            }
        }
        settle();
        listing();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The same transfers with curl, a client of another make: says how much of the figures is Java's HttpClient

    static final Path CURL = Path.of("/usr/bin/curl");

    private Transfer curlDownload(String url, long size) throws Exception {
        String out = curl(List.of("-o", "/dev/null", "-w", "%{http_code} %{size_download}", url));
        assertThat(out).as("curl %s", url).endsWith(" " + size);
        return lastCurl;
    }

    /** Uploads the large file as it lies on vsftpd's disk (read from the page cache), then checks what arrived. */
    private Transfer curlUpload(String url, String name) throws Exception {
        String file = server.root().resolve("bench/large.bin").toString();
        List<String> arguments = new ArrayList<>(List.of("-T", file, "-H", "Expect:", "-H",
                uploadCsrfHeader + ": " + uploadCsrf, "-o", "/dev/null", "-w", "%{http_code} %{size_upload}", url));
        if (url.startsWith("ftp:")) {
            // APPE to the new file, as Postern sends it: after STOR, vsftpd's close of the file it truncated waits
            // for ext4 to write it all out (ADR 7), and curl's QUIT waits for that.
            arguments.add(0, "--append");
        }
        String out = curl(arguments);
        assertThat(out).as("curl %s", url).endsWith(" " + LARGE);
        Checked stored = new Checked();
        try (InputStream in = Files.newInputStream(server.root().resolve("bench").resolve(name))) {
            stored.drain(in);
        }
        stored.check(LARGE, largeCrc);
        return lastCurl;
    }

    private Transfer lastCurl;

    private String curl(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "-s", "-S", "-H", "Cookie: " + cookie));
        command.addAll(arguments);
        try (MemorySampler memory = new MemorySampler(postern.pid(), new AtomicLong(LARGE), LARGE)) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.waitFor()).as("curl: %s", out).isZero();
            lastCurl = new Transfer(LARGE, System.nanoTime() - start, memory.finish());
            return out;
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Transfers

    /** One transfer: its time, and (through Postern) the resident memory it took. */
    record Transfer(long bytes, long nanos, Memory memory) {

        double mbPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    private Transfer directDownload(String path, long size, long crc) throws IOException {
        FTPClient client = ftp();
        try {
            Checked sink = new Checked();
            long start = System.nanoTime();
            try (InputStream in = client.retrieveFileStream(path)) {
                assertThat(in).as("RETR %s: %s", path, client.getReplyString()).isNotNull();
                sink.drain(in);
            }
            assertThat(client.completePendingCommand()).as(client.getReplyString()).isTrue();
            long nanos = System.nanoTime() - start;
            sink.check(size, crc);
            return new Transfer(size, nanos, null);
        } finally {
            client.disconnect();
        }
    }

    private Transfer directUpload(String name, long size) throws IOException {
        FTPClient client = ftp();
        try {
            long start = System.nanoTime();
            try (OutputStream out = client.storeFileStream("/bench/" + name)) {
                assertThat(out).as("STOR %s: %s", name, client.getReplyString()).isNotNull();
                new Generated(size, new AtomicLong()).transferTo(out);
            }
            assertThat(client.completePendingCommand()).as(client.getReplyString()).isTrue();
            long nanos = System.nanoTime() - start;
            checkStored(name, size);
            return new Transfer(size, nanos, null);
        } finally {
            client.disconnect();
        }
    }

    private Transfer posternDownload(String path, long size, long crc) throws Exception {
        Checked sink = new Checked();
        HttpRequest request = HttpRequest.newBuilder(uri("/files/" + connectionId + "/download?path="
                + encode(path))).header("Cookie", cookie).GET().build();
        try (MemorySampler memory = new MemorySampler(postern.pid(), sink.count, size)) {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as("GET download").isEqualTo(200);
            try (InputStream in = response.body()) {
                sink.drain(in);
            }
            long nanos = System.nanoTime() - start;
            sink.check(size, crc);
            return new Transfer(size, nanos, memory.finish());
        }
    }

    private Transfer posternUpload(String name, long size) throws Exception {
        AtomicLong sent = new AtomicLong();
        String query = "dir=" + encode("/bench") + "&name=" + encode(name) + "&size=" + size + "&key=bench-"
                + System.nanoTime() + "&offset=0&overwrite=true&type=binary";
        HttpRequest request = HttpRequest.newBuilder(uri("/files/" + connectionId + "/upload?" + query))
                .header("Cookie", cookie).header(uploadCsrfHeader, uploadCsrf)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(size, sent)), size))
                .timeout(Duration.ofMinutes(10)).build();
        try (MemorySampler memory = new MemorySampler(postern.pid(), sent, size)) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            assertThat(response.statusCode()).as("PUT upload: %s", response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"complete\":true").contains("\"stored\":" + size);
            Memory taken = memory.finish();
            checkStored(name, size);
            return new Transfer(size, nanos, taken);
        }
    }

    /** The uploaded file on vsftpd's disk: its length and CRC-32C, against what the generator made. */
    private void checkStored(String name, long size) throws IOException {
        Path file = server.root().resolve("bench").resolve(name);
        Checked stored = new Checked();
        try (InputStream in = Files.newInputStream(file)) {
            stored.drain(in);
        }
        stored.check(size, Generated.crc(size));
    }

    /** A transfer the benchmark times. */
    interface Timed {
        Transfer run() throws Exception;
    }

    /**
     * Times a direct transfer and the same through Postern, each from a {@linkplain #settle settled} disk, Postern
     * second or (every other run) first.
     */
    private void pair(boolean posternFirst, Timed direct, List<Transfer> directs, Timed viaPostern,
                      List<Transfer> viaPosterns) throws Exception {
        for (boolean postern : posternFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
            settle();
            (postern ? viaPosterns : directs).add((postern ? viaPostern : direct).run());
        }
    }

    /**
     * Removes what earlier uploads left, waits until the disk has written out what they dirtied ({@code sync}), and
     * {@linkplain #warmMemory warms} free memory.
     * Without this the second of two uploads ran while the kernel wrote the first one's gigabyte out, and vsftpd's
     * copies into the page cache took two to three times the CPU: whichever went second (Postern, as the benchmark
     * used to run) measured half the throughput of the other. The virtual disk's writes compete with the guest's
     * CPUs on this machine.
     */
    private void settle() throws Exception {
        removeUploads();
        syncDisk();
        warmMemory();
    }

    /** Waits until the disk has written out what is dirty ({@code sync}). */
    static void syncDisk() throws Exception {
        Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
        sync.getInputStream().readAllBytes();
        assertThat(sync.waitFor()).as("sync").isZero();
    }

    static final Path SHM = Path.of("/dev/shm");

    /**
     * Writes and deletes a file a quarter larger than the transfer in {@code /dev/shm} (memory), so that the transfer
     * finds free memory that its host backs. The development machine is a virtual machine that hands freed memory back
     * to its host (virtio-balloon free page reporting, two seconds after it is freed); the first write into such
     * memory faults on the host, and an upload into the page cache then ran 20–30 % slower (measured with uploads
     * straight to vsftpd: at once after a deleted upload, after ten idle seconds, and after ten seconds and this).
     * Which transfer of a pair found such memory was chance.
     */
    static void warmMemory() throws IOException {
        if (!Files.isDirectory(SHM) || Files.getFileStore(SHM).getUsableSpace() < 2 * LARGE) {
            return;
        }
        Path warm = Files.createTempFile(SHM, "postern-bench-warm", ".bin");
        try (var channel = java.nio.channels.FileChannel.open(warm, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer block = java.nio.ByteBuffer.allocateDirect((int) MIB);
            for (long written = 0; written < LARGE + LARGE / 4; written += MIB) {
                block.clear();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
            }
        } finally {
            Files.delete(warm);
        }
    }

    private void removeUploads() throws IOException {
        try (var files = Files.list(server.root().resolve("bench"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("large.bin") && !name.equals("small.bin")) {
                    Files.delete(file);
                }
            }
        }
    }

    private FTPClient ftp() throws IOException {
        FTPClient client = new FTPClient();
        client.setBufferSize(CHUNK);
        client.connect(server.host(), server.port());
        if (!FTPReply.isPositiveCompletion(client.getReplyCode()) || !client.login(server.username(),
                server.password())) {
            throw new IOException("could not sign in to " + server + ": " + client.getReplyString());
        }
        client.enterLocalPassiveMode();
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }

    /** Writes a generated file on vsftpd's disk, as the FTP user's; its CRC-32C. */
    private long writeFile(String relative, long size) throws IOException {
        Path file = server.root().resolve(relative);
        server.createDirectories(server.root().relativize(file.getParent()).toString());
        try (OutputStream out = Files.newOutputStream(file)) {
            new Generated(size, new AtomicLong()).transferTo(out);
        }
        server.handOver(file);
        return Generated.crc(size);
    }

    /**
     * A stream of {@code size} pseudo-random bytes (the same for the same size), counted into {@code sent} as they are
     * read. Blocks of 1 MiB, each from its own seed, so that making them costs the client little.
     */
    static final class Generated extends ChunkInputStream {

        private static final int BLOCK = (int) MIB;
        private static final Map<Long, Long> CRCS = new java.util.concurrent.ConcurrentHashMap<>();
        private final long size;
        private final AtomicLong sent;
        private final byte[] block = new byte[BLOCK];
        private long position;
        private long blockIndex = -1;

        Generated(long size, AtomicLong sent) {
            this.size = size;
            this.sent = sent;
        }

        static long crc(long size) {
            return CRCS.computeIfAbsent(size, s -> {
                Checked sink = new Checked();
                try (InputStream in = new Generated(s, new AtomicLong())) {
                    sink.drain(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return sink.crc.getValue();
            });
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            long index = position / BLOCK;
            if (index != blockIndex) {
                fill(index);
            }
            int within = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(length, BLOCK - within), size - position);
            System.arraycopy(block, within, target, offset, n);
            position += n;
            sent.addAndGet(n);
            return n;
        }

        private void fill(long index) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(SEED + index);
            // 64 KiB of random bytes, repeated with the block's index mixed in: random enough for FTP (which does
            // not compress here), and cheap to make.
            for (int i = 0; i < 65536; i += 8) {
                long value = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    block[i + b] = (byte) (value >>> (8 * b));
                }
            }
            for (int i = 65536; i < BLOCK; i++) {
                block[i] = (byte) (block[i - 65536] ^ (i >>> 16) ^ index);
            }
            blockIndex = index;
        }
    }

    /** What a download delivered: counted (for the memory samples' progress) and checked by CRC-32C. */
    static final class Checked {

        final AtomicLong count = new AtomicLong();
        final CRC32C crc = new CRC32C();

        void drain(InputStream in) throws IOException {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                crc.update(buffer, 0, n);
                count.addAndGet(n);
            }
        }

        void check(long size, long expected) {
            assertThat(count.get()).as("bytes").isEqualTo(size);
            assertThat(crc.getValue()).as("CRC-32C").isEqualTo(expected);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Postern's resident memory

    /**
     * RSS at the start, at 25, 50, 75 and 100 % of the bytes, the highest sample, and VmHWM (KiB); the CPU time Postern
     * and this JVM (the client) spent meanwhile (ms).
     */
    record Memory(long start, long[] atQuarters, long highestSample, long peak, long posternCpu, long clientCpu) {
    }

    /**
     * Samples Postern's {@code VmRSS} every 100 ms while a transfer runs, with the transfer's progress; resets
     * {@code VmHWM} first (writing 5 to {@code clear_refs}, which needs root, as the benchmark has), so that the peak
     * read at the end is this transfer's.
     */
    static final class MemorySampler implements AutoCloseable {

        private final long pid;
        private final AtomicLong progress;
        private final long size;
        private final List<long[]> samples = new ArrayList<>();
        private final Thread thread;
        private final long start;
        private final long posternCpu;
        private final long clientCpu;
        private volatile boolean running = true;

        MemorySampler(long pid, AtomicLong progress, long size) throws IOException {
            this.pid = pid;
            this.progress = progress;
            this.size = size;
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            this.start = status("VmRSS");
            this.posternCpu = cpuMillis(pid);
            this.clientCpu = cpuMillis(ProcessHandle.current().pid());
            this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
        }

        private void sample() {
            while (running) {
                try {
                    long rss = status("VmRSS");
                    synchronized (samples) {
                        samples.add(new long[]{progress.get(), rss});
                    }
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        Memory finish() throws IOException, InterruptedException {
            running = false;
            thread.join();
            long end = status("VmRSS");
            long[] quarters = new long[4];
            long highest = end;
            synchronized (samples) {
                samples.add(new long[]{size, end});
                for (int q = 0; q < 4; q++) {
                    long mark = size * (q + 1) / 4;
                    quarters[q] = samples.stream().filter(s -> s[0] >= mark).findFirst().orElseThrow()[1];
                }
                for (long[] sample : samples) {
                    highest = Math.max(highest, sample[1]);
                }
            }
            return new Memory(start, quarters, highest, status("VmHWM"), cpuMillis(pid) - posternCpu,
                    cpuMillis(ProcessHandle.current().pid()) - clientCpu);
        }

        /** User and system CPU time of a process, from {@code /proc/<pid>/stat} (clock ticks of 10 ms). */
        static long cpuMillis(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        }

        private long status(String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
            throw new IOException("no " + field + " for process " + pid);
        }

        @Override
        public void close() {
            running = false;
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Listing

    private void listing() throws Exception {
        String path = "/files/" + connectionId + "?path=" + encode("/big-dir");
        long[] page = new long[LIST_SAMPLES];
        for (int i = 0; i < LIST_WARMUP + LIST_SAMPLES; i++) {
            long start = System.nanoTime();
            String body = get(path);
            long nanos = System.nanoTime() - start;
            Matcher rows = ROW.matcher(body);
            int count = 0;
            while (rows.find()) {
                count++;
            }
            assertThat(count).as("rows on the folder page").isEqualTo(ENTRIES);
            results.listPageBytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (i >= LIST_WARMUP) {
                page[i - LIST_WARMUP] = nanos;
            }
        }
        results.listPage = page;
        long[] direct = new long[LIST_SAMPLES];
        FTPClient client = ftp();
        try {
            for (int i = 0; i < LIST_WARMUP + LIST_SAMPLES; i++) {
                long start = System.nanoTime();
                int count = client.listFiles("/big-dir").length;
                long nanos = System.nanoTime() - start;
                assertThat(count).as("LIST entries").isEqualTo(ENTRIES);
                if (i >= LIST_WARMUP) {
                    direct[i - LIST_WARMUP] = nanos;
                }
            }
        } finally {
            client.disconnect();
        }
        results.listDirect = direct;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Postern in a JVM of its own, over HTTP

    private void startPostern() throws Exception {
        started = PosternProcess.start(HEAP, "ftp-postern.log", "postern.bench.ftp.jvm",
                List.of(), http);
        postern = started.process();
        port = started.port();
        log = started.log();
    }

    private void signIn() throws Exception {
        String csrf = match(CSRF, get("/login"));
        HttpResponse<String> response = post("/login", Map.of("username", PosternTestConfiguration.ADMIN,
                "password", PosternTestConfiguration.ADMIN_PASSWORD, "_csrf", csrf));
        String target = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || target.contains("/login")) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + target);
        }
    }

    private void addPolicyRule() throws Exception {
        String csrf = match(CSRF, get("/admin/policy"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("protocol", "FTP");
        form.put("hostPattern", server.host());
        form.put("portFrom", Integer.toString(server.port()));
        form.put("portTo", Integer.toString(server.port()));
        form.put("description", "FTP benchmark");
        form.put("_csrf", csrf);
        HttpResponse<String> response = post("/admin/policy/rules", form);
        assertThat(response.statusCode()).as("adding the policy rule: %s", response.body()).isEqualTo(302);
    }

    private void createConnection() throws Exception {
        String csrf = match(CSRF, get("/connections/new?kind=ftp"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("kind", "FTP");
        form.put("name", "Bench vsftpd");
        form.put("host", server.host());
        form.put("port", Integer.toString(server.port()));
        form.put("security", "NONE");
        form.put("username", server.username());
        form.put("password", server.password());
        form.put("passive", "true");
        form.put("charset", "UTF-8");
        form.put("rootDirectory", "");
        form.put("_csrf", csrf);
        HttpResponse<String> response = post("/connections", form);
        assertThat(response.statusCode()).as("creating the connection: %s", response.body()).isEqualTo(302);
        connectionId = match(FILES_LINK, get("/"));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(60));
        HttpResponse<String> response = http.send(withCookie(request).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        remember(response);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("Location").orElse(""));
        }
        return response.body();
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60));
        HttpResponse<String> response = http.send(withCookie(request).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        remember(response);
        return response;
    }

    private HttpRequest.Builder withCookie(HttpRequest.Builder request) {
        return cookie == null ? request : request.header("Cookie", cookie);
    }

    private void remember(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith("POSTERN_SESSION=")) {
                int end = header.indexOf(';');
                cookie = end < 0 ? header : header.substring(0, end);
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Results

    final class Results {
        final List<Transfer> directDown = new ArrayList<>();
        final List<Transfer> posternDown = new ArrayList<>();
        final List<Transfer> directUp = new ArrayList<>();
        final List<Transfer> posternUp = new ArrayList<>();
        final List<Transfer> curlDirectDown = new ArrayList<>();
        final List<Transfer> curlPosternDown = new ArrayList<>();
        final List<Transfer> curlDirectUp = new ArrayList<>();
        final List<Transfer> curlPosternUp = new ArrayList<>();
        Transfer smallDown;
        Transfer smallUp;
        long[] listPage;
        long listPageBytes;
        long[] listDirect;
        String linkStatistics;

        String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "FTP benchmark, %s, vsftpd on loopback (plain FTP), Postern with "
                    + "-Xmx%s in its own JVM, %d cores, Java %s%n%n", LocalDate.now(), HEAP,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
            if (!LINK.isEmpty()) {
                out.append(String.format(Locale.ROOT, "Between vsftpd and its clients (Postern, and the direct "
                        + "client) a link of %s (tc htb on lo; Postern's HTTP leg unshaped): %s%n%n", LINK,
                        linkStatistics));
            }
            out.append(String.format(Locale.ROOT, "Throughput, %d MiB file, median of %d runs (MB/s = 10^6 bytes/s; "
                    + "each run's figure in brackets; each transfer from a synced disk and warmed memory, Postern second "
                    + "in odd runs and first in even ones)%n", LARGE / MIB, directDown.size()));
            out.append(String.format(Locale.ROOT, "| %-9s | %-32s | %-32s | %-5s |%n", "Direction", "Direct (Commons Net)",
                    "Through Postern", "Ratio"));
            out.append("|-----------|----------------------------------|----------------------------------|-------|\n");
            throughput(out, "Download", directDown, posternDown);
            throughput(out, "Upload", directUp, posternUp);
            if (!curlDirectDown.isEmpty()) {
                out.append(String.format(Locale.ROOT, "The same with curl (ftp:// direct, http:// through Postern; "
                        + "uploads read the file from the page cache); Postern's CPU seconds per transfer: download "
                        + "%s, upload %s%n", cpu(curlPosternDown), cpu(curlPosternUp)));
                throughput(out, "Download", curlDirectDown, curlPosternDown);
                throughput(out, "Upload", curlDirectUp, curlPosternUp);
            }
            out.append(String.format(Locale.ROOT, "%nPostern's resident memory (MiB): at the start, at 25/50/75/100 %% "
                    + "of the bytes, highest 100 ms sample, VmHWM (reset before each transfer); CPU seconds Postern and the "
                    + "benchmark's client spent in the transfer%n"));
            out.append(String.format(Locale.ROOT, "| %-24s | %6s | %6s | %6s | %6s | %6s | %7s | %6s | %7s | %6s |%n",
                    "Transfer", "start", "25 %", "50 %", "75 %", "100 %", "highest", "VmHWM", "CPU s", "client"));
            out.append("|--------------------------|--------|--------|--------|--------|--------|---------|--------|"
                    + "---------|--------|\n");
            memory(out, "Download " + SMALL / MIB + " MiB", smallDown);
            for (int i = 0; i < posternDown.size(); i++) {
                memory(out, "Download " + LARGE / MIB + " MiB #" + (i + 1), posternDown.get(i));
            }
            memory(out, "Upload " + SMALL / MIB + " MiB", smallUp);
            for (int i = 0; i < posternUp.size(); i++) {
                memory(out, "Upload " + LARGE / MIB + " MiB #" + (i + 1), posternUp.get(i));
            }
            if (smallDown != null && !posternDown.isEmpty()) {
                out.append(String.format(Locale.ROOT, "Peak growth from %d MiB to %d MiB: download %+.1f MiB, upload "
                        + "%+.1f MiB%n", SMALL / MIB, LARGE / MIB, growth(smallDown, posternDown),
                        growth(smallUp, posternUp)));
            }
            if (listPage != null) {
                out.append(String.format(Locale.ROOT, "%nDirectory of %,d files, median / p90 of %d after %d warm-ups%n",
                        ENTRIES, LIST_SAMPLES, LIST_WARMUP));
                out.append(String.format(Locale.ROOT, "Folder page through Postern (GET /files/{id}?path=/big-dir, whole "
                        + "rendered page of %.1f MB): %.1f / %.1f ms%n", listPageBytes / 1e6, percentile(listPage, 50),
                        percentile(listPage, 90)));
                if (listDirect != null) {
                    out.append(String.format(Locale.ROOT, "Direct LIST (Commons Net listFiles, parsed): %.1f / %.1f ms%n",
                            percentile(listDirect, 50), percentile(listDirect, 90)));
                }
            }
            return out.toString();
        }

        private void throughput(StringBuilder out, String name, List<Transfer> direct, List<Transfer> through) {
            if (direct.isEmpty() || through.isEmpty()) {
                return;
            }
            double d = median(direct);
            double p = median(through);
            out.append(String.format(Locale.ROOT, "| %-9s | %-32s | %-32s | %.2f  |%n", name,
                    String.format(Locale.ROOT, "%.0f MB/s %s", d, runs(direct)),
                    String.format(Locale.ROOT, "%.0f MB/s %s", p, runs(through)), p / d));
        }

        private static String runs(List<Transfer> transfers) {
            return transfers.stream().map(t -> String.format(Locale.ROOT, "%.0f", t.mbPerSecond()))
                    .collect(Collectors.joining(", ", "(", ")"));
        }

        private static String cpu(List<Transfer> transfers) {
            return transfers.stream().map(t -> String.format(Locale.ROOT, "%.2f", t.memory().posternCpu() / 1000.0))
                    .collect(Collectors.joining(", "));
        }

        private static double median(List<Transfer> transfers) {
            double[] values = transfers.stream().mapToDouble(Transfer::mbPerSecond).sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }

        private static void memory(StringBuilder out, String name, Transfer transfer) {
            if (transfer == null || transfer.memory() == null) {
                return;
            }
            Memory m = transfer.memory();
            out.append(String.format(Locale.ROOT,
                    "| %-24s | %6.1f | %6.1f | %6.1f | %6.1f | %6.1f | %7.1f | %6.1f | %7.2f | %6.2f |%n",
                    name, m.start() / 1024.0, m.atQuarters()[0] / 1024.0, m.atQuarters()[1] / 1024.0,
                    m.atQuarters()[2] / 1024.0, m.atQuarters()[3] / 1024.0, m.highestSample() / 1024.0,
                    m.peak() / 1024.0, m.posternCpu() / 1000.0, m.clientCpu() / 1000.0));
        }

        private static double growth(Transfer small, List<Transfer> large) {
            if (small == null || large.isEmpty()) {
                return Double.NaN;
            }
            long highest = large.stream().mapToLong(t -> t.memory().peak()).max().orElseThrow();
            return (highest - small.memory().peak()) / 1024.0;
        }

        private static double percentile(long[] nanos, int p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
