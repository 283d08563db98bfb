package dev.postern.telnet;

/**
 * Why a console session ended; each has a message for the terminal ({@code console.text.ended.<NAME>}) and a close
 * code.
 */
public enum EndReason {
    /** The host closed the connection (the user logged out there, say). */
    HOST_CLOSED(1000),
    /** Nothing was typed or printed for {@code postern.console.idle-timeout}. */
    IDLE(4408),
    /** An admin ended it. */
    ADMIN(4403),
    /** The user ended it, or signed out of Postern. */
    USER(1000),
    /** The upstream policy refused the host. */
    POLICY(4403),
    /** Too many sessions (per user or in total). */
    LIMIT(4429),
    /** The browser went away and did not come back within the grace period. */
    DETACHED(1001),
    /** A browser asked to reattach to a session that is gone (ended, or never its own). */
    EXPIRED(1000),
    /** The host could not be reached, or the connection failed. */
    ERROR(4502),
    /** Postern is shutting down. */
    SHUTDOWN(1001);

    private final int closeCode;

    EndReason(int closeCode) {
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    public String messageKey() {
        return "console.text.ended." + name();
    }
}
