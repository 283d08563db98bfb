package dev.postern.mail;

import dev.postern.upstream.UpstreamFailure;
import dev.postern.upstream.UpstreamStatus;

/** The mail server could not do what was asked; see {@link UpstreamFailure}. */
public class MailUnavailable extends UpstreamFailure {

    public MailUnavailable(UpstreamStatus status, String detail, Throwable cause) {
        super(status, detail, cause);
    }
}
