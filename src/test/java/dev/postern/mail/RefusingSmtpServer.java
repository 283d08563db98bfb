package dev.postern.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A submission server that accepts the sender and refuses every recipient, as a real one does for an unknown user. */
final class RefusingSmtpServer implements AutoCloseable {

    static final String REFUSAL = "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown";

    private final ServerSocket server;
    private final Thread thread;

    RefusingSmtpServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                send(out, "220 refusing.test ESMTP");
                for (String line; (line = in.readLine()) != null; ) {
                    String command = line.toUpperCase(Locale.ROOT);
                    if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                        send(out, "250 refusing.test");
                    } else if (command.startsWith("MAIL")) {
                        send(out, "250 2.1.0 Ok");
                    } else if (command.startsWith("RCPT")) {
                        send(out, REFUSAL);
                    } else if (command.startsWith("QUIT")) {
                        send(out, "221 2.0.0 Bye");
                        break;
                    } else {
                        send(out, "503 5.5.1 Error: need RCPT command");
                    }
                }
            } catch (IOException closed) {
                // The test is over, or the client hung up.
            }
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
