package dev.postern.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Telnet host that floods fast, for the console's throughput figure: the test host
 * ({@code InteractiveTelnetHost}) formats every 58-byte line and writes it to the socket unbuffered, one system call
 * per line, which makes it the bottleneck well below what the gateway might carry. This one offers WILL ECHO and
 * WILL SGA, prompts {@code login: } and {@code Password: }, then answers {@code flood <n>} with n bytes of the same
 * kind of numbered lines, written from a prepared 1 MiB block in 64 KiB writes, and the prompt {@code $ } after.
 */
final class FloodTelnetHost implements AutoCloseable {

    private static final int IAC = 255;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int WILL = 251;
    private static final int DONT = 254;
    private static final byte[] BLOCK = block();

    private final String username;
    private final String password;
    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();

    FloodTelnetHost(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("flood-telnet-host").start(this::accept);
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (clients) {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    private static byte[] block() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        for (long number = 0; out.size() < 1 << 20; number++) {
            out.writeBytes(String.format(Locale.ROOT, "%012d the quick brown fox jumps over the lazy dog\r\n", number)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                synchronized (clients) {
                    clients.add(client);
                }
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            out.write(new byte[]{(byte) IAC, (byte) WILL, 1, (byte) IAC, (byte) WILL, 3});
            print(out, "Postern flood host\r\nlogin: ");
            String login = readLine(in, out, false);
            print(out, "Password: ");
            String secret = readLine(in, out, false);
            if (!username.equals(login) || !password.equals(secret)) {
                print(out, "\r\nLogin incorrect\r\n");
                return;
            }
            print(out, "\r\nwelcome " + login + "\r\n$ ");
            for (String line; (line = readLine(in, out, true)) != null; ) {
                if (line.startsWith("flood ")) {
                    long remaining = Long.parseLong(line.substring(6).strip());
                    int offset = 0;
                    while (remaining > 0) {
                        int n = (int) Math.min(Math.min(64 * 1024, BLOCK.length - offset), remaining);
                        out.write(BLOCK, offset, n);
                        offset = (offset + n) % BLOCK.length;
                        remaining -= n;
                    }
                } else if (line.equals("exit")) {
                    return;
                }
                print(out, "$ ");
            }
        } catch (IOException | RuntimeException gone) {
            // The client went away.
        }
    }

    private static void print(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A line ended by CR or LF, Telnet commands skipped; echoed as typed once signed in. */
    private static String readLine(InputStream in, OutputStream out, boolean echo) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == IAC) {
                int command = in.read();
                if (command == SB) {
                    int previous = 0;
                    for (int c; (c = in.read()) >= 0; previous = c) {
                        if (previous == IAC && c == SE) {
                            break;
                        }
                    }
                } else if (command >= WILL && command <= DONT) {
                    in.read();
                } else if (command == IAC) {
                    line.write(IAC);
                }
                continue;
            }
            if (b == '\r' || b == '\n') {
                if (line.size() == 0) {
                    continue;
                }
                if (echo) {
                    print(out, "\r\n");
                }
                return line.toString(StandardCharsets.US_ASCII);
            }
            if (b == 0) {
                continue;
            }
            line.write(b);
            if (echo) {
                out.write(b);
                out.flush();
            }
        }
    }
}
