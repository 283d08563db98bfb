package dev.postern.telnet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * A socket whose input Commons Net does not read itself: {@link TelnetHost#pump} reads the host's bytes in bulk
 * ({@link #rawInput()}), hands data on and feeds only the command sequences to Commons Net through
 * {@link #getInputStream()} (see {@link NvtReader}), so that Commons Net still negotiates while data costs no more
 * than a scan. Everything else goes to the socket underneath (from the upstream policy's factory, which checked the
 * destination).
 */
final class SplitSocket extends Socket {

    private final Socket inner;
    private final CommandFeed feed = new CommandFeed();

    SplitSocket(Socket inner) {
        this.inner = inner;
    }

    /** The host's bytes as they come. */
    InputStream rawInput() throws IOException {
        return inner.getInputStream();
    }

    /** Gives Commons Net command sequences to act on. */
    void feed(byte[] commands) {
        feed.add(commands);
    }

    /** A factory whose sockets are these, over the given factory's. */
    static SocketFactory over(SocketFactory sockets) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return new SplitSocket(sockets.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return new SplitSocket(sockets.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return new SplitSocket(sockets.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return new SplitSocket(sockets.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return new SplitSocket(sockets.createSocket(host, port, local, localPort));
            }
        };
    }

    /** What Commons Net reads: the command sequences fed to it, nothing else. */
    @Override
    public InputStream getInputStream() {
        return feed;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return inner.getOutputStream();
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        inner.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        inner.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        inner.bind(local);
    }

    @Override
    public InetAddress getInetAddress() {
        return inner.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return inner.getLocalAddress();
    }

    @Override
    public int getPort() {
        return inner.getPort();
    }

    @Override
    public int getLocalPort() {
        return inner.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return inner.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return inner.getLocalSocketAddress();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        inner.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return inner.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        inner.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return inner.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        inner.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        inner.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return inner.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        inner.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return inner.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        inner.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return inner.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        inner.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return inner.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        inner.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return inner.getKeepAlive();
    }

    @Override
    public void close() throws IOException {
        feed.close();
        inner.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        inner.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        inner.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return inner.isConnected();
    }

    @Override
    public boolean isBound() {
        return inner.isBound();
    }

    @Override
    public boolean isClosed() {
        return inner.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return inner.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return inner.isOutputShutdown();
    }

    @Override
    public String toString() {
        return inner.toString();
    }

    /** A queue of bytes that Commons Net reads; blocks while empty, ends when the socket closes. */
    private static final class CommandFeed extends InputStream {

        private final java.util.ArrayDeque<byte[]> chunks = new java.util.ArrayDeque<>();
        private int position;
        private boolean closed;

        synchronized void add(byte[] bytes) {
            if (bytes.length > 0) {
                chunks.addLast(bytes);
                notifyAll();
            }
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (chunks.isEmpty()) {
                if (closed) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            byte[] head = chunks.peekFirst();
            int count = Math.min(length, head.length - position);
            System.arraycopy(head, position, buffer, offset, count);
            position += count;
            if (position == head.length) {
                chunks.removeFirst();
                position = 0;
            }
            return count;
        }

        @Override
        public synchronized int available() {
            int total = 0;
            for (byte[] chunk : chunks) {
                total += chunk.length;
            }
            return total - position;
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }
    }
}
