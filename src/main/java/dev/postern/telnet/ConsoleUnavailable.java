package dev.postern.telnet;

import dev.postern.upstream.UpstreamFailure;
import dev.postern.upstream.UpstreamStatus;

/** The Telnet host could not be reached or refused; see {@link UpstreamFailure}. */
public class ConsoleUnavailable extends UpstreamFailure {

    public ConsoleUnavailable(UpstreamStatus status, String detail, Throwable cause) {
        super(status, detail, cause);
    }
}
