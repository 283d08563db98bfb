package dev.postern.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;

import javax.net.SocketFactory;

/**
 * The only way Postern opens an upstream socket. Whatever address a protocol library asks for, the socket resolves
 * the host itself, asks the {@link UpstreamPolicy}, and connects only to an address the policy allowed: so a DNS
 * answer that changes between check and connect (rebinding) cannot reach an address that was not checked.
 *
 * <p>Protocol libraries take it as their socket factory (Commons Net's {@code setSocketFactory}, Angus Mail's
 * {@code mail.<protocol>.socketFactory}); TLS is layered on the connected socket.
 */
public final class GuardedSocketFactory extends SocketFactory {

    /** Checks a destination and returns the addresses that may be tried, in order. */
    @FunctionalInterface
    public interface Gate {
        List<InetAddress> check(String host, int port) throws IOException;
    }

    private final Gate gate;
    private final int connectTimeoutMillis;

    public GuardedSocketFactory(Gate gate, int connectTimeoutMillis) {
        this.gate = gate;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** An unconnected socket; connecting it goes through the policy. */
    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
        return socket;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    private final class GuardedSocket extends Socket {

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, connectTimeoutMillis);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IOException("Unsupported address type " + endpoint);
            }
            int effectiveTimeout = timeout > 0 ? Math.min(timeout, connectTimeoutMillis) : connectTimeoutMillis;
            List<InetAddress> allowed = gate.check(target.getHostString(), target.getPort());
            if (allowed.isEmpty()) {
                throw new java.net.UnknownHostException(target.getHostString());
            }
            // A failed connect closes a java.net.Socket, so only the first allowed address can be tried.
            super.connect(new InetSocketAddress(allowed.getFirst(), target.getPort()), effectiveTimeout);
        }
    }
}
