package dev.postern.telnet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.GuardedSocketFactory;
import dev.postern.upstream.PolicyDecision;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.ProbeStep;
import dev.postern.upstream.ProbeTarget;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RefusedByPolicy;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.Transcript.Direction;
import dev.postern.upstream.UpstreamStatus;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetConnectionProbeTests {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "alice";
    private static final String PASSWORD = "Tel-Pa55-word";
    private static final byte[] BANNER = "Fake GNU/Linux 12 (pts/0)".getBytes(StandardCharsets.UTF_8);

    private final TelnetConnectionProbe probe = new TelnetConnectionProbe();

    @Test
    void logsInAfterNegotiatingTerminalTypeAndWindowSize() throws Exception {
        try (FakeTelnetHost host = host(BANNER, StandardCharsets.UTF_8, Duration.ZERO, false)) {
            ProbeReport report = probe.probe(target(profile(host.port(), USER, "UTF-8"), PASSWORD, openGate()));
            FakeTelnetHost.Visit visit = host.visit();

            ProbeStep step = report.steps().getFirst();
            assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
            assertThat(step.loggedIn()).isTrue();
            assertThat(step.label()).isEqualTo("Telnet");
            assertThat(step.greeting()).isEqualTo("Fake GNU/Linux 12 (pts/0)\nfake login:");
            assertThat(step.capabilities()).containsExactly("DO TTYPE", "DO NAWS", "WILL ECHO", "WILL SGA");
            assertThat(step.transcript()).extracting(Transcript.Line::text).contains(
                    "server DO TTYPE", "client WILL TTYPE", "server DO NAWS", "client WILL NAWS",
                    "client SB NAWS 80x24", "server WILL ECHO", "client DO ECHO", "server WILL SGA",
                    "client DO SGA", "server SB TTYPE SEND", "client SB TTYPE IS xterm-256color");
            assertThat(step.transcript()).filteredOn(line -> line.direction() == Direction.CLIENT)
                    .extracting(Transcript.Line::text).containsExactly(USER, "********", "exit");
            assertThat(step.transcript()).contains(new Transcript.Line(Direction.SERVER, "alice@fake:~$ "),
                    new Transcript.Line(Direction.SERVER, "logout"));
            assertThat(describe(report)).doesNotContain(PASSWORD);

            assertThat(visit.answers()).containsEntry("TTYPE", FakeTelnetHost.WILL)
                    .containsEntry("NAWS", FakeTelnetHost.WILL).containsEntry("ECHO", FakeTelnetHost.DO)
                    .containsEntry("SGA", FakeTelnetHost.DO);
            assertThat(visit.terminalType()).isEqualTo("xterm-256color");
            assertThat(visit.columns()).isEqualTo(80);
            assertThat(visit.rows()).isEqualTo(24);
            assertThat(visit.username()).isEqualTo(USER);
            assertThat(visit.password()).isEqualTo(PASSWORD);
            assertThat(visit.exited()).isTrue();
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureEvenWhenTheHostTakesItsTime() throws Exception {
        // Like login: the line end comes back at once, the refusal after a pause longer than the quiet period.
        try (FakeTelnetHost host = host(BANNER, StandardCharsets.UTF_8, Duration.ofMillis(1500), false)) {
            ProbeReport report = probe.probe(target(profile(host.port(), USER, "UTF-8"), "wrong-guess",
                    openGate()));

            ProbeStep step = report.steps().getFirst();
            assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.AUTH_FAILED);
            assertThat(step.loggedIn()).isFalse();
            assertThat(step.detail()).isEqualTo("Login incorrect");
            assertThat(describe(report)).doesNotContain("wrong-guess");
            assertThat(host.visit().password()).isEqualTo("wrong-guess");
        }
    }

    @Test
    void withoutCredentialsItReportsTheBanner() throws Exception {
        try (FakeTelnetHost host = host(BANNER, StandardCharsets.UTF_8, Duration.ZERO, false)) {
            ProbeReport report = probe.probe(target(profile(host.port(), null, "UTF-8"), null, openGate()));

            ProbeStep step = report.steps().getFirst();
            assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
            assertThat(step.loggedIn()).isFalse();
            assertThat(step.greeting()).isEqualTo("Fake GNU/Linux 12 (pts/0)\nfake login:");
            assertThat(step.capabilities()).contains("DO TTYPE", "WILL ECHO");
            assertThat(step.transcript()).noneMatch(line -> line.direction() == Direction.CLIENT);
            assertThat(host.visit().username()).isNull();
        }
    }

    @Test
    void decodesAMultiByteBannerInTheConnectionsCharacterSet() throws Exception {
        Charset eucKr = Charset.forName("EUC-KR");
        // Written a byte at a time: each two-byte character arrives in two pieces.
        try (FakeTelnetHost host = host("안녕하세요".getBytes(eucKr), eucKr, Duration.ZERO, true)) {
            ProbeReport report = probe.probe(target(profile(host.port(), null, "EUC-KR"), null, openGate()));

            ProbeStep step = report.steps().getFirst();
            assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
            assertThat(step.greeting()).isEqualTo("안녕하세요\nfake login:");
            assertThat(step.transcript()).contains(new Transcript.Line(Direction.SERVER, "안녕하세요"));
        }
    }

    @Test
    void closedPortIsRefused() throws IOException {
        ProbeReport report = probe.probe(target(profile(freePort(), USER, "UTF-8"), PASSWORD, openGate()));

        assertThat(report.status()).isEqualTo(UpstreamStatus.REFUSED);
        assertThat(report.steps().getFirst().greeting()).isNull();
        assertThat(report.steps().getFirst().detail()).containsIgnoringCase("refused");
    }

    @Test
    void policyRefusalIsReportedAndNothingConnects() throws Exception {
        GuardedSocketFactory.Gate refusing = (host, port) -> {
            throw new RefusedByPolicy(new PolicyDecision(Protocol.TELNET, host, port, List.of(
                    new PolicyDecision.AddressVerdict(InetAddress.getByName(host), false,
                            PolicyDecision.Reason.INTERNAL_WITHOUT_RULE, null))));
        };
        try (FakeTelnetHost host = host(BANNER, StandardCharsets.UTF_8, Duration.ZERO, false)) {
            ProbeReport report = probe.probe(target(profile(host.port(), USER, "UTF-8"), PASSWORD, refusing));

            assertThat(report.status()).isEqualTo(UpstreamStatus.POLICY_REFUSED);
            assertThat(report.steps().getFirst().detail()).contains("INTERNAL_WITHOUT_RULE");
        }
    }

    @Test
    void refusalWordsInAnEarlierFailureNoticeDoNotCountAgainstASuccessfulLogin() {
        String afterLogin = "Last failed login: Wed Nov 25 09:00:00 UTC 2026 from 10.0.0.9 on ssh:notty\n"
                + "There were 2 failed login attempts since the last successful login.\nalice@host:~$ ";

        assertThat(TelnetConnectionProbe.saysNo(afterLogin)).isFalse();
        assertThat(TelnetConnectionProbe.saysNo("\nLogin incorrect\nlogin: ")).isTrue();
        assertThat(TelnetConnectionProbe.saysNo("% Access denied\n")).isTrue();
        assertThat(TelnetConnectionProbe.refusal("\nLogin incorrect\nlogin: ")).isEqualTo("Login incorrect");
    }

    private static FakeTelnetHost host(byte[] banner, Charset charset, Duration failureDelay, boolean trickle)
            throws IOException {
        return new FakeTelnetHost(banner, charset, USER, PASSWORD, failureDelay, trickle);
    }

    private static ConnectionProfile profile(int port, String username, String charset) {
        return new ConnectionProfile(UUID.randomUUID(), ConnectionKind.TELNET, "host", HOST, port, Security.NONE,
                username, username != null, 1L, false, new ConnectionOptions.Telnet(charset), Instant.now());
    }

    private static GuardedSocketFactory.Gate openGate() {
        return (host, port) -> List.of(InetAddress.getByName(host));
    }

    private static ProbeTarget target(ConnectionProfile profile, String password, GuardedSocketFactory.Gate gate) {
        GuardedSocketFactory sockets = new GuardedSocketFactory(gate, 5000);
        return new ProbeTarget(profile, password, protocol -> sockets, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    static String describe(ProbeReport report) {
        StringBuilder text = new StringBuilder();
        for (ProbeStep step : report.steps()) {
            text.append(step.label()).append(' ').append(step.status()).append(" greeting=").append(step.greeting())
                    .append(" detail=").append(step.detail()).append(" capabilities=").append(step.capabilities())
                    .append('\n');
            step.transcript().forEach(line -> text.append("  ").append(line.direction()).append(": ")
                    .append(line.text()).append('\n'));
        }
        return text.toString();
    }
}
