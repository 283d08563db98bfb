package dev.postern.ftp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A connected data socket that reports the control connection's port as its own ({@link #getPort()}); everything else,
 * reading and writing included, is the data socket's.
 *
 * <p>Why: the JDK offers a client a TLS session to resume by looking it up under the peer's host and port, the host
 * being the one given when TLS is layered on a socket ({@code SSLSocketFactory.createSocket(socket, host, port,
 * autoClose)}) but the port always the socket's own {@code getPort()}: the port given there is ignored. A data
 * connection goes to another port than the control connection, so without this it is never offered the control
 * connection's session, and servers that require the data connection to resume it (vsftpd, ProFTPD and FileZilla
 * Server by default) refuse it. Only the JDK's TLS layer is meant to see this socket.
 */
final class ControlEndpointSocket extends Socket {

    private final Socket data;
    private final int controlPort;

    ControlEndpointSocket(Socket data, int controlPort) {
        if (!data.isConnected()) {
            throw new IllegalArgumentException("The data socket is not connected");
        }
        this.data = data;
        this.controlPort = controlPort;
    }

    /** The control connection's port: the key, with the host, under which TLS finds the session to resume. */
    @Override
    public int getPort() {
        return controlPort;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        throw new SocketException("Already connected");
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("Already connected");
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        throw new SocketException("Already bound");
    }

    @Override
    public InetAddress getInetAddress() {
        return data.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return data.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return data.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return data.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return data.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return data.getChannel();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return data.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return data.getOutputStream();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        data.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return data.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        data.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return data.getSoLinger();
    }

    @Override
    public void sendUrgentData(int urgent) throws IOException {
        data.sendUrgentData(urgent);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        data.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return data.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        data.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return data.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        data.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return data.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        data.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return data.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        data.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return data.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        data.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return data.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        data.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return data.getReuseAddress();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        data.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        data.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return data.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return data.supportedOptions();
    }

    @Override
    public void shutdownInput() throws IOException {
        data.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        data.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return data.isConnected();
    }

    @Override
    public boolean isBound() {
        return data.isBound();
    }

    @Override
    public boolean isClosed() {
        return data.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return data.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return data.isOutputShutdown();
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            super.close();
        }
    }

    @Override
    public String toString() {
        return data + " (TLS session of the control connection's port " + controlPort + ")";
    }
}
