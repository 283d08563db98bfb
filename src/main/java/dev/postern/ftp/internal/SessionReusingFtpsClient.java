package dev.postern.ftp.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.commons.net.ftp.FTPSClient;

/**
 * Commons Net's {@link FTPSClient} whose protected data connections (PROT P) resume the control connection's TLS
 * session, as vsftpd ({@code require_ssl_reuse}), ProFTPD and FileZilla Server require by default, so that a third
 * party cannot take over a data connection (RFC 4217, 10.2).
 *
 * <p>Commons Net opens a protected data connection with TLS already on, from a socket factory of its own that
 * {@link #execPROT} installs: a new TLS session each time, and a socket that bypasses the factory the caller set. Here
 * every data connection is opened plain through the caller's socket factory (Postern's guarded one), in passive and
 * active mode alike, and TLS is then layered on it as a client, with the control connection's TLS parameters
 * (protocols, cipher suites, host name check) and under the control connection's host and port, which is where the
 * JDK looks for a session to offer (see {@link ControlEndpointSocket}): under TLS 1.2 the control connection's
 * session id, under TLS 1.3 a ticket the server sent on the control connection or on an earlier data connection. A
 * server that does not resume gets a full handshake, checked like the control connection's; a handshake that fails
 * fails the transfer, never falling back to clear text.
 *
 * <p>Each client should have an {@link SSLContext} of its own (its session cache holds only this control connection's
 * sessions). Not for proxies ({@code setProxy}) or TLS server mode.
 */
public class SessionReusingFtpsClient extends FTPSClient {

    private static final String TLS13 = "TLSv1.3";
    private static final String TLS12_TICKETS = "jdk.tls.client.enableSessionTicketExtension";

    private final SSLContext context;
    private boolean protectData;
    private Socket lastData;
    private Socket lastTransport;
    private boolean lastResumed;
    /** Under TLS 1.3: the ids of the sessions that cannot be resumed (again): used tickets, full handshakes. */
    private final Set<String> spent = new HashSet<>();
    private int resumedUnderTls13;

    /** A client over the given context, best one from {@link #newContext()}, used by this client alone. */
    public SessionReusingFtpsClient(boolean implicit, SSLContext context) {
        super(implicit, context);
        this.context = context;
    }

    /**
     * A new TLS context for such a client, for the caller to initialise: one whose TLS 1.2 sessions are resumed by
     * their id, never by a session ticket (RFC 5077). An OpenSSL server that is offered tickets gives the session an
     * empty id and a ticket instead, and vsftpd's tickets claim a lifetime of 68 years (it keeps sessions forever when
     * it requires reuse), which the JDK throws away (it takes at most 7 days): the session could not be resumed at
     * all. Not offered tickets, the servers tested (vsftpd, ProFTPD, Apache FtpServer) give the session an id and
     * keep it. TLS 1.3 resumption is not affected.
     *
     * <p>The JDK reads whether to offer tickets from a system property when a context is made, and nowhere else: so it
     * is set for that moment and put back. Another context made meanwhile elsewhere in the JVM would offer no tickets
     * either under TLS 1.2, which changes only how it resumes.
     */
    public static SSLContext newContext() throws NoSuchAlgorithmException {
        synchronized (SessionReusingFtpsClient.class) {
            String before = System.getProperty(TLS12_TICKETS);
            System.setProperty(TLS12_TICKETS, "false");
            try {
                return SSLContext.getInstance("TLS");
            } finally {
                if (before == null) {
                    System.clearProperty(TLS12_TICKETS);
                } else {
                    System.setProperty(TLS12_TICKETS, before);
                }
            }
        }
    }

    /**
     * Sends PROT; Commons Net's own socket factories for data connections that it installs on {@code PROT P} are
     * replaced by the plain ones set before, since TLS is layered here (see the class comment).
     */
    @Override
    public void execPROT(String prot) throws IOException {
        SocketFactory sockets = _socketFactory_;
        ServerSocketFactory serverSockets = _serverSocketFactory_;
        super.execPROT(prot);
        protectData = prot != null && !"C".equals(prot);
        setSocketFactory(sockets);
        setServerSocketFactory(serverSockets);
    }

    @Override
    protected Socket _openDataConnection_(String command, String arg) throws IOException {
        // The plain data connection, the command sent: the factories are plain, so Commons Net layers no TLS itself.
        Socket socket = super._openDataConnection_(command, arg);
        lastTransport = socket;
        if (socket != null && protectData) {
            socket = protect(socket);
        }
        lastData = socket;
        return socket;
    }

    /** The last data connection opened (TLS on it when protected), or null. */
    public Socket lastDataSocket() {
        return lastData;
    }

    /** The TCP connection under the last data connection's TLS (the data connection itself when plain), or null. */
    public Socket lastDataTransport() {
        return lastTransport;
    }

    /**
     * Whether the last protected data connection resumed a TLS session that this client had before its handshake (the
     * control connection's, or under TLS 1.3 one made from a ticket the server sent), rather than making a new one.
     */
    public boolean lastDataConnectionResumed() {
        return lastResumed;
    }

    /**
     * Whether the next protected data connection can resume the control connection's TLS session, as far as the client
     * knows. Under TLS 1.2 the control connection's session id serves again and again. Under TLS 1.3 each data
     * connection uses up one session ticket, and the JDK uses a ticket only once: servers send a new one on most data
     * connections, but not all (ProFTPD sends none on an upload), so a control connection can run out of them. This
     * says false once it has, after at least one data connection resumed; when the server never sent a ticket, true
     * (a new control connection would have none either).
     */
    public boolean canResumeDataConnection() {
        if (!protectData || !(_socket_ instanceof SSLSocket control)
                || !TLS13.equals(control.getSession().getProtocol())) {
            return true;
        }
        return resumedUnderTls13 == 0 || !unspentTickets(control.getSession()).isEmpty();
    }

    private SSLSocket protect(Socket plain) throws IOException {
        try {
            if (!(_socket_ instanceof SSLSocket control)) {
                throw new IOException("The control connection is not protected: no TLS for the data connection");
            }
            SSLSession session = control.getSession();
            Set<String> known = sessionIds();
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(
                    new ControlEndpointSocket(plain, session.getPeerPort()), session.getPeerHost(),
                    session.getPeerPort(), true);
            tls.setUseClientMode(true);
            tls.setSSLParameters(control.getSSLParameters());
            tls.startHandshake();
            String used = HexFormat.of().formatHex(tls.getSession().getId());
            lastResumed = known.contains(used);
            if (TLS13.equals(tls.getSession().getProtocol())) {
                spent.add(used);
                if (lastResumed) {
                    resumedUnderTls13++;
                } else {
                    // A full handshake replaces the tickets the JDK kept for the control connection's host and port.
                    spent.addAll(known);
                }
            }
            return tls;
        } catch (IOException | RuntimeException failure) {
            try {
                plain.close();
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
    }

    /** The sessions the JDK holds that were made from tickets and are not used yet. */
    private Set<String> unspentTickets(SSLSession control) {
        Set<String> tickets = sessionIds();
        tickets.removeAll(spent);
        tickets.remove(HexFormat.of().formatHex(control.getId()));
        return tickets;
    }

    /**
     * The ids of the sessions in this client's cache: the control connection's, and under TLS 1.3 one for each ticket
     * the server sent (read with the replies or the data that followed it).
     */
    private Set<String> sessionIds() {
        Set<String> ids = new HashSet<>();
        Enumeration<byte[]> cached = context.getClientSessionContext().getIds();
        while (cached.hasMoreElements()) {
            ids.add(HexFormat.of().formatHex(cached.nextElement()));
        }
        return ids;
    }
}
