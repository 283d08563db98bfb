package dev.postern.account;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without checking the password, because the client's address has failed too often of late. */
public class LoginThrottled extends AuthenticationException {

    private final long retryAfterSeconds;

    public LoginThrottled(long retryAfterSeconds) {
        super("Too many failed sign-ins from this address; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
