package dev.postern.ftp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.springframework.stereotype.Component;

import dev.postern.account.CurrentUser;
import dev.postern.ftp.FtpProperties;
import dev.postern.ftp.FtpUnavailable;
import dev.postern.ftp.InvalidPath;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.GuardedSocketFactory;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.ResolvedConnection;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamProperties;
import dev.postern.upstream.UpstreamStatus;

/**
 * Opens a logged-in FTP or FTPS control connection for a user: credentials from the vault, every socket (control and
 * data) through the upstream policy, TLS checked against the JVM's trust store or the connection's pinned
 * certificate, the data channel protected (PROT P) with data connections that resume the control connection's TLS
 * session ({@link SessionReusingFtpsClient}), binary type, passive or active as the connection says.
 *
 * <p>In passive mode the address a server announces for the data connection (its PASV reply) is used only when it is
 * the control connection's own address, or when the upstream policy allows it like any other destination; otherwise
 * the transfer is refused, and the refusal audited.
 */
@Component
class FtpConnector {

    private final Connections connections;
    private final UpstreamPolicy policy;
    private final UpstreamProperties upstream;
    private final FtpProperties properties;
    private final HostSlots slots;
    private final DataWatch watch;

    FtpConnector(Connections connections, UpstreamPolicy policy, UpstreamProperties upstream, FtpProperties properties,
                 HostSlots slots, DataWatch watch) {
        this.connections = connections;
        this.policy = policy;
        this.upstream = upstream;
        this.properties = properties;
        this.slots = slots;
        this.watch = watch;
    }

    FtpConnection open(ConnectionProfile checked, CurrentUser user) {
        ResolvedConnection connection = connections.use(checked.id(), user);
        ConnectionProfile profile = connection.profile();
        if (connection.password() == null) {
            throw new FtpUnavailable(UpstreamStatus.AUTH_FAILED, "No password is stored for this connection", null);
        }
        ConnectionOptions.Ftp options = profile.ftp();
        FtpTls tls = profile.security() == Security.NONE ? null : FtpTls.forPin(options.pinnedCertificate());
        DataGate gate = new DataGate(user);
        Runnable release = slots.take(profile.host(), profile.port());
        FTPClient client = tls == null ? new PlainClient() : new SecureClient(profile.security() == Security.TLS, tls);
        try {
            client.setSocketFactory(new GuardedSocketFactory(gate, millis(upstream.connectTimeout())));
            client.setConnectTimeout(millis(upstream.connectTimeout()));
            client.setDefaultTimeout(millis(upstream.readTimeout()));
            client.setDataTimeout(upstream.readTimeout());
            client.setControlEncoding(dev.postern.upstream.Charsets.orUtf8(options.charset()).name());
            client.setAutodetectUTF8(true);
            client.setBufferSize((int) properties.bufferSize().toBytes());
            // The address in a PASV reply is taken as announced, then judged by the data gate (see the class comment);
            // Commons Net's own default silently replaces it with the control connection's address.
            client.setIpAddressFromPasvResponse(true);
            client.setPassiveNatWorkaroundStrategy(null);
            FTPClientConfig config = new FTPClientConfig();
            // A listing line that no parser understands is kept and shown raw, never dropped.
            config.setUnparseableEntries(true);
            client.configure(config);

            client.connect(profile.host(), profile.port());
            gate.control = client.getRemoteAddress();
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, reply(client), null);
            }
            if (!client.login(profile.username(), connection.password())) {
                throw new FtpUnavailable(client.getReplyCode() == FTPReply.NOT_LOGGED_IN ? UpstreamStatus.AUTH_FAILED
                        : UpstreamStatus.SERVER_SAID_NO, reply(client), null);
            }
            if (client instanceof FTPSClient ftps) {
                // Without PROT P the files themselves would travel in clear (RFC 4217).
                ftps.execPBSZ(0);
                ftps.execPROT("P");
                if (!FTPReply.isPositiveCompletion(ftps.getReplyCode())) {
                    throw new FtpUnavailable(UpstreamStatus.TLS_FAILED,
                            "The server would not protect the data connections: " + reply(client), null);
                }
            }
            boolean utf8 = StandardCharsets.UTF_8.name().equalsIgnoreCase(client.getControlEncoding());
            if (utf8 && client.hasFeature("UTF8")) {
                // Some servers (IIS, older FileZilla) switch file names to UTF-8 only when asked.
                client.sendCommand("OPTS UTF8 ON");
            }
            boolean mlsd = client.hasFeature("MLST");
            if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, reply(client), null);
            }
            if (options.passive()) {
                client.enterLocalPassiveMode();
            } else {
                client.enterLocalActiveMode();
            }
            String root = root(client, options.rootDirectory());
            return new FtpConnection(client, (FtpConnection.DataSockets) client, watch, root, mlsd, release);
        } catch (FtpUnavailable | InvalidPath failure) {
            disconnect(client, release);
            throw failure;
        } catch (IOException failure) {
            disconnect(client, release);
            throw failure(failure, tls);
        } catch (RuntimeException failure) {
            disconnect(client, release);
            throw failure;
        }
    }

    /** The failure a user sees for a network or TLS error; an untrusted certificate names its fingerprint to pin. */
    static FtpUnavailable failure(IOException failure, FtpTls tls) {
        UpstreamStatus status = UpstreamStatus.classify(failure);
        if (status == null) {
            status = failure instanceof org.apache.commons.net.ftp.FTPConnectionClosedException
                    ? UpstreamStatus.SERVER_SAID_NO : UpstreamStatus.PROTOCOL_ERROR;
        }
        String detail = UpstreamStatus.describe(failure);
        if (status == UpstreamStatus.TLS_FAILED && tls != null && !tls.pinned() && tls.presentedFingerprint() != null) {
            detail += " — the server's certificate has the SHA-256 fingerprint " + tls.presentedFingerprint()
                    + "; pin it on the connection if you trust it";
        }
        return new FtpUnavailable(status, detail, failure);
    }

    private static String root(FTPClient client, String configured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            if (!client.changeWorkingDirectory(configured)) {
                throw new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO,
                        "The connection's root directory " + configured + ": " + reply(client), null);
            }
            return configured;
        }
        String home = client.printWorkingDirectory();
        if (home == null) {
            throw new FtpUnavailable(UpstreamStatus.SERVER_SAID_NO, reply(client), null);
        }
        return home;
    }

    private static String reply(FTPClient client) {
        String reply = client.getReplyString();
        return reply == null ? "" : reply.strip();
    }


    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static void disconnect(FTPClient client, Runnable release) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException ignored) {
            // Already failing; the original failure is what the user sees.
        } finally {
            release.run();
        }
    }

    /**
     * Judges every socket the client opens: the control connection by the policy (by host name), a data connection to
     * the control connection's own address as allowed, and one anywhere else by the policy (audited when refused).
     */
    private final class DataGate implements GuardedSocketFactory.Gate {

        private final CurrentUser user;
        private volatile InetAddress control;

        DataGate(CurrentUser user) {
            this.user = user;
        }

        @Override
        public List<InetAddress> check(String host, int port) throws IOException {
            InetAddress controlAddress = control;
            if (controlAddress != null && controlAddress.getHostAddress().equals(host)) {
                return List.of(controlAddress);
            }
            return policy.check(Protocol.FTP, host, port, user);
        }
    }

    /** Plain FTP, remembering its data connections. */
    private static final class PlainClient extends FTPClient implements FtpConnection.DataSockets {

        private Socket lastData;

        @Override
        protected Socket _openDataConnection_(String command, String arg) throws IOException {
            Socket socket = super._openDataConnection_(command, arg);
            lastData = socket;
            return socket;
        }

        @Override
        public Socket last() {
            return lastData;
        }

        @Override
        public Socket lastTransport() {
            return lastData;
        }

        @Override
        public boolean canResumeDataConnection() {
            return true;
        }
    }

    /**
     * FTPS (explicit with AUTH TLS, or implicit), remembering its data connections, which resume the control
     * connection's TLS session.
     */
    private static final class SecureClient extends SessionReusingFtpsClient implements FtpConnection.DataSockets {

        SecureClient(boolean implicit, FtpTls tls) {
            super(implicit, tls.context());
            // With a pinned certificate the pin decides; otherwise the host name must match the certificate.
            setEndpointCheckingEnabled(!tls.pinned());
        }

        @Override
        public Socket last() {
            return lastDataSocket();
        }

        @Override
        public Socket lastTransport() {
            return lastDataTransport();
        }
    }
}
