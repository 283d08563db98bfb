package dev.postern.mail;

import dev.postern.upstream.UpstreamStatus;

/**
 * The mail server could not do what was asked: it could not be reached, refused the login, or said no. The status
 * says which (and gives pages their message and the API its problem type); the detail is the server's own words.
 */
public class MailUnavailable extends RuntimeException {

    private final UpstreamStatus status;
    private final String detail;

    public MailUnavailable(UpstreamStatus status, String detail, Throwable cause) {
        super(status + ": " + detail, cause);
        this.status = status;
        this.detail = detail;
    }

    public UpstreamStatus status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
