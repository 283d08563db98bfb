package dev.postern.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
import dev.postern.upstream.UpstreamStatus;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FtpConnectionProbeTests {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "alice";
    private static final String PASSWORD = "Ftp-Pa55word";
    private static final String KEYSTORE_PASSWORD = "changeit";

    @TempDir
    static Path work;

    private static FtpServer server;
    private static Path localhostKeystore;
    private static Path otherHostKeystore;

    private final FtpConnectionProbe probe = new FtpConnectionProbe();

    @BeforeAll
    static void startServer() throws Exception {
        localhostKeystore = selfSignedKeystore("localhost.p12", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        otherHostKeystore = selfSignedKeystore("other.p12", "CN=files.example.org", "dns:files.example.org");
        Path home = Files.createDirectories(work.resolve("home"));

        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener(null, false));
        factory.addListener("explicit", listener(localhostKeystore, false));
        factory.addListener("implicit", listener(localhostKeystore, true));
        factory.addListener("other-host", listener(otherHostKeystore, false));
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        factory.getUserManager().save(user);
        server = factory.createServer();
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void logsInAndReportsGreetingFeaturesAndAHiddenPassword() {
        ProbeReport report = probe.probe(target(profile(port("default"), Security.NONE), PASSWORD, openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
        assertThat(step.label()).isEqualTo("FTP");
        assertThat(step.loggedIn()).isTrue();
        assertThat(step.greeting()).startsWith("220");
        assertThat(step.capabilities()).as(describe(report)).isNotEmpty().contains("UTF8");
        assertThat(step.transcript()).contains(
                new Transcript.Line(Transcript.Direction.CLIENT, "USER " + USER),
                new Transcript.Line(Transcript.Direction.CLIENT, "PASS ********"),
                new Transcript.Line(Transcript.Direction.CLIENT, "PWD"),
                new Transcript.Line(Transcript.Direction.NOTE, "File names in UTF-8: the server supports UTF8"));
        assertThat(step.transcript()).anyMatch(line -> line.direction() == Transcript.Direction.SERVER
                && line.text().startsWith("230"));
        assertThat(describe(report)).doesNotContain(PASSWORD);
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureWithThe530Reply() {
        ProbeReport report = probe.probe(target(profile(port("default"), Security.NONE), "guess", openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).isEqualTo(UpstreamStatus.AUTH_FAILED);
        assertThat(step.loggedIn()).isFalse();
        assertThat(step.detail()).startsWith("530");
        assertThat(describe(report)).doesNotContain("guess");
    }

    @Test
    void withoutAPasswordItConnectsButDoesNotLogIn() {
        ProbeReport report = probe.probe(target(profile(port("default"), Security.NONE), null, openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).isEqualTo(UpstreamStatus.OK);
        assertThat(step.loggedIn()).isFalse();
        assertThat(step.greeting()).startsWith("220");
        assertThat(step.transcript()).noneMatch(line -> line.text().startsWith("USER"));
    }

    @Test
    void closedPortIsRefused() throws IOException {
        ProbeReport report = probe.probe(target(profile(freePort(), Security.NONE), PASSWORD, openGate()));

        assertThat(report.status()).isEqualTo(UpstreamStatus.REFUSED);
        assertThat(report.steps().getFirst().greeting()).isNull();
    }

    @Test
    void policyRefusalIsReportedAndNothingConnects() {
        GuardedSocketFactory.Gate refusing = (host, port) -> {
            throw new RefusedByPolicy(new PolicyDecision(Protocol.FTP, host, port, List.of(
                    new PolicyDecision.AddressVerdict(InetAddress.getByName(host), false,
                            PolicyDecision.Reason.INTERNAL_WITHOUT_RULE, null))));
        };

        ProbeReport report = probe.probe(target(profile(port("default"), Security.NONE), PASSWORD, refusing));

        assertThat(report.status()).isEqualTo(UpstreamStatus.POLICY_REFUSED);
        assertThat(report.steps().getFirst().greeting()).isNull();
    }

    @Test
    void implicitFtpsToASelfSignedCertificateFailsTls() {
        ProbeReport report = probe.probe(target(profile(port("implicit"), Security.TLS), PASSWORD, openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.TLS_FAILED);
        assertThat(step.label()).isEqualTo("FTPS");
        assertThat(step.greeting()).isNull();
        assertThat(step.loggedIn()).isFalse();
    }

    @Test
    void explicitFtpsToASelfSignedCertificateFailsTlsBeforeSendingCredentials() {
        ProbeReport report = probe.probe(target(profile(port("explicit"), Security.STARTTLS), PASSWORD, openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.TLS_FAILED);
        assertThat(step.greeting()).startsWith("220");
        assertThat(step.transcript()).contains(new Transcript.Line(Transcript.Direction.CLIENT, "AUTH TLS"));
        assertThat(step.transcript()).noneMatch(line -> line.text().startsWith("USER")
                || line.text().startsWith("PASS"));
    }

    @Test
    void explicitFtpsToATrustedCertificateLogsInAndProtectsTheDataChannel() throws Exception {
        FtpConnectionProbe trusting = new FtpConnectionProbe(trusting(localhostKeystore));

        ProbeReport report = trusting.probe(target(profile(port("explicit"), Security.STARTTLS), PASSWORD,
                openGate()));

        ProbeStep step = report.steps().getFirst();
        assertThat(step.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
        assertThat(step.loggedIn()).isTrue();
        assertThat(step.transcript()).extracting(Transcript.Line::text)
                .containsSubsequence("AUTH TLS", "USER " + USER, "PASS ********", "PBSZ 0", "PROT P", "PWD");
    }

    @Test
    void implicitFtpsToATrustedCertificateLogsIn() throws Exception {
        FtpConnectionProbe trusting = new FtpConnectionProbe(trusting(localhostKeystore));

        ProbeReport report = trusting.probe(target(profile(port("implicit"), Security.TLS), PASSWORD, openGate()));

        assertThat(report.status()).as(describe(report)).isEqualTo(UpstreamStatus.OK);
        assertThat(report.steps().getFirst().loggedIn()).isTrue();
    }

    @Test
    void aTrustedCertificateForAnotherHostFailsTls() throws Exception {
        FtpConnectionProbe trusting = new FtpConnectionProbe(trusting(otherHostKeystore));

        ProbeReport report = trusting.probe(target(profile(port("other-host"), Security.STARTTLS), PASSWORD,
                openGate()));

        assertThat(report.status()).as(describe(report)).isEqualTo(UpstreamStatus.TLS_FAILED);
        assertThat(report.steps().getFirst().loggedIn()).isFalse();
    }

    private static org.apache.ftpserver.listener.Listener listener(Path keystore, boolean implicit) {
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress(HOST);
        listener.setPort(0);
        listener.setIdleTimeout(30);
        if (keystore != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keystore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(KEYSTORE_PASSWORD);
            ssl.setKeyPassword(KEYSTORE_PASSWORD);
            listener.setSslConfiguration(ssl.createSslConfiguration());
            listener.setImplicitSsl(implicit);
        }
        return listener.createListener();
    }

    private static int port(String listener) {
        return ((DefaultFtpServer) server).getListener(listener).getPort();
    }

    /** A key pair and self-signed certificate made by the JDK's keytool, so that no test key is checked in. */
    private static Path selfSignedKeystore(String name, String subject, String alternativeNames)
            throws IOException, InterruptedException {
        Path keystore = work.resolve(name);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ftp", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", subject, "-ext", "san=" + alternativeNames,
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD,
                "-keypass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            source.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", source.getCertificate("ftp"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static ConnectionProfile profile(int port, Security security) {
        return new ConnectionProfile(UUID.randomUUID(), ConnectionKind.FTP, "files", HOST, port, security, USER,
                true, 1L, false, new ConnectionOptions.Ftp(true, "UTF-8"), Instant.now());
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
