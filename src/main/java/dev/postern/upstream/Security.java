package dev.postern.upstream;

/**
 * How a connection is protected. For FTP, {@code STARTTLS} is explicit FTPS (AUTH TLS) and {@code TLS} implicit FTPS.
 */
public enum Security {
    /** Plain text. */
    NONE,
    /** Upgraded to TLS after the greeting (STARTTLS, STLS, AUTH TLS); never falls back to plain text. */
    STARTTLS,
    /** TLS from the first byte. */
    TLS
}
