package dev.postern.upstream;

/**
 * An upstream server could not do what was asked: it could not be reached, refused the login, or said no. The status
 * says which (and gives pages their message, the API its problem type and a WebSocket its close code); the detail is
 * the server's own words, such as {@code 550 Permission denied}. Each protocol module has its own kind.
 */
public class UpstreamFailure extends RuntimeException {

    private final UpstreamStatus status;
    private final String detail;

    public UpstreamFailure(UpstreamStatus status, String detail, Throwable cause) {
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
