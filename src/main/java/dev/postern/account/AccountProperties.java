package dev.postern.account;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the account module ({@code postern.account.*}).
 *
 * @param admin the first admin, created at start-up when missing
 * @param password what a password must be
 * @param lockout when a user name is locked after failed sign-ins
 * @param ipThrottle when a client address is slowed down after failed sign-ins
 */
@Validated
@ConfigurationProperties("postern.account")
public record AccountProperties(
        @Valid @NotNull @DefaultValue Admin admin,
        @Valid @NotNull @DefaultValue Password password,
        @Valid @NotNull @DefaultValue Lockout lockout,
        @Valid @NotNull @DefaultValue IpThrottle ipThrottle) {

    /**
     * @param username user name of the first admin ({@code POSTERN_ADMIN_USERNAME})
     * @param password its password ({@code POSTERN_ADMIN_PASSWORD}); must meet the password policy
     */
    public record Admin(@DefaultValue("") String username, @DefaultValue("") String password) {

        public boolean configured() {
            return !username.isBlank() || !password.isBlank();
        }

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=" + (password.isEmpty() ? "" : "******") + "]";
        }
    }

    /**
     * @param minLength fewest characters a password may have
     */
    public record Password(@Min(8) @Max(128) @DefaultValue("12") int minLength) {
    }

    /**
     * @param maxFailures consecutive failures that lock a user name
     * @param duration how long the lock lasts
     * @param failureWindow failures older than this no longer count
     */
    public record Lockout(@Min(1) @Max(100) @DefaultValue("5") int maxFailures,
                          @NotNull @DefaultValue("15m") Duration duration,
                          @NotNull @DefaultValue("1h") Duration failureWindow) {
    }

    /**
     * @param freeFailures failures from one address before it is slowed down
     * @param window failures older than this no longer count
     * @param baseDelay wait imposed at the first failure over the limit, doubled at each further one
     * @param maxDelay longest wait imposed
     */
    public record IpThrottle(@Min(1) @Max(10000) @DefaultValue("20") int freeFailures,
                             @NotNull @DefaultValue("1h") Duration window,
                             @NotNull @DefaultValue("2s") Duration baseDelay,
                             @NotNull @DefaultValue("5m") Duration maxDelay) {
    }
}
