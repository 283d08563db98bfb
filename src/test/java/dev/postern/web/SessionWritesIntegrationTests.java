package dev.postern.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.account.AccountManagement;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The session row is written when the time of last access has moved on by the slack, not on every request. */
@PosternIntegrationTest
class SessionWritesIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountManagement accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theTimeOfLastAccessIsWrittenOnlyOnceItIsOlderThanTheSlack() throws Exception {
        Cookie session = signIn(mvc, TestUsers.create(accounts, "writes"), TestUsers.PASSWORD);
        String id = new String(Base64.getDecoder().decode(session.getValue()), StandardCharsets.UTF_8);
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        long stored = lastAccess(id);

        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(id)).as("a request within the slack leaves the row alone").isEqualTo(stored);

        long slack = SessionWrites.slack(Duration.ofMinutes(30)).toMillis();
        long longAgo = stored - slack - 1_000;
        jdbc.sql("UPDATE spring_session SET last_access_time = ?, expiry_time = ? + max_inactive_interval * 1000::bigint"
                + " WHERE session_id = ?").param(longAgo).param(longAgo).param(id).update();
        long before = System.currentTimeMillis();
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(id)).as("a request after the slack writes the time").isGreaterThanOrEqualTo(before);
        long expiry = jdbc.sql("SELECT expiry_time FROM spring_session WHERE session_id = ?").param(id)
                .query(Long.class).single();
        assertThat(expiry).isEqualTo(lastAccess(id) + Duration.ofMinutes(30).toMillis());
    }

    @Test
    void theSlackIsATenthOfTheTimeoutAndAtMostHalfAMinute() {
        assertThat(SessionWrites.slack(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(SessionWrites.slack(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(12));
    }

    private long lastAccess(String sessionId) {
        return jdbc.sql("SELECT last_access_time FROM spring_session WHERE session_id = ?").param(sessionId)
                .query(Long.class).single();
    }
}
