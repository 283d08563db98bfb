package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
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

import dev.postern.testing.telnet.Telnetd;
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

    private static final String HOST = Telnetd.HOST;

    private static Telnetd telnetd;
    private static int port;
    private static String user;
    private static String password;

    private final TelnetConnectionProbe probe = new TelnetConnectionProbe();

    @BeforeAll
    static void startTelnetd() throws Exception {
        telnetd = Telnetd.start();
        port = telnetd.port();
        user = telnetd.user();
        password = telnetd.password();
    }

    @AfterAll
    static void stopTelnetd() throws InterruptedException {
        if (telnetd != null) {
            telnetd.close();
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

    private static int freePort() throws IOException {
        return Telnetd.freePort();
    }
}
