package dev.postern.mail.internal.html;

import java.io.IOException;

/**
 * A remote image could not be passed on, and why. A refusal by the upstream policy is not one of these: it comes as
 * the policy's own {@link dev.postern.upstream.RefusedByPolicy}, audited where it was decided.
 */
public class ImageFetchFailed extends IOException {

    /** Why the image was not passed on. */
    public enum Reason {
        /** Not an absolute http or https URL with a host, first or after a redirect. */
        UNSUPPORTED_URL,
        /** More redirects than allowed. */
        TOO_MANY_REDIRECTS,
        /** The server answered with a status other than 200 (see {@link #status()}). */
        HTTP_STATUS,
        /** Not a PNG, GIF, JPEG, WebP, AVIF, BMP or ICO image, by Content-Type or by its first bytes (SVG never is). */
        NOT_AN_IMAGE,
        /** Bigger than the limit, by Content-Length or while streaming. */
        TOO_LARGE,
        /** Connecting, waiting for the answer, reading or the whole fetch took too long. */
        TIMED_OUT,
        /** The host could not be resolved or connected to. */
        UNREACHABLE,
        /** The TLS handshake failed: an untrusted certificate, a wrong host name, no common protocol. */
        TLS_FAILED,
        /** The server's answer was not valid HTTP. */
        BAD_RESPONSE
    }

    private final Reason reason;
    private final int status;

    public ImageFetchFailed(Reason reason, String message) {
        this(reason, message, 0, null);
    }

    public ImageFetchFailed(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, cause);
    }

    public ImageFetchFailed(Reason reason, String message, int status, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status for {@link Reason#HTTP_STATUS}, otherwise 0. */
    public int status() {
        return status;
    }
}
