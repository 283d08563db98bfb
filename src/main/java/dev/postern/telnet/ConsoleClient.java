package dev.postern.telnet;

import java.io.IOException;

/**
 * The browser side of a console session (a WebSocket), as the session sees it. Calls come from the session's own
 * virtual thread; an implementation sends in order and may block while the browser is slow to take the bytes.
 */
public interface ConsoleClient {

    /** Attached to the session: called before any output, the replayed screen included. */
    void attached(java.util.UUID session, boolean replay) throws IOException;

    /** Terminal output (UTF-8, or the host's bytes as they came on a raw connection). */
    void output(byte[] data, int offset, int length) throws IOException;

    /** Another browser window took the session over: tell this one, and close. */
    void replaced();

    /** The session ended: tell the browser why, and close. */
    void ended(EndReason reason, String detail);
}
