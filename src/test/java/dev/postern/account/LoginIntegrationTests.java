package dev.postern.account;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestClock;

import static dev.postern.testing.Requests.from;
import static dev.postern.testing.Requests.login;
import static dev.postern.testing.Requests.sessionCookie;
import static dev.postern.testing.Requests.uniqueClientIp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PosternIntegrationTest
class LoginIntegrationTests {

    static final String PASSWORD = "Correct-Horse-Battery-9";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    TestClock clock;

    private String newUser(boolean mustChange) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount created = accounts.create(new NewUser(username, "Test", PASSWORD, EnumSet.of(Role.USER)), admin());
        if (!mustChange) {
            accounts.changePassword(new CurrentUser(created.id(), username, false, "127.0.0.1"), PASSWORD,
                    PASSWORD + "x", null);
        }
        return username;
    }

    private CurrentUser admin() {
        return TestUsers.admin(accounts);
    }

    private List<AuditEvent> events(String actor, String action) {
        return audit.search(new AuditQuery(actor, action, null, null, null, 0, 100)).events();
    }

    @Test
    void signsInWithTheRightPasswordAndAuditsIt() throws Exception {
        String user = newUser(false);
        String ip = uniqueClientIp();
        mvc.perform(login(user, PASSWORD + "x", ip))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/"));
        List<AuditEvent> logins = events(user, AccountActions.LOGIN);
        assertThat(logins).hasSize(1);
        assertThat(logins.getFirst().outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(logins.getFirst().clientIp()).isEqualTo(ip);
    }

    @Test
    void userNamesAreCaseInsensitive() throws Exception {
        String user = newUser(false);
        mvc.perform(login(user.toUpperCase(), PASSWORD + "x", uniqueClientIp()))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void wrongPasswordFailsWithAMessageThatDoesNotRevealTheUser() throws Exception {
        String user = newUser(false);
        String ip = uniqueClientIp();
        mvc.perform(login(user, "not-the-password", ip))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(login("nobody-" + UUID.randomUUID(), "whatever", ip))
                .andExpect(redirectedUrl("/login?error=bad"));
        assertThat(events(user, AccountActions.LOGIN)).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
                    assertThat(e.detail()).containsEntry("reason", "bad_credentials");
                });
        mvc.perform(get("/login").param("error", "bad"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The user name or password is wrong.")));
    }

    @Test
    void locksTheUserNameAfterFiveFailuresUntilTheLockRunsOut() throws Exception {
        String user = newUser(false);
        String ip = uniqueClientIp();
        for (int i = 1; i <= 4; i++) {
            mvc.perform(login(user, "wrong-" + i, ip))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        mvc.perform(login(user, "wrong-5", ip))
                .andExpect(redirectedUrl("/login?error=locked"));
        // Locked: even the right password is refused, and says so.
        mvc.perform(login(user, PASSWORD + "x", ip))
                .andExpect(redirectedUrl("/login?error=locked"));
        assertThat(events(user, AccountActions.LOCKED)).hasSize(1);
        assertThat(events(user, AccountActions.LOGIN)).filteredOn(e -> e.outcome() == Outcome.DENIED).hasSize(1);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        mvc.perform(login(user, PASSWORD + "x", ip))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void locksANameThatDoesNotExistTheSameWay() throws Exception {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        String ip = uniqueClientIp();
        for (int i = 1; i <= 4; i++) {
            mvc.perform(login(ghost, "x" + i, ip))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        mvc.perform(login(ghost, "x5", ip))
                .andExpect(redirectedUrl("/login?error=locked"));
    }

    @Test
    void slowsDownAnAddressThatFailsTooOften() throws Exception {
        String ip = uniqueClientIp();
        // 20 failures are free (spread over names so that no name locks) ...
        for (int i = 0; i < 20; i++) {
            mvc.perform(login("spray-" + i + "-" + UUID.randomUUID(), "guess", ip))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        // ... the 21st is checked and fails, and from then on the address must wait before the next attempt.
        mvc.perform(login("spray-x", "guess", ip))
                .andExpect(redirectedUrl("/login?error=bad"));
        String user = newUser(false);
        MvcResult throttled = mvc.perform(login(user, PASSWORD + "x", ip))
                .andReturn();
        assertThat(throttled.getResponse().getRedirectedUrl()).startsWith("/login?error=throttled&wait=");
        assertThat(events(user, AccountActions.LOGIN)).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("reason", "throttled"));
        // Another address is not affected.
        mvc.perform(login(user, PASSWORD + "x", uniqueClientIp()))
                .andExpect(redirectedUrl("/"));
        clock.advance(Duration.ofSeconds(5));
        mvc.perform(login(user, PASSWORD + "x", ip))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void disabledUserIsToldOnlyAfterTheRightPassword() throws Exception {
        String user = newUser(false);
        UserAccount account = accounts.findByUsername(user).orElseThrow();
        accounts.setEnabled(account.id(), false, admin());
        mvc.perform(login(user, "wrong", uniqueClientIp()))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(login(user, PASSWORD + "x", uniqueClientIp()))
                .andExpect(redirectedUrl("/login?error=disabled"));
    }

    @Test
    void temporaryPasswordLeadsToThePasswordPageFirst() throws Exception {
        String user = newUser(true);
        MvcResult login = mvc.perform(login(user, PASSWORD, uniqueClientIp()))
                .andExpect(redirectedUrl("/account/password")).andReturn();
        Cookie session = sessionCookie(login);
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/account/password"));
        mvc.perform(post("/account/password").cookie(session).with(csrf())
                        .param("currentPassword", PASSWORD).param("newPassword", "A-Whole-New-Passphrase-7")
                        .param("confirmPassword", "A-Whole-New-Passphrase-7"))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        assertThat(events(user, AccountActions.PASSWORD_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS));
    }

    @Test
    void refusesAFormWithoutItsCsrfToken() throws Exception {
        mvc.perform(post("/login").param("username", "admin").param("password", PosternTestConfiguration.ADMIN_PASSWORD)
                        .with(from(uniqueClientIp())))
                .andExpect(status().isForbidden());
        mvc.perform(post("/login").with(csrf().useInvalidToken()).param("username", "admin")
                        .param("password", PosternTestConfiguration.ADMIN_PASSWORD).with(from(uniqueClientIp())))
                .andExpect(status().isForbidden());
    }

    @Test
    void signingInGivesANewSessionId() throws Exception {
        String user = newUser(false);
        Cookie before = sessionCookie(mvc.perform(get("/login")).andReturn());
        assertThat(before).isNotNull();
        MvcResult login = mvc.perform(login(user, PASSWORD + "x", uniqueClientIp()).cookie(before)).andReturn();
        Cookie after = sessionCookie(login);
        assertThat(after).isNotNull();
        assertThat(login.getResponse().getHeaders("Set-Cookie")).anySatisfy(header -> assertThat(header)
                .startsWith("POSTERN_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
        assertThat(after.getValue()).isNotEqualTo(before.getValue());
    }

    @Test
    void logoutIsAudited() throws Exception {
        String user = newUser(false);
        MvcResult login = mvc.perform(login(user, PASSWORD + "x", uniqueClientIp()))
                .andReturn();
        Cookie session = sessionCookie(login);
        mvc.perform(post("/logout").cookie(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        assertThat(events(user, AccountActions.LOGOUT)).hasSize(1);
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("script-src 'self'"),
                                org.hamcrest.Matchers.containsString("frame-ancestors 'none'"),
                                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe-inline")))))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }
}
