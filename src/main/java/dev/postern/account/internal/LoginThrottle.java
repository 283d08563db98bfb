package dev.postern.account.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.postern.account.AccountProperties;

/**
 * Counts failed sign-ins in the database, so that every gateway instance sees the same counts.
 *
 * <p>A user name is counted whether or not it exists, so that the lockout message says nothing about which names
 * exist. A client address that fails more than its free allowance must wait, twice as long after each further
 * failure, before its next attempt is even checked.
 */
@Component
public class LoginThrottle {

    private final JdbcClient jdbc;
    private final AccountProperties.Lockout lockout;
    private final AccountProperties.IpThrottle ipThrottle;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, AccountProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.lockout = properties.lockout();
        this.ipThrottle = properties.ipThrottle();
        this.clock = clock;
    }

    private record Entry(int failures, Instant lastFailure, Instant lockedUntil) {
    }

    /** When the user name is locked, until when. */
    public Optional<Instant> lockedUntil(String username) {
        Instant now = clock.instant();
        return entry(userKey(username)).map(Entry::lockedUntil).filter(until -> until.isAfter(now));
    }

    /** When the address must still wait, how many seconds. */
    public Optional<Long> ipWait(String clientIp) {
        if (clientIp == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return entry(ipKey(clientIp)).flatMap(entry -> {
            if (entry.lastFailure().isBefore(now.minus(ipThrottle.window()))) {
                return Optional.empty();
            }
            Instant allowedAt = entry.lastFailure().plus(ipDelay(entry.failures()));
            return allowedAt.isAfter(now)
                    ? Optional.of(Math.max(1, Duration.between(now, allowedAt).toSeconds()))
                    : Optional.empty();
        });
    }

    /**
     * Counts a failure against the user name and the address.
     *
     * @return true when this failure locked the user name
     */
    public boolean failed(String username, String clientIp) {
        Instant now = clock.instant();
        int userFailures = count(userKey(username), now, now.minus(lockout.failureWindow()));
        if (clientIp != null) {
            count(ipKey(clientIp), now, now.minus(ipThrottle.window()));
        }
        if (userFailures >= lockout.maxFailures()) {
            jdbc.sql("UPDATE login_throttle SET locked_until = ?, failures = 0 WHERE throttle_key = ?")
                    .params(at(now.plus(lockout.duration())), userKey(username)).update();
            return true;
        }
        return false;
    }

    /** A successful sign-in clears the user name's count (not the address's: one good account must not launder it). */
    public void succeeded(String username) {
        jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = ?").param(userKey(username)).update();
    }

    public void unlock(String username) {
        succeeded(username);
    }

    Duration ipDelay(int failures) {
        int over = failures - ipThrottle.freeFailures() - 1;
        if (over < 0) {
            return Duration.ZERO;
        }
        Duration delay = ipThrottle.baseDelay().multipliedBy(1L << Math.min(over, 30));
        return delay.compareTo(ipThrottle.maxDelay()) > 0 ? ipThrottle.maxDelay() : delay;
    }

    private int count(String key, Instant now, Instant windowStart) {
        // A count whose last failure left the window, or whose lock has run out, starts again from one.
        return jdbc.sql("""
                        INSERT INTO login_throttle (throttle_key, failures, last_failure_at) VALUES (?, 1, ?)
                        ON CONFLICT (throttle_key) DO UPDATE SET
                            failures = CASE
                                WHEN login_throttle.last_failure_at < ?
                                  OR (login_throttle.locked_until IS NOT NULL AND login_throttle.locked_until <= ?)
                                THEN 1 ELSE login_throttle.failures + 1 END,
                            locked_until = CASE
                                WHEN login_throttle.locked_until <= ? THEN NULL ELSE login_throttle.locked_until END,
                            last_failure_at = excluded.last_failure_at
                        RETURNING failures""")
                .params(key, at(now), at(windowStart), at(now), at(now))
                .query(Integer.class).single();
    }

    private Optional<Entry> entry(String key) {
        return jdbc.sql("SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE throttle_key = ?")
                .param(key)
                .query((rs, n) -> new Entry(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject(3, OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .optional();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldFailures() {
        Instant now = clock.instant();
        Duration keep = lockout.failureWindow().compareTo(ipThrottle.window()) > 0 ? lockout.failureWindow() : ipThrottle.window();
        jdbc.sql("DELETE FROM login_throttle WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(at(now.minus(keep)), at(now)).update();
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String ipKey(String clientIp) {
        return "ip:" + clientIp;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
