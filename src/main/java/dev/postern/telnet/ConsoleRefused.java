package dev.postern.telnet;

/** A console session cannot start or attach: a limit is reached, or the session is not the caller's or is gone. */
public class ConsoleRefused extends RuntimeException {

    private final EndReason reason;
    private final String messageKey;

    public ConsoleRefused(EndReason reason, String messageKey, String why) {
        super(why);
        this.reason = reason;
        this.messageKey = messageKey;
    }

    public EndReason reason() {
        return reason;
    }

    /** The message bundle's key for the page or the terminal ({@code console.refused.*}). */
    public String messageKey() {
        return messageKey;
    }
}
