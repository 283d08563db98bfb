package dev.postern.ftp;

import dev.postern.upstream.UpstreamFailure;
import dev.postern.upstream.UpstreamStatus;

/** The FTP server could not do what was asked; see {@link UpstreamFailure}. */
public class FtpUnavailable extends UpstreamFailure {

    public FtpUnavailable(UpstreamStatus status, String detail, Throwable cause) {
        super(status, detail, cause);
    }
}
