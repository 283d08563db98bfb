package dev.postern.telnet.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small Telnet host for tests that negotiates for real: it asks the client for its terminal type and window size
 * (DO TTYPE, DO NAWS), offers to echo and to suppress go-ahead (WILL ECHO, WILL SGA), waits for every answer, asks
 * for the terminal type (SB TTYPE SEND) and reads it, then prints a banner and prompts for a login and a password
 * the way {@code login} does: "Login incorrect" after a pause, or a shell prompt.
 */
final class FakeTelnetHost implements AutoCloseable {

    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int SE = 240;
    static final int ECHO = 1;
    static final int SGA = 3;
    static final int TTYPE = 24;
    static final int NAWS = 31;

    /** What the host learnt from one client. */
    record Visit(Map<String, Integer> answers, String terminalType, int columns, int rows, String username,
                 String password, boolean exited) {
    }

    private final byte[] banner;
    private final Charset charset;
    private final String username;
    private final String password;
    private final Duration failureDelay;
    private final boolean trickle;
    private final ServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<Visit> visits = new LinkedBlockingQueue<>();
    private final List<Socket> clients = new ArrayList<>();

    /**
     * @param banner printed before the first prompt, already encoded
     * @param trickle write the banner a byte at a time, so that multi-byte characters arrive in pieces
     */
    FakeTelnetHost(byte[] banner, Charset charset, String username, String password, Duration failureDelay,
                   boolean trickle) throws IOException {
        this.banner = banner;
        this.charset = charset;
        this.username = username;
        this.password = password;
        this.failureDelay = failureDelay;
        this.trickle = trickle;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("fake-telnet-host").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next client's visit, once it has ended. */
    Visit visit() throws InterruptedException {
        Visit visit = visits.poll(30, TimeUnit.SECONDS);
        if (visit == null) {
            throw new AssertionError("No client visited the fake Telnet host");
        }
        return visit;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (clients) {
            for (Socket client : clients) {
                client.close();
            }
        }
        acceptor.interrupt();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                synchronized (clients) {
                    clients.add(client);
                }
                Thread.ofPlatform().daemon().name("fake-telnet-session").start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Conversation conversation = new Conversation();
        try (client) {
            client.setSoTimeout(15_000);
            conversation.run(new BufferedInputStream(client.getInputStream()), client.getOutputStream());
        } catch (IOException | InterruptedException endOfVisit) {
            // The client left or was too slow; what it did so far is the visit.
        } finally {
            visits.add(conversation.visit());
        }
    }

    /** One client, from negotiation to logout. */
    private final class Conversation {

        private final Map<String, Integer> answers = new HashMap<>();
        private String terminalType;
        private int columns;
        private int rows;
        private String user;
        private String secret;
        private boolean exited;
        private InputStream in;

        void run(InputStream in, OutputStream out) throws IOException, InterruptedException {
            this.in = in;
            out.write(new byte[]{(byte) IAC, (byte) DO, TTYPE, (byte) IAC, (byte) DO, NAWS,
                    (byte) IAC, (byte) WILL, ECHO, (byte) IAC, (byte) WILL, SGA});
            out.flush();
            // Each request gets exactly one answer; NAWS is followed by the size once agreed.
            while (answers.size() < 4 || answers.get("NAWS") == WILL && columns == 0) {
                readNegotiation();
            }
            if (answers.get("TTYPE") == WILL) {
                out.write(new byte[]{(byte) IAC, (byte) SB, TTYPE, 1, (byte) IAC, (byte) SE});
                out.flush();
                while (terminalType == null) {
                    readNegotiation();
                }
            }
            if (trickle) {
                for (byte b : banner) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(5);
                }
            } else {
                out.write(banner);
            }
            out.write(text("\r\n\r\nfake login: "));
            out.flush();
            user = readLine();
            out.write(text(user + "\r\nPassword: "));
            out.flush();
            secret = readLine();
            // login echoes the line end at once, then takes its time to refuse.
            out.write(text("\r\n"));
            out.flush();
            if (!user.equals(username) || !secret.equals(password)) {
                Thread.sleep(failureDelay.toMillis());
                out.write(text("\r\nLogin incorrect\r\nfake login: "));
                out.flush();
                readLine();
                return;
            }
            out.write(text("Last login: Thu Nov 26 10:00:00 2026 from 127.0.0.1\r\n"
                    + "\u001b]0;" + user + "@fake: ~\u0007\u001b[01;32m" + user + "@fake\u001b[00m:~$ "));
            out.flush();
            String command = readLine();
            if (command.equals("exit")) {
                exited = true;
                out.write(text("logout\r\n"));
                out.flush();
            }
        }

        Visit visit() {
            return new Visit(Map.copyOf(answers), terminalType, columns, rows, user, secret, exited);
        }

        private byte[] text(String value) {
            return value.getBytes(charset);
        }

        /** Reads one negotiation (IAC WILL/WONT/DO/DONT option, or IAC SB ... IAC SE) that the client sends. */
        private void readNegotiation() throws IOException {
            int b = read();
            if (b != IAC) {
                throw new IOException("Data before negotiation ended: " + b);
            }
            int command = read();
            switch (command) {
                case WILL, WONT, DO, DONT -> answers.put(name(read()), command);
                case SB -> subnegotiation(readSubnegotiation());
                default -> throw new IOException("Unexpected Telnet command " + command);
            }
        }

        private void subnegotiation(byte[] data) {
            if (data.length > 1 && (data[0] & 0xff) == TTYPE && data[1] == 0) {
                terminalType = new String(data, 2, data.length - 2, java.nio.charset.StandardCharsets.US_ASCII);
            } else if (data.length == 5 && (data[0] & 0xff) == NAWS) {
                columns = (data[1] & 0xff) << 8 | data[2] & 0xff;
                rows = (data[3] & 0xff) << 8 | data[4] & 0xff;
            }
        }

        private byte[] readSubnegotiation() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (true) {
                int b = read();
                if (b == IAC) {
                    int next = read();
                    if (next == SE) {
                        return data.toByteArray();
                    }
                    data.write(next);
                } else {
                    data.write(b);
                }
            }
        }

        /** A line of data up to CR LF (or CR NUL, or LF), skipping any negotiation in between. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = read();
                if (b == IAC) {
                    int command = read();
                    if (command == IAC) {
                        line.write(IAC);
                    } else if (command == SB) {
                        subnegotiation(readSubnegotiation());
                    } else if (command >= WILL) {
                        answers.put(name(read()), command);
                    }
                } else if (b == '\r') {
                    read(); // LF or NUL
                    return line.toString(charset);
                } else if (b == '\n') {
                    return line.toString(charset);
                } else {
                    line.write(b);
                }
            }
        }

        private int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        private static String name(int option) {
            return switch (option) {
                case ECHO -> "ECHO";
                case SGA -> "SGA";
                case TTYPE -> "TTYPE";
                case NAWS -> "NAWS";
                default -> "option " + option;
            };
        }
    }
}
