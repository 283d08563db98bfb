package dev.postern.ftp;

import dev.postern.upstream.UpstreamStatus;

/**
 * The FTP server could not do what was asked: it could not be reached, refused the login, or said no. The status
 * says which (and gives pages their message and the API its problem type); the detail is the server's own words, such
 * as {@code 550 Permission denied}.
 */
public class FtpUnavailable extends RuntimeException {

    private final UpstreamStatus status;
    private final String detail;

    public FtpUnavailable(UpstreamStatus status, String detail, Throwable cause) {
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
