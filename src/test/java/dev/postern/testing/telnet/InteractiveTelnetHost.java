package dev.postern.testing.telnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An interactive Telnet host for console tests, in process: it negotiates for real (asks DO TTYPE, DO NAWS, offers
 * WILL ECHO, WILL SGA, follows NAWS updates), prompts {@code login: } and {@code Password: }, then runs a tiny shell
 * with the prompt {@code $ }, echoing what is typed (it said WILL ECHO):
 * <ul>
 *   <li>{@code size} prints {@code <rows> <columns>} as the last NAWS said;</li>
 *   <li>{@code flood <n>} prints n bytes of numbered lines as fast as the client reads;</li>
 *   <li>{@code say <text>} prints the text back (in the host's character set);</li>
 *   <li>{@code exit} closes the connection;</li>
 *   <li>anything else prints {@code unknown: <line>}.</li>
 * </ul>
 * A wrong password prints {@code Login incorrect} and closes. Counts the bytes it wrote, so that tests can see a
 * paused reader push back.
 */
public final class InteractiveTelnetHost implements AutoCloseable {

    private static final int IAC = 255;
    private static final int DONT = 254;
    private static final int DO = 253;
    private static final int WONT = 252;
    private static final int WILL = 251;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int ECHO = 1;
    private static final int SGA = 3;
    private static final int TTYPE = 24;
    private static final int NAWS = 31;

    private final String username;
    private final String password;
    private final Charset charset;
    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private volatile String lastLogin;
    private volatile String lastPassword;

    public InteractiveTelnetHost(String username, String password, Charset charset) throws IOException {
        this.username = username;
        this.password = password;
        this.charset = charset;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("interactive-telnet-host").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Bytes written to all clients so far. */
    public long written() {
        return written.get();
    }

    /** The user name and password the last client typed at the prompts. */
    public String lastLogin() {
        return lastLogin;
    }

    public String lastPassword() {
        return lastPassword;
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
            new Session(socket.getInputStream(), socket.getOutputStream()).run();
        } catch (IOException gone) {
            // The client went away.
        }
    }

    /** One client: the option state and a line reader that handles IAC sequences as they come. */
    private final class Session {

        private final InputStream in;
        private final OutputStream out;
        private volatile int columns = 80;
        private volatile int rows = 24;
        private boolean echo;

        Session(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException {
            send(new byte[]{(byte) IAC, (byte) DO, TTYPE, (byte) IAC, (byte) DO, NAWS,
                (byte) IAC, (byte) WILL, ECHO, (byte) IAC, (byte) WILL, SGA});
            print("Postern test host\r\nlogin: ");
            String login = readLine();
            if (login == null) {
                return;
            }
            print("Password: ");
            String secret = readLine();
            lastLogin = login;
            lastPassword = secret;
            if (!username.equals(login) || !password.equals(secret)) {
                print("\r\nLogin incorrect\r\n");
                return;
            }
            echo = true;
            print("\r\nwelcome " + login + "\r\n$ ");
            for (String line; (line = readLine()) != null; ) {
                if (line.equals("exit")) {
                    print("logout\r\n");
                    return;
                }
                if (line.equals("size")) {
                    print(rows + " " + columns + "\r\n");
                } else if (line.startsWith("flood ")) {
                    flood(Long.parseLong(line.substring(6).strip()));
                } else if (line.startsWith("say ")) {
                    print(line.substring(4) + "\r\n");
                } else if (!line.isEmpty()) {
                    print("unknown: " + line + "\r\n");
                }
                print("$ ");
            }
        }

        private void flood(long bytes) throws IOException {
            long sent = 0;
            long number = 0;
            while (sent < bytes) {
                byte[] line = String.format("%012d the quick brown fox jumps over the lazy dog%n", number++)
                        .replace("\n", "\r\n").getBytes(charset);
                int length = (int) Math.min(line.length, bytes - sent);
                out.write(line, 0, length);
                written.addAndGet(length);
                sent += length;
            }
            out.flush();
        }

        private void print(String text) throws IOException {
            byte[] bytes = text.getBytes(charset);
            send(bytes);
        }

        private void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            written.addAndGet(bytes.length);
        }

        /** A line ended by CR (CR NUL or CR LF) or LF, without it; echoes as it reads once logged in. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (b == IAC) {
                    int command = in.read();
                    if (command == IAC) {
                        line.write(IAC);
                    } else if (command == SB) {
                        subnegotiation();
                    } else if (command == WILL || command == WONT || command == DO || command == DONT) {
                        in.read();
                    }
                    continue;
                }
                if (b == '\r' || b == '\n') {
                    // CR NUL, CR LF or a lone LF end a line; the LF after a CR is an empty line, skipped.
                    if (b == '\n' && line.size() == 0) {
                        continue;
                    }
                    if (echo) {
                        send(new byte[]{'\r', '\n'});
                    }
                    return new String(line.toByteArray(), charset);
                }
                if (b == 0) {
                    continue;
                }
                if (b == 0x7f || b == 8) {
                    byte[] kept = line.toByteArray();
                    line.reset();
                    if (kept.length > 0) {
                        line.write(kept, 0, kept.length - 1);
                    }
                    continue;
                }
                line.write(b);
                if (echo) {
                    send(new byte[]{(byte) b});
                }
            }
        }

        private void subnegotiation() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b == IAC) {
                    int next = in.read();
                    if (next == SE) {
                        break;
                    }
                    data.write(next);
                    continue;
                }
                data.write(b);
            }
            byte[] bytes = data.toByteArray();
            if (bytes.length >= 5 && (bytes[0] & 0xff) == NAWS) {
                columns = (bytes[1] & 0xff) << 8 | bytes[2] & 0xff;
                rows = (bytes[3] & 0xff) << 8 | bytes[4] & 0xff;
            }
        }
    }
}
