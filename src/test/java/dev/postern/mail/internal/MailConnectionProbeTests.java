package dev.postern.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

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
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamStatus;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailConnectionProbeTests {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "alice";
    private static final String PASSWORD = "Corr3ct-H0rse";

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.ALL))
            .withPerMethodLifecycle(false);

    private final MailConnectionProbe probe = new MailConnectionProbe();

    @BeforeEach
    void createMailbox() {
        greenMail.setUser(USER + "@example.org", USER, PASSWORD);
    }

    @Test
    void imapAndSmtpReportGreetingCapabilitiesAndLogin() {
        ProbeReport report = probe.probe(target(imap(Security.NONE), PASSWORD, openGate()));

        assertThat(report.ok()).as(describe(report)).isTrue();
        ProbeStep imap = report.steps().get(0);
        assertThat(imap.label()).isEqualTo("IMAP");
        assertThat(imap.endpoint()).isEqualTo(HOST + ":" + greenMail.getImap().getPort());
        assertThat(imap.status()).isEqualTo(UpstreamStatus.OK);
        assertThat(imap.loggedIn()).isTrue();
        assertThat(imap.greeting()).startsWith("* OK");
        assertThat(imap.capabilities()).contains("IMAP4rev1");
        assertThat(imap.transcript()).as(describe(report)).anyMatch(line -> line.direction() == Transcript.Direction.SERVER
                && line.text().startsWith("* CAPABILITY"));
        assertThat(imap.transcript()).anyMatch(line -> line.direction() == Transcript.Direction.CLIENT
                && line.text().matches("[A-Z]+\\d+ CAPABILITY"));
        ProbeStep smtp = report.steps().get(1);
        assertThat(smtp.label()).isEqualTo("SMTP");
        assertThat(smtp.status()).isEqualTo(UpstreamStatus.OK);
        assertThat(smtp.loggedIn()).isTrue();
        assertThat(smtp.greeting()).startsWith("220 ");
        assertThat(smtp.capabilities()).anyMatch(keyword -> keyword.startsWith("AUTH"));
        assertThat(smtp.transcript()).anyMatch(line -> line.direction() == Transcript.Direction.CLIENT
                && line.text().startsWith("EHLO "));
        assertNoSecretIn(report);
    }

    @Test
    void pop3RetrievalReportsCapaAndLogsIn() {
        ProbeReport report = probe.probe(target(pop3(Security.NONE), PASSWORD, openGate()));

        assertThat(report.ok()).as(describe(report)).isTrue();
        ProbeStep pop3 = report.steps().getFirst();
        assertThat(pop3.label()).isEqualTo("POP3");
        assertThat(pop3.loggedIn()).isTrue();
        assertThat(pop3.greeting()).startsWith("+OK");
        assertThat(pop3.capabilities()).as(describe(report)).isNotEmpty().contains("UIDL");
        assertThat(pop3.transcript()).contains(new Transcript.Line(Transcript.Direction.CLIENT, "CAPA"));
        assertNoSecretIn(report);
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureWithTheServersWords() {
        ProbeReport report = probe.probe(target(imap(Security.NONE), "not-the-password", openGate()));

        assertThat(report.status()).isEqualTo(UpstreamStatus.AUTH_FAILED);
        ProbeStep imap = report.steps().get(0);
        assertThat(imap.status()).isEqualTo(UpstreamStatus.AUTH_FAILED);
        assertThat(imap.loggedIn()).isFalse();
        assertThat(imap.greeting()).startsWith("* OK");
        assertThat(imap.capabilities()).isNotEmpty();
        assertThat(imap.detail()).isNotBlank();
        assertThat(report.steps().get(1).status()).isEqualTo(UpstreamStatus.AUTH_FAILED);
        assertNoSecretIn(report, "not-the-password");
    }

    @Test
    void pop3WrongPasswordIsAnAuthenticationFailure() {
        ProbeReport report = probe.probe(target(pop3(Security.NONE), "not-the-password", openGate()));

        assertThat(report.steps().getFirst().status()).isEqualTo(UpstreamStatus.AUTH_FAILED);
        assertThat(report.steps().getFirst().greeting()).startsWith("+OK");
    }

    @Test
    void submissionWithoutAuthenticationConnectsWithoutLoggingIn() {
        ConnectionProfile profile = profile(RetrievalProtocol.IMAP, Security.NONE, greenMail.getImap().getPort(),
                greenMail.getSmtp().getPort(), Security.NONE, false);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        ProbeStep smtp = report.steps().get(1);
        assertThat(smtp.status()).isEqualTo(UpstreamStatus.OK);
        assertThat(smtp.loggedIn()).isFalse();
        assertThat(smtp.capabilities()).isNotEmpty();
        assertThat(smtp.transcript()).noneMatch(line -> line.text().startsWith("AUTH"));
    }

    @Test
    void closedPortIsRefused() throws IOException {
        int closed = freePort();
        ConnectionProfile profile = profile(RetrievalProtocol.IMAP, Security.NONE, closed, closed, Security.NONE, true);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        assertThat(report.steps()).extracting(ProbeStep::status)
                .containsExactly(UpstreamStatus.REFUSED, UpstreamStatus.REFUSED);
        assertThat(report.steps().getFirst().detail()).containsIgnoringCase("refused");
        assertThat(report.steps().getFirst().greeting()).isNull();
    }

    @Test
    void unknownHostIsReported() {
        ConnectionProfile profile = new ConnectionProfile(UUID.randomUUID(), ConnectionKind.MAIL, "nowhere",
                "no-such-host.invalid", 143, Security.NONE, USER, true, 1L, false,
                new ConnectionOptions.Mail(RetrievalProtocol.IMAP, "no-such-host.invalid", 587, Security.NONE, true,
                        "Alice", "alice@example.org"), Instant.now());

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        assertThat(report.steps()).extracting(ProbeStep::status)
                .containsExactly(UpstreamStatus.UNKNOWN_HOST, UpstreamStatus.UNKNOWN_HOST);
        assertThat(report.steps().getFirst().detail()).isEqualTo("Unknown host no-such-host.invalid");
    }

    @Test
    void implicitTlsToAnUntrustedCertificateFails() {
        ConnectionProfile profile = profile(RetrievalProtocol.IMAP, Security.TLS, greenMail.getImaps().getPort(),
                greenMail.getSmtps().getPort(), Security.TLS, true);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        // GreenMail's certificate is self-signed: if it were accepted, the steps would log in.
        assertThat(report.steps()).extracting(ProbeStep::status)
                .containsExactly(UpstreamStatus.TLS_FAILED, UpstreamStatus.TLS_FAILED);
        assertThat(report.steps()).noneMatch(ProbeStep::loggedIn);
        assertThat(report.steps().getFirst().detail()).containsIgnoringCase("certification path");
    }

    @Test
    void pop3OverImplicitTlsToAnUntrustedCertificateFails() {
        ConnectionProfile profile = profile(RetrievalProtocol.POP3, Security.TLS, greenMail.getPop3s().getPort(),
                greenMail.getSmtps().getPort(), Security.TLS, true);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        assertThat(report.steps().getFirst().status()).isEqualTo(UpstreamStatus.TLS_FAILED);
    }

    @Test
    void requiredStartTlsThatTheServerDoesNotOfferFailsRatherThanFallingBackToPlainText() {
        ConnectionProfile profile = profile(RetrievalProtocol.IMAP, Security.STARTTLS, greenMail.getImap().getPort(),
                greenMail.getSmtp().getPort(), Security.NONE, true);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        ProbeStep imap = report.steps().getFirst();
        assertThat(imap.capabilities()).doesNotContain("STARTTLS");
        assertThat(imap.status()).isEqualTo(UpstreamStatus.TLS_FAILED);
        assertThat(imap.loggedIn()).isFalse();
        assertThat(imap.detail()).contains("STARTTLS");
        assertThat(imap.transcript()).noneMatch(line -> line.text().contains("LOGIN")
                || line.text().contains("AUTHENTICATE"));
    }

    @Test
    void pop3RequiredStartTlsThatTheServerDoesNotOfferFails() {
        ConnectionProfile profile = profile(RetrievalProtocol.POP3, Security.STARTTLS, greenMail.getPop3().getPort(),
                greenMail.getSmtp().getPort(), Security.NONE, true);

        ProbeReport report = probe.probe(target(profile, PASSWORD, openGate()));

        assertThat(report.steps().getFirst().status()).isEqualTo(UpstreamStatus.TLS_FAILED);
        assertThat(report.steps().getFirst().transcript()).noneMatch(line -> line.text().startsWith("USER"));
    }

    @Test
    void policyRefusalIsReportedAndNothingConnects() {
        // The servers are up: a library that fell back to a socket of its own would reach them and log in.
        ProbeTarget target = new ProbeTarget(imap(Security.NONE), PASSWORD,
                protocol -> new GuardedSocketFactory(refusing(protocol), 5000), Duration.ofSeconds(5),
                Duration.ofSeconds(10));

        ProbeReport report = probe.probe(target);

        assertThat(report.steps()).extracting(ProbeStep::status)
                .containsExactly(UpstreamStatus.POLICY_REFUSED, UpstreamStatus.POLICY_REFUSED);
        assertThat(report.steps()).allMatch(step -> step.greeting() == null && !step.loggedIn());
        assertThat(report.steps().get(0).detail()).contains("IMAP").contains("INTERNAL_WITHOUT_RULE");
        assertThat(report.steps().get(1).detail()).contains("SMTP").contains("INTERNAL_WITHOUT_RULE");
    }

    private static GuardedSocketFactory.Gate refusing(Protocol protocol) {
        return (host, port) -> {
            InetAddress address = InetAddress.getByName(host);
            throw new RefusedByPolicy(new PolicyDecision(protocol, host, port, List.of(
                    new PolicyDecision.AddressVerdict(address, false, PolicyDecision.Reason.INTERNAL_WITHOUT_RULE,
                            null))));
        };
    }

    private static ConnectionProfile imap(Security security) {
        return profile(RetrievalProtocol.IMAP, security, greenMail.getImap().getPort(), greenMail.getSmtp().getPort(),
                Security.NONE, true);
    }

    private static ConnectionProfile pop3(Security security) {
        return profile(RetrievalProtocol.POP3, security, greenMail.getPop3().getPort(), greenMail.getSmtp().getPort(),
                Security.NONE, true);
    }

    private static ConnectionProfile profile(RetrievalProtocol retrieval, Security security, int port, int smtpPort,
                                             Security smtpSecurity, boolean smtpAuth) {
        return new ConnectionProfile(UUID.randomUUID(), ConnectionKind.MAIL, "GreenMail", HOST, port, security, USER,
                true, 1L, false, new ConnectionOptions.Mail(retrieval, HOST, smtpPort, smtpSecurity, smtpAuth,
                "Alice", "alice@example.org"), Instant.now());
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

    private static void assertNoSecretIn(ProbeReport report) {
        assertNoSecretIn(report, PASSWORD);
    }

    private static void assertNoSecretIn(ProbeReport report, String password) {
        String everything = describe(report);
        Base64.Encoder base64 = Base64.getEncoder();
        assertThat(everything)
                .doesNotContain(password)
                .doesNotContain(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(base64.encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(base64.encodeToString((USER + "\0" + USER + "\0" + password)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static String describe(ProbeReport report) {
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
