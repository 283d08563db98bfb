package dev.postern.ftp.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.springframework.stereotype.Component;

import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProbe;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.ProbeReport;
import dev.postern.upstream.ProbeStep;
import dev.postern.upstream.ProbeTarget;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.Transcript;
import dev.postern.upstream.UpstreamStatus;

/**
 * Tests an FTP or FTPS connection: connects (implicit FTPS: TLS first; explicit: AUTH TLS after the greeting),
 * reads the greeting and the FEAT list, logs in, protects the data channel (PBSZ 0, PROT P) on FTPS, and asks for
 * the working directory, recording the conversation.
 */
@Component
class FtpConnectionProbe implements ConnectionProbe {

    private static final int NOT_LOGGED_IN = 530;

    /** A trust of the tests' own, or null: the JVM's trust store, or the certificate pinned on the connection. */
    private final SSLContext testTrust;

    FtpConnectionProbe() {
        this(null);
    }

    /** For tests that trust a certificate of their own. */
    FtpConnectionProbe(SSLContext testTrust) {
        this.testTrust = testTrust;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.FTP;
    }

    @Override
    public ProbeReport probe(ProbeTarget target) {
        ConnectionProfile profile = target.profile();
        String endpoint = profile.host() + ":" + profile.port();
        Transcript transcript = new Transcript(profile.username(), target.password());
        Conversation conversation = new Conversation(transcript);
        long started = System.nanoTime();
        FtpTls trust = testTrust == null && profile.security() != Security.NONE
                ? FtpTls.forPin(profile.ftp().pinnedCertificate()) : null;
        FTPClient client = client(profile.security(), trust);
        client.setSocketFactory(target.sockets().forProtocol(Protocol.FTP));
        client.setConnectTimeout(millis(target.connectTimeout()));
        client.setDefaultTimeout(millis(target.readTimeout()));
        client.setDataTimeout(target.readTimeout());
        client.setControlEncoding(dev.postern.upstream.Charsets.orUtf8(profile.ftp().charset()).name());
        // Commons Net sends FEAT right after the greeting and switches the control connection to UTF-8 when the
        // server announces UTF8; the connection's character set is for servers that do not. (Only then: the
        // control connection's character set cannot change once connected.)
        client.setAutodetectUTF8(true);
        client.addProtocolCommandListener(conversation);

        UpstreamStatus status = UpstreamStatus.OK;
        String detail = null;
        boolean loggedIn = false;
        transcript.note("Connecting to " + endpoint + security(profile.security()));
        try {
            client.connect(profile.host(), profile.port());
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                status = UpstreamStatus.SERVER_SAID_NO;
                detail = reply(client);
            } else if (target.password() == null) {
                transcript.note("No password is stored for this connection: not logging in");
                describeCharset(client, conversation, transcript);
                client.logout();
            } else if (!client.login(profile.username(), target.password())) {
                status = client.getReplyCode() == NOT_LOGGED_IN ? UpstreamStatus.AUTH_FAILED
                        : UpstreamStatus.SERVER_SAID_NO;
                detail = reply(client);
            } else {
                loggedIn = true;
                if (client instanceof FTPSClient ftps) {
                    // Without PROT P the files themselves would travel in clear (RFC 4217).
                    ftps.execPBSZ(0);
                    ftps.execPROT("P");
                }
                if (conversation.features().isEmpty()) {
                    // Some servers (Apache FtpServer among them) answer FEAT only once logged in.
                    client.features();
                }
                describeCharset(client, conversation, transcript);
                if (profile.ftp().passive()) {
                    client.enterLocalPassiveMode();
                    transcript.note("Passive mode: Postern opens the data connections");
                } else {
                    client.enterLocalActiveMode();
                    transcript.note("Active mode: the server opens the data connections");
                }
                if (client.printWorkingDirectory() == null) {
                    status = UpstreamStatus.SERVER_SAID_NO;
                    detail = reply(client);
                }
                client.logout();
            }
        } catch (FTPConnectionClosedException closed) {
            status = UpstreamStatus.SERVER_SAID_NO;
            detail = describe(closed);
        } catch (IOException failure) {
            UpstreamStatus network = UpstreamStatus.classify(failure);
            status = network != null ? network : UpstreamStatus.PROTOCOL_ERROR;
            detail = describe(failure);
            if (status == UpstreamStatus.TLS_FAILED && trust != null && !trust.pinned()
                    && trust.presentedFingerprint() != null) {
                transcript.note("The server's certificate has the SHA-256 fingerprint " + trust.presentedFingerprint()
                        + ": pin it on the connection if you trust it");
                detail += " — the server's certificate has the SHA-256 fingerprint " + trust.presentedFingerprint();
            }
        } finally {
            disconnect(client);
        }
        return new ProbeReport(List.of(new ProbeStep(profile.security() == Security.NONE ? "FTP" : "FTPS", endpoint,
                status, conversation.greeting(), conversation.features(), detail, loggedIn, transcript.lines(),
                Duration.ofNanos(System.nanoTime() - started))));
    }

    private FTPClient client(Security security, FtpTls trust) {
        if (security == Security.NONE) {
            return new FTPClient();
        }
        // Commons Net's own default trust manager checks only validity dates; ours checks the chain and the host name
        // (endpoint identification "HTTPS"), or the pinned certificate alone.
        FTPSClient ftps = new FTPSClient(security == Security.TLS, trust != null ? trust.context() : testTrust);
        ftps.setEndpointCheckingEnabled(trust == null || !trust.pinned());
        return ftps;
    }

    private static void describeCharset(FTPClient client, Conversation conversation, Transcript transcript)
            throws IOException {
        boolean utf8 = StandardCharsets.UTF_8.name().equalsIgnoreCase(client.getControlEncoding());
        if (utf8 && conversation.features().contains("UTF8")) {
            // Some servers (IIS, older FileZilla) switch file names to UTF-8 only when asked.
            client.sendCommand("OPTS UTF8 ON");
            transcript.note("File names in UTF-8: the server supports UTF8");
        } else {
            transcript.note("File names in " + client.getControlEncoding() + " (the connection's character set)");
        }
    }


    private static String reply(FTPClient client) {
        String reply = client.getReplyString();
        return reply == null ? null : reply.strip();
    }

    static String describe(Throwable failure) {
        return UpstreamStatus.describe(failure);
    }

    private static String security(Security security) {
        return switch (security) {
            case NONE -> " (plain text)";
            case STARTTLS -> " (explicit FTPS: AUTH TLS)";
            case TLS -> " (implicit FTPS)";
        };
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static void disconnect(FTPClient client) {
        if (!client.isConnected()) {
            return;
        }
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // The outcome is known; closing a broken connection changes nothing.
        }
    }

    /** Writes each command and reply to the transcript, and keeps the greeting and the last FEAT answer. */
    private static final class Conversation implements ProtocolCommandListener {

        private final Transcript transcript;
        private String greeting;
        private boolean awaitingFeatures;
        private List<String> features = List.of();

        Conversation(Transcript transcript) {
            this.transcript = transcript;
        }

        @Override
        public void protocolCommandSent(ProtocolCommandEvent event) {
            awaitingFeatures = "FEAT".equalsIgnoreCase(event.getCommand());
            transcript.client(event.getMessage());
        }

        @Override
        public void protocolReplyReceived(ProtocolCommandEvent event) {
            String message = event.getMessage();
            transcript.server(message);
            if (greeting == null) {
                greeting = message.strip();
            }
            if (awaitingFeatures) {
                awaitingFeatures = false;
                if (FTPReply.isPositiveCompletion(event.getReplyCode())) {
                    features = features(message);
                }
            }
        }

        /** {@code 211-Features:}, one feature a line (indented by a space), {@code 211 End}. */
        private static List<String> features(String reply) {
            List<String> lines = new ArrayList<>(Arrays.asList(reply.split("\r?\n")));
            List<String> features = new ArrayList<>();
            for (int i = 1; i < lines.size() - 1; i++) {
                String feature = lines.get(i).strip();
                if (!feature.isEmpty()) {
                    features.add(feature);
                }
            }
            return List.copyOf(features);
        }

        String greeting() {
            return greeting;
        }

        List<String> features() {
            return features;
        }
    }
}
