package dev.postern.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.postern.testing.ftp.ApacheFtpTestServer;
import dev.postern.testing.ftp.FtpTestServer;
import dev.postern.testing.ftp.Proftpd;
import dev.postern.testing.ftp.Vsftpd;
import dev.postern.upstream.Security;

/**
 * Protected data connections resume the control connection's TLS session, under TLS 1.2 and TLS 1.3 each forced in
 * turn: the real servers, which require it, accept every transfer, and the client shows the resumption itself. A
 * resumed handshake has no certificate in it, so the trust manager is asked only for the control connection; under
 * TLS 1.2 the data connection has the control connection's session id, under TLS 1.3 a session made from a ticket the
 * server sent (the JDK gives it an id of its own but keeps the control session's creation time).
 *
 * <p>Under TLS 1.3 each data connection uses up a ticket: vsftpd and Apache FtpServer send a new one on each data
 * connection, ProFTPD none on an upload, so a ProFTPD control connection is out of tickets after two uploads more
 * than downloads and listings. The client then says so ({@link SessionReusingFtpsClient#canResumeDataConnection()}),
 * and is logged in again, as Postern's {@code FtpSessions} does.
 */
@Timeout(120)
class SessionReusingFtpsClientTests {

    private static final int ROUNDS = 3;

    @ParameterizedTest(name = "{0} {1} {2}, passive: {3}")
    @Tag("system")
    @CsvSource({
        "vsftpd, STARTTLS, TLSv1.2, true, 1", "vsftpd, STARTTLS, TLSv1.3, true, 1",
        "vsftpd, TLS, TLSv1.2, true, 1", "vsftpd, TLS, TLSv1.3, true, 1",
        "vsftpd, STARTTLS, TLSv1.2, false, 1", "vsftpd, STARTTLS, TLSv1.3, false, 1",
        "proftpd, STARTTLS, TLSv1.2, true, 1", "proftpd, STARTTLS, TLSv1.3, true, 2",
        "proftpd, TLS, TLSv1.2, true, 1", "proftpd, TLS, TLSv1.3, true, 2"})
    void realServersRequiringReuseAcceptTheResumedSessions(String daemon, Security security, String protocol,
                                                           boolean passive, int logins) throws Exception {
        FtpTestServer server = switch (daemon) {
            case "vsftpd" -> passive ? Vsftpd.shared(security) : Vsftpd.startWithActiveMode(security);
            default -> Proftpd.shared(security);
        };
        try {
            assertThat(everyDataConnectionResumes(server, protocol, passive)).as("logins").isEqualTo(logins);
        } finally {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"STARTTLS, TLSv1.2", "STARTTLS, TLSv1.3", "TLS, TLSv1.2", "TLS, TLSv1.3"})
    void apacheFtpServerResumesTheSessionsToo(Security security, String protocol) throws Exception {
        try (ApacheFtpTestServer server = ApacheFtpTestServer.start(security)) {
            assertThat(everyDataConnectionResumes(server, protocol, true)).as("logins").isEqualTo(1);
        }
    }

    /** What the servers are set to require: Commons Net's own client, which offers no session, is refused. */
    @ParameterizedTest(name = "{0} {1}")
    @Tag("system")
    @CsvSource({"vsftpd, TLSv1.2", "vsftpd, TLSv1.3", "proftpd, TLSv1.2", "proftpd, TLSv1.3"})
    void realServersRefuseADataConnectionThatDoesNotResume(String daemon, String protocol) throws Exception {
        FtpTestServer server = daemon.equals("vsftpd") ? Vsftpd.shared(Security.STARTTLS)
                : Proftpd.shared(Security.STARTTLS);
        FTPSClient client = new FTPSClient(false, trusting(server, new AtomicInteger()));
        login(client, server, protocol, true);
        try {
            Throwable failure = catchThrowable(client::listNames);

            assertThat(failure != null || !FTPReply.isPositiveCompletion(client.getReplyCode()))
                    .as("LIST over a new TLS session: %s %s", failure, client.getReplyString())
                    .isTrue();
        } finally {
            client.disconnect();
        }
    }

    /** The client's count is right: when it says ProFTPD's tickets are used up, the next data connection is refused. */
    @ParameterizedTest(name = "{0}")
    @Tag("system")
    @CsvSource({"STARTTLS", "TLS"})
    void proftpdRefusesTheUploadAfterTheClientRanOutOfTickets(Security security) throws Exception {
        FtpTestServer server = Proftpd.shared(security);
        String folder = "tickets-" + UUID.randomUUID();
        server.createDirectories(folder);
        Client client = Client.login(server, "TLSv1.3", true, new AtomicInteger());
        try {
            assertThat(client.changeWorkingDirectory(folder)).as(client.getReplyString()).isTrue();
            for (int i = 0; i < 2; i++) {
                assertThat(client.canResumeDataConnection()).isTrue();
                upload(client, "file-" + i, new byte[] {1, 2, 3});
            }

            assertThat(client.canResumeDataConnection()).isFalse();
            Throwable failure = catchThrowable(() -> upload(client, "file-2", new byte[] {4, 5, 6}));
            assertThat(client.lastDataConnectionResumed()).isFalse();
            assertThat(failure).as("an upload over a new TLS session").isNotNull();
        } finally {
            client.disconnect();
        }
    }

    /** Uploads, downloads and lists, checking every data connection's session; gives the number of logins needed. */
    private static int everyDataConnectionResumes(FtpTestServer server, String protocol, boolean passive)
            throws Exception {
        String folder = "reuse-" + UUID.randomUUID();
        server.createDirectories(folder);
        AtomicInteger certificateChecks = new AtomicInteger();
        Client client = null;
        int logins = 0;
        try {
            for (int i = 0; i < 3 * ROUNDS; i++) {
                if (client == null || !client.canResumeDataConnection()) {
                    if (client != null) {
                        client.logout();
                        client.disconnect();
                    }
                    client = Client.login(server, protocol, passive, certificateChecks);
                    logins++;
                    assertThat(client.controlSession().getProtocol()).isEqualTo(protocol);
                    assertThat(client.changeWorkingDirectory(folder)).as(client.getReplyString()).isTrue();
                }
                String name = "file-" + i / 3 + ".txt";
                byte[] content = ("전송 " + name + " " + protocol + "\n").repeat(5_000)
                        .getBytes(StandardCharsets.UTF_8);
                switch (i % 3) {
                    case 0 -> upload(client, name, content);
                    case 1 -> {
                        InputStream in = client.retrieveFileStream(name);
                        assertThat(in).as(client.getReplyString()).isNotNull();
                        assertThat(Arrays.equals(in.readAllBytes(), content)).as("downloaded " + name).isTrue();
                        in.close();
                        assertThat(client.completePendingCommand()).as(client.getReplyString()).isTrue();
                    }
                    default -> assertThat(client.listNames()).as(client.getReplyString()).contains(name);
                }
                assertResumed(client);
            }
            assertThat(certificateChecks).as("certificate checks: only each control connection's full handshake")
                    .hasValue(logins);
            return logins;
        } finally {
            if (client != null) {
                client.logout();
                client.disconnect();
            }
        }
    }

    private static void assertResumed(Client client) {
        SSLSession control = client.controlSession();
        SSLSession data = ((SSLSocket) client.lastDataSocket()).getSession();
        assertThat(client.lastDataConnectionResumed()).as("resumed, as the client sees it").isTrue();
        assertThat(data.getProtocol()).isEqualTo(control.getProtocol());
        assertThat(data.getPeerHost()).isEqualTo(control.getPeerHost());
        assertThat(data.getCreationTime()).as("the control session's creation time").isEqualTo(
                control.getCreationTime());
        if (control.getProtocol().equals("TLSv1.2")) {
            assertThat(data.getId()).as("the control session's id").isEqualTo(control.getId());
        }
    }

    /** Uploads the way Postern does under TLS 1.3 (see FtpConnection#finishUpload). */
    private static void upload(Client client, String name, byte[] content) throws IOException {
        OutputStream out = client.storeFileStream(name);
        assertThat(out).as(client.getReplyString()).isNotNull();
        out.write(content);
        out.flush();
        SSLSocket socket = (SSLSocket) client.lastDataSocket();
        socket.shutdownOutput();
        socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        out.close();
        if (!client.completePendingCommand()) {
            throw new IOException("upload refused: " + client.getReplyString());
        }
    }

    private static void login(FTPSClient client, FtpTestServer server, String protocol, boolean passive)
            throws IOException {
        client.setEnabledProtocols(new String[] {protocol});
        client.setControlEncoding("UTF-8");
        client.setConnectTimeout(10_000);
        client.setDefaultTimeout(30_000);
        client.setDataTimeout(Duration.ofSeconds(30));
        client.connect(server.host(), server.port());
        client.setSoTimeout(30_000);
        assertThat(client.login(server.username(), server.password())).as(client.getReplyString()).isTrue();
        client.execPBSZ(0);
        client.execPROT("P");
        if (passive) {
            client.enterLocalPassiveMode();
        } else {
            client.enterLocalActiveMode();
        }
        assertThat(client.setFileType(FTP.BINARY_FILE_TYPE)).as(client.getReplyString()).isTrue();
    }

    /** A TLS context of the client's own that trusts only the server's certificate and counts how often it is asked. */
    private static SSLContext trusting(FtpTestServer server, AtomicInteger checks) throws GeneralSecurityException,
            IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", server.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        X509ExtendedTrustManager checker = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        SSLContext context = SessionReusingFtpsClient.newContext();
        context.init(null, new TrustManager[] {new Counting(checker, checks)}, null);
        return context;
    }

    /** Logged in with one TLS version, checking the host name; shows the control connection's TLS session. */
    private static final class Client extends SessionReusingFtpsClient {

        private Client(boolean implicit, SSLContext context) {
            super(implicit, context);
        }

        static Client login(FtpTestServer server, String protocol, boolean passive, AtomicInteger certificateChecks)
                throws GeneralSecurityException, IOException {
            Client client = new Client(server.security() == Security.TLS, trusting(server, certificateChecks));
            client.setEndpointCheckingEnabled(true);
            SessionReusingFtpsClientTests.login(client, server, protocol, passive);
            return client;
        }

        SSLSession controlSession() {
            return ((SSLSocket) _socket_).getSession();
        }
    }

    private static final class Counting extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager checker;
        private final AtomicInteger checks;

        Counting(X509ExtendedTrustManager checker, AtomicInteger checks) {
            this.checker = checker;
            this.checks = checks;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checks.incrementAndGet();
            checker.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checks.incrementAndGet();
            checker.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checks.incrementAndGet();
            checker.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return checker.getAcceptedIssuers();
        }
    }
}
