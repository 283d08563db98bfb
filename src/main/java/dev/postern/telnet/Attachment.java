package dev.postern.telnet;

import java.io.IOException;
import java.util.UUID;

import dev.postern.telnet.internal.LiveConsole;

/** A browser attached to a console session: what it types and asks for goes to the session through this. */
public final class Attachment {

    private final LiveConsole console;
    private final ConsoleClient client;

    Attachment(LiveConsole console, ConsoleClient client) {
        this.console = console;
        this.client = client;
    }

    public UUID sessionId() {
        return console.id();
    }

    public void input(String typed) throws IOException {
        console.input(typed);
    }

    public void inputBytes(byte[] bytes) throws IOException {
        console.inputBytes(bytes);
    }

    public void resize(int columns, int rows) throws IOException {
        console.resize(columns, rows);
    }

    public void control(ConsoleControl function) throws IOException {
        console.control(function);
    }

    /** The browser has drawn this many more bytes of output. */
    public void acknowledge(long bytes) {
        console.acknowledge(bytes);
    }

    /** The browser went away (its WebSocket closed); the session waits for it for the grace period. */
    public void detach() {
        console.detach(client);
    }

    /** The user ends the session. */
    public void end() {
        console.end(EndReason.USER, null);
    }
}
