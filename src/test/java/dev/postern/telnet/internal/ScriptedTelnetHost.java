package dev.postern.telnet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Telnet host that a test scripts byte by byte: it accepts one client, and the test writes what the host says and
 * reads exactly what the client put on the wire. Unlike {@link FakeTelnetHost} it knows no protocol at all, so a
 * test sees the client's bytes as they are.
 */
final class ScriptedTelnetHost implements AutoCloseable {

    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int SE = 240;

    private final ServerSocket server;
    private Socket client;
    private InputStream in;
    private OutputStream out;

    ScriptedTelnetHost() throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.server.setSoTimeout(10_000);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the client to connect. */
    ScriptedTelnetHost accept() throws IOException {
        client = server.accept();
        client.setSoTimeout(5_000);
        in = client.getInputStream();
        out = client.getOutputStream();
        return this;
    }

    /** Sends bytes given as ints (0..255) to the client. */
    void say(int... bytes) throws IOException {
        byte[] wire = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            wire[i] = (byte) bytes[i];
        }
        say(wire);
    }

    void say(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads exactly what is expected next from the client, or fails showing what came instead. */
    void expect(int... expected) throws IOException {
        byte[] want = new byte[expected.length];
        for (int i = 0; i < expected.length; i++) {
            want[i] = (byte) expected[i];
        }
        expect(want);
    }

    void expect(byte[] want) throws IOException {
        byte[] got = read(want.length);
        if (!Arrays.equals(got, want)) {
            throw new AssertionError("Expected " + hex(want) + " from the client but got " + hex(got)
                    + " (then " + hex(readQuietly()) + ")");
        }
    }

    /** What the client sends within a short while, for checking that it sent nothing more. */
    byte[] readQuietly() throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        client.setSoTimeout(300);
        try {
            byte[] buffer = new byte[256];
            int n;
            while ((n = in.read(buffer)) > 0) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // Nothing more came.
        } finally {
            client.setSoTimeout(5_000);
        }
        return seen.toByteArray();
    }

    private byte[] read(int length) throws IOException {
        byte[] got = new byte[length];
        int n = 0;
        try {
            while (n < length) {
                int read = in.read(got, n, length - n);
                if (read < 0) {
                    break;
                }
                n += read;
            }
        } catch (SocketTimeoutException slow) {
            // Show what did come.
        }
        return Arrays.copyOf(got, n);
    }

    static String hex(byte[] bytes) {
        return "[" + HexFormat.ofDelimiter(" ").formatHex(bytes) + "]";
    }

    /** Closes the client's connection, as a host that ends the session. */
    void hangUp() throws IOException {
        client.close();
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }
}
