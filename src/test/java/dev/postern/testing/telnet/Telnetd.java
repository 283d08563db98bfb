package dev.postern.testing.telnet;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's inetutils-telnetd and the real {@code login} (PAM), served by socat on a free loopback port, one telnetd
 * per connection. Needs telnetd, socat and a local account whose name and password are in
 * {@code POSTERN_TEST_TELNET_USER} and {@code POSTERN_TEST_TELNET_PASSWORD}; {@code .ci/run} provides all three.
 */
public final class Telnetd implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    private static final Path TELNETD = Path.of("/usr/sbin/telnetd");

    private final Process socat;
    private final int port;
    private final String user;
    private final String password;

    private Telnetd(Process socat, int port, String user, String password) {
        this.socat = socat;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Starts socat in front of telnetd and waits until it listens; fails the test if anything is missing. */
    public static Telnetd start() throws IOException, InterruptedException {
        String user = System.getenv("POSTERN_TEST_TELNET_USER");
        String password = System.getenv("POSTERN_TEST_TELNET_PASSWORD");
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            fail("POSTERN_TEST_TELNET_USER and POSTERN_TEST_TELNET_PASSWORD must name a local account for telnetd's "
                    + "login; .ci/run creates one and sets them");
        }
        if (!Files.isExecutable(TELNETD)) {
            fail(TELNETD + " is missing: install inetutils-telnetd (.ci/run does)");
        }
        int port = freePort();
        Process socat = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=" + HOST + ",reuseaddr,fork",
                "EXEC:" + TELNETD + ",nofork")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Telnetd telnetd = new Telnetd(socat, port, user, password);
        telnetd.awaitListening();
        return telnetd;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Ends socat with every telnetd, login and shell it started. */
    @Override
    public void close() throws InterruptedException {
        socat.descendants().forEach(ProcessHandle::destroy);
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.descendants().forEach(ProcessHandle::destroyForcibly);
            socat.destroyForcibly();
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!socat.isAlive()) {
                fail("socat ended at once (exit " + socat.exitValue() + "): is it installed?");
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("socat did not listen on " + HOST + ":" + port + " within 10 s");
    }

    /** A loopback port that nothing listens on just now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
