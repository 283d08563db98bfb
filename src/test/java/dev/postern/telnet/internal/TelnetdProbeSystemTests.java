package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.GuardedSocketFactory;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.ProbeStep;
import dev.postern.upstream.ProbeTarget;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamStatus;

/**
 * The Telnet probe against Debian's inetutils-telnetd and the real {@code login} (PAM), served by socat on a free
 * loopback port. Needs telnetd, socat and a local account whose name and password are in
 * {@code POSTERN_TEST_TELNET_USER} and {@code POSTERN_TEST_TELNET_PASSWORD}; {@code .ci/run} provides all three.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TelnetdProbeSystemTests {

    private static final String HOST = "127.0.0.1";
    private static final Path TELNETD = Path.of("/usr/sbin/telnetd");

    private static Process socat;
    private static int port;
    private static String user;
    private static String password;

    private final TelnetConnectionProbe probe = new TelnetConnectionProbe();

    @BeforeAll
    static void startTelnetd() throws Exception {
        user = System.getenv("POSTERN_TEST_TELNET_USER");
        password = System.getenv("POSTERN_TEST_TELNET_PASSWORD");
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            fail("POSTERN_TEST_TELNET_USER and POSTERN_TEST_TELNET_PASSWORD must name a local account for telnetd's "
                    + "login; .ci/run creates one and sets them");
        }
        if (!Files.isExecutable(TELNETD)) {
            fail(TELNETD + " is missing: install inetutils-telnetd (.ci/run does)");
        }
        port = freePort();
        socat = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=" + HOST + ",reuseaddr,fork",
                "EXEC:" + TELNETD + ",nofork")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitListening();
    }

    @AfterAll
    static void stopTelnetd() throws InterruptedException {
        if (socat != null) {
            // socat forks a child (and telnetd, login, a shell) per connection: end them with it.
            socat.descendants().forEach(ProcessHandle::destroy);
            socat.destroy();
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.descendants().forEach(ProcessHandle::destroyForcibly);
                socat.destroyForcibly();
            }
        }
    }

    @Test
    void logsInWithTheRightPassword() {
        ProbeReport report = probe.probe(target(port, password));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(TelnetConnectionProbeTests.describe(report)).isEqualTo(UpstreamStatus.OK);
        assertThat(step.loggedIn()).isTrue();
        assertThat(step.greeting()).containsIgnoringCase("login:");
        assertThat(step.capabilities()).contains("DO TTYPE", "DO NAWS");
        assertThat(step.transcript()).contains(new Transcript.Line(Transcript.Direction.CLIENT, "********"));
        assertThat(TelnetConnectionProbeTests.describe(report)).doesNotContain(password);
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        ProbeReport report = probe.probe(target(port, password + "-wrong"));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(TelnetConnectionProbeTests.describe(report))
                .isEqualTo(UpstreamStatus.AUTH_FAILED);
        assertThat(step.loggedIn()).isFalse();
        assertThat(step.detail()).isEqualTo("Login incorrect");
    }

    @Test
    void closedPortIsRefused() throws IOException {
        ProbeReport report = probe.probe(target(freePort(), password));

        assertThat(report.status()).isEqualTo(UpstreamStatus.REFUSED);
    }

    private static ProbeTarget target(int port, String password) {
        ConnectionProfile profile = new ConnectionProfile(UUID.randomUUID(), ConnectionKind.TELNET, "telnetd", HOST,
                port, Security.NONE, user, true, 1L, false, new ConnectionOptions.Telnet("UTF-8"),
                Instant.now());
        GuardedSocketFactory sockets = new GuardedSocketFactory((host, p) -> List.of(InetAddress.getByName(host)),
                5000);
        return new ProbeTarget(profile, password, protocol -> sockets, Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    private static void awaitListening() throws InterruptedException {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
