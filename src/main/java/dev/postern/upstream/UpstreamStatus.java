package dev.postern.upstream;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLException;

/**
 * One vocabulary for how talking to an upstream server went, shared by every transport: each status has an HTTP
 * status and problem type for the API, a message for pages ({@code upstream.status.<NAME>}) and a WebSocket close code.
 */
public enum UpstreamStatus {
    OK(200, "ok", 1000),
    /** The host name does not resolve. */
    UNKNOWN_HOST(502, "upstream-unknown-host", 4404),
    /** No route to the host. */
    UNREACHABLE(502, "upstream-unreachable", 4502),
    /** The host answered that nothing listens on the port. */
    REFUSED(502, "upstream-connection-refused", 4503),
    /** No answer in time. */
    TIMED_OUT(504, "upstream-timed-out", 4504),
    /** The TLS handshake failed: untrusted or mismatched certificate, no common protocol, or no STARTTLS offered. */
    TLS_FAILED(502, "upstream-tls-failed", 4525),
    /** The server refused the user name or password. */
    AUTH_FAILED(502, "upstream-auth-failed", 4401),
    /** The upstream policy does not allow the destination. */
    POLICY_REFUSED(403, "upstream-refused-by-policy", 4403),
    /** The server answered, but said no. */
    SERVER_SAID_NO(502, "upstream-rejected", 4500),
    /** The server's answer made no sense in the protocol. */
    PROTOCOL_ERROR(502, "upstream-protocol-error", 4501);

    private static final String PROBLEM_BASE = "https://postern.dev/problems/";

    private final int httpStatus;
    private final String slug;
    private final int closeCode;

    UpstreamStatus(int httpStatus, String slug, int closeCode) {
        this.httpStatus = httpStatus;
        this.slug = slug;
        this.closeCode = closeCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public URI problemType() {
        return URI.create(PROBLEM_BASE + slug);
    }

    public String messageKey() {
        return "upstream.status." + name();
    }

    public int closeCode() {
        return closeCode;
    }

    public boolean ok() {
        return this == OK;
    }

    /**
     * The innermost cause's own words (the server's reply, or the network or TLS error), for a user to read; an
     * unknown host is named as such, since its exception's message is the bare host name.
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof UnknownHostException) {
            return "Unknown host " + message;
        }
        if (message == null || message.isBlank()) {
            message = failure.getMessage();
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }

    /**
     * The status that a network-level failure stands for, looking through wrapping exceptions; null when the failure
     * is not a network one (the protocol code then decides, e.g. on an authentication failure).
     */
    public static UpstreamStatus classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            UpstreamStatus status = switch (t) {
                case RefusedByPolicy refused -> POLICY_REFUSED;
                case UnknownHostException unknown -> UNKNOWN_HOST;
                case SocketTimeoutException timeout -> TIMED_OUT;
                case NoRouteToHostException noRoute -> UNREACHABLE;
                case PortUnreachableException unreachable -> REFUSED;
                case ConnectException connect -> connect.getMessage() != null
                        && connect.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out") ? TIMED_OUT : REFUSED;
                case SSLException tls -> TLS_FAILED;
                case GeneralSecurityException certificate -> TLS_FAILED;
                case InterruptedIOException interrupted -> TIMED_OUT;
                default -> null;
            };
            if (status != null) {
                return status;
            }
        }
        return null;
    }
}
