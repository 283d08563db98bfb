package dev.postern.account.internal;

import java.time.Instant;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import dev.postern.account.AccountActions;
import dev.postern.account.LoginThrottled;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;

/**
 * Username and password sign-in, guarded by the {@link LoginThrottle} and recorded in the audit log.
 *
 * <p>The order matters: a throttled address or a locked name is refused before the password is looked at, and a
 * disabled account is only reported after the right password, so that no answer tells a guesser whether a name exists.
 */
@Component
class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    ThrottlingAuthenticationProvider(UserRepository users, PasswordEncoder encoder, LoginThrottle throttle,
                                     AuditLog audit) {
        this.passwords = new DaoAuthenticationProvider(new AccountUserDetailsService(users));
        this.passwords.setPasswordEncoder(encoder);
        this.passwords.setPreAuthenticationChecks(user -> {
        });
        this.passwords.setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) {
                throw new DisabledException("account disabled");
            }
        });
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = Usernames.normalize(authentication.getName());
        String clientIp = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        var wait = throttle.ipWait(clientIp);
        if (wait.isPresent()) {
            record(username, clientIp, Outcome.DENIED, "throttled");
            throw new LoginThrottled(wait.get());
        }
        var lockedUntil = throttle.lockedUntil(username);
        if (lockedUntil.isPresent()) {
            record(username, clientIp, Outcome.DENIED, "locked");
            throw new LockedException("locked until " + lockedUntil.get());
        }
        try {
            Authentication result = passwords.authenticate(new UsernamePasswordAuthenticationToken(
                    username, authentication.getCredentials()));
            throttle.succeeded(username);
            UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
                    result.getPrincipal(), null, result.getAuthorities());
            signedIn.setDetails(authentication.getDetails());
            record(username, clientIp, Outcome.SUCCESS, null);
            return signedIn;
        } catch (BadCredentialsException e) {
            boolean locked = throttle.failed(username, clientIp);
            record(username, clientIp, Outcome.FAILURE, "bad_credentials");
            if (locked) {
                audit.record(AuditEntry.of(username, clientIp, AccountActions.LOCKED, username, Outcome.DENIED)
                        .with("until", Instant.now().toString()));
                throw new LockedException("locked after repeated failures", e);
            }
            throw e;
        } catch (DisabledException e) {
            record(username, clientIp, Outcome.DENIED, "disabled");
            throw e;
        }
    }

    private void record(String username, String clientIp, Outcome outcome, String reason) {
        AuditEntry entry = AuditEntry.of(username.isEmpty() ? "anonymous" : username, clientIp, AccountActions.LOGIN,
                username, outcome);
        audit.record(reason == null ? entry : entry.with("reason", reason));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
