package dev.postern.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestDatabase;

/**
 * Postern in a JVM of its own for a benchmark, so that its heap cap, resident memory and CPU are its own: the
 * application's classes (not the tests'), the benchmark's embedded PostgreSQL, a random loopback port, the tests'
 * admin and master key, and the log in {@code target/bench/}.
 */
final class PosternProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;

    private PosternProcess(Process process, int port, Path log, Path dataDir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
    }

    /**
     * Starts Postern and waits until its health answers.
     *
     * @param heap the -Xmx value
     * @param logName the log's file name under target/bench
     * @param extraJvmProperty the system property whose value adds JVM options (a profile, say)
     * @param settings further -D settings
     */
    static PosternProcess start(String heap, String logName, String extraJvmProperty, List<String> settings,
                                HttpClient http) throws Exception {
        TestDatabase.Coordinates db = TestDatabase.get();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dataDir = Files.createTempDirectory("postern-bench-data");
        Path log = Path.of("target", "bench", logName);
        Files.createDirectories(log.getParent());
        // The application's classes and dependencies, without the test classes (whose configurations and fakes are
        // not the application's).
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Dserver.port=" + port,
                "-Dserver.address=127.0.0.1",
                "-Dpostern.db.url=" + db.url(),
                "-Dpostern.db.username=" + db.username(),
                "-Dpostern.db.password=" + db.password(),
                "-Dpostern.data-dir=" + dataDir,
                "-Dpostern.upstream.master-key=" + PosternTestConfiguration.MASTER_KEY,
                "-Dpostern.account.admin.username=" + PosternTestConfiguration.ADMIN,
                "-Dpostern.account.admin.password=" + PosternTestConfiguration.ADMIN_PASSWORD));
        settings.forEach(setting -> command.add("-D" + setting));
        String extra = System.getProperty(extraJvmProperty, "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "dev.postern.PosternApplication"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PosternProcess postern = new PosternProcess(process, port, log, dataDir);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Postern stopped while starting; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(postern.uri("/actuator/health"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Postern did not start in 3 minutes; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        System.out.println("Postern started as process " + process.pid() + " on port " + port + " with -Xmx" + heap);
        return postern;
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Stops Postern and removes its data directory. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("Could not remove " + dataDir + ": " + e);
        }
    }
}
