package dev.postern.testing.ftp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.postern.ftp.internal.SessionReusingFtpsClient;
import dev.postern.upstream.Security;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/** Commons Net clients logged in to an {@link FtpTestServer}, the way an FTP client should: for these tests. */
final class FtpClients {

    private FtpClients() {
    }

    /**
     * A client logged in, in passive mode, binary, with UTF-8 names (and {@code OPTS UTF8 ON} where FEAT offers
     * UTF8); under TLS it trusts only the server's certificate, checks that it names the host, uses the given TLS
     * versions (TLS 1.3 and 1.2 when none) and protects data connections ({@code PBSZ 0}, {@code PROT P}), which
     * resume the control connection's TLS session (Postern's {@link SessionReusingFtpsClient}).
     */
    static FTPClient login(FtpTestServer server, String... tlsProtocols) throws IOException {
        FTPClient client;
        if (server.security() == Security.NONE) {
            client = new FTPClient();
        } else {
            FTPSClient ftps = new SessionReusingFtpsClient(server.security() == Security.TLS, trusting(server));
            ftps.setEndpointCheckingEnabled(true);
            ftps.setEnabledProtocols(tlsProtocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : tlsProtocols);
            client = ftps;
        }
        client.setControlEncoding("UTF-8");
        client.setConnectTimeout(10_000);
        client.setDefaultTimeout(30_000);
        client.connect(server.host(), server.port());
        client.setSoTimeout(30_000);
        requireOk(client, FTPReply.isPositiveCompletion(client.getReplyCode()), "greeting");
        requireOk(client, client.login(server.username(), server.password()), "login");
        if (client instanceof FTPSClient ftps) {
            ftps.execPBSZ(0);
            ftps.execPROT("P");
            requireOk(client, FTPReply.isPositiveCompletion(ftps.getReplyCode()), "PROT P");
        }
        if (client.hasFeature("UTF8")) {
            client.sendCommand("OPTS UTF8 ON");
        }
        client.enterLocalPassiveMode();
        client.setDataTimeout(Duration.ofSeconds(30));
        requireOk(client, client.setFileType(FTP.BINARY_FILE_TYPE), "TYPE I");
        return client;
    }

    /**
     * Uploads the way a client must when the data connection may be TLS 1.3: write, then end the TLS stream with
     * close_notify ({@code shutdownOutput}), read the server's side to its end (its session tickets and its own
     * close_notify), and only then close the socket. Closing at once, as Commons Net's {@code storeFile} does,
     * leaves the tickets unread in the socket, and Linux then answers the close with a TCP reset that can drop the
     * end of the upload before the server reads it.
     */
    static boolean storeWithOrderlyClose(FTPClient client, String name, byte[] content) throws IOException {
        if (!(client instanceof SessionReusingFtpsClient ftps)) {
            return client.storeFile(name, new ByteArrayInputStream(content));
        }
        OutputStream out = client.storeFileStream(name);
        if (out == null) {
            return false;
        }
        out.write(content);
        out.flush();
        Socket data = ftps.lastDataSocket();
        data.shutdownOutput();
        data.getInputStream().transferTo(OutputStream.nullOutputStream());
        out.close();
        return client.completePendingCommand();
    }

    /**
     * The client, or a new one logged in (into the same directory) when it is out of the TLS 1.3 session tickets its
     * next data connection would need, as Postern's {@code FtpSessions} does (see
     * {@link SessionReusingFtpsClient#canResumeDataConnection()}).
     */
    static FTPClient ready(FTPClient client, FtpTestServer server, String... tlsProtocols) throws IOException {
        if (!(client instanceof SessionReusingFtpsClient ftps) || ftps.canResumeDataConnection()) {
            return client;
        }
        String directory = client.printWorkingDirectory();
        logout(client);
        FTPClient again = login(server, tlsProtocols);
        requireOk(again, again.changeWorkingDirectory(directory), "CWD " + directory);
        return again;
    }

    static void logout(FTPClient client) throws IOException {
        try {
            client.logout();
        } finally {
            client.disconnect();
        }
    }

    private static void requireOk(FTPClient client, boolean ok, String step) throws IOException {
        if (!ok) {
            String reply = client.getReplyString();
            client.disconnect();
            throw new IOException(step + " failed: " + reply);
        }
    }

    /** A TLS context of its own (sessions to resume are this client's), trusting only the server's certificate. */
    private static SSLContext trusting(FtpTestServer server) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", server.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SessionReusingFtpsClient.newContext();
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not trust " + server.name() + "'s certificate", e);
        }
    }
}
