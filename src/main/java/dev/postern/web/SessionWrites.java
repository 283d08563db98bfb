package dev.postern.web;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Sessions live in PostgreSQL (shared by every instance). Spring Session writes a session's row on every request,
 * because the time of last access changes every time; with a person or a page asking several times a second that is
 * a row update, its WAL and a dead tuple per request, for a time nobody needs to the millisecond. The update is kept
 * for every real change (a new session id at sign-in, the principal, the timeout) and for the time of last access when
 * the stored one is older than {@link #slack(Duration)}; so an idle session expires at most that much before its
 * timeout is up.
 */
@Configuration(proxyBeanMethods = false)
class SessionWrites {

    /** The longest the stored time of last access may lag behind the real one. */
    static final Duration MAX_SLACK = Duration.ofSeconds(30);

    /**
     * The same statement and parameters as Spring Session's own ({@code SESSION_ID, LAST_ACCESS_TIME,
     * MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME} then {@code PRIMARY_ID}, bound in that order), which only
     * changes a row when something other than the time of last access changed or that time moved on by the slack.
     */
    static String updateQuery(Duration slack) {
        return """
                UPDATE %TABLE_NAME% AS s
                   SET SESSION_ID = v.session_id, LAST_ACCESS_TIME = v.last_access_time,
                       MAX_INACTIVE_INTERVAL = v.max_inactive_interval, EXPIRY_TIME = v.expiry_time,
                       PRINCIPAL_NAME = v.principal_name
                  FROM (SELECT ?::varchar AS session_id, ?::bigint AS last_access_time, ?::int AS max_inactive_interval,
                               ?::bigint AS expiry_time, ?::varchar AS principal_name, ?::char(36) AS primary_id) AS v
                 WHERE s.PRIMARY_ID = v.primary_id
                   AND (s.SESSION_ID <> v.session_id
                        OR s.MAX_INACTIVE_INTERVAL <> v.max_inactive_interval
                        OR s.PRINCIPAL_NAME IS DISTINCT FROM v.principal_name
                        OR v.last_access_time - s.LAST_ACCESS_TIME >= """ + slack.toMillis() + ")\n";
    }

    /** A tenth of the session timeout, and at most {@link #MAX_SLACK}. */
    static Duration slack(Duration sessionTimeout) {
        Duration tenth = sessionTimeout.dividedBy(10);
        return tenth.compareTo(MAX_SLACK) < 0 ? tenth : MAX_SLACK;
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> fewerSessionWrites(WebProperties properties) {
        return repository -> repository.setUpdateSessionQuery(updateQuery(slack(properties.sessionTimeout())));
    }
}
