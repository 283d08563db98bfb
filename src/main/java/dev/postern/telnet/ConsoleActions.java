package dev.postern.telnet;

/** The audit log's names for what happens to console sessions. */
public final class ConsoleActions {

    public static final String STARTED = "console.session_started";
    public static final String ENDED = "console.session_ended";
    public static final String REFUSED = "console.session_refused";
    public static final String RECORDING_VIEWED = "console.recording_viewed";

    private ConsoleActions() {
    }
}
