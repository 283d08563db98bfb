package dev.postern.admin;

import java.util.UUID;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.account.AccountActions;
import dev.postern.account.AccountManagement;
import dev.postern.account.UserAccount;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestUsers;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@PosternIntegrationTest
class AdminPagesIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    Cookie admin;

    @BeforeEach
    void signInAdmin() throws Exception {
        admin = signIn(mvc, PosternTestConfiguration.ADMIN, PosternTestConfiguration.ADMIN_PASSWORD);
    }

    private String plainUser() {
        return TestUsers.create(accounts, "p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/users", "/admin/users/new", "/admin/policy", "/admin/audit", "/admin/keys",
            "/actuator/prometheus"})
    void anAdminPageIsRefusedToAUser(String page) throws Exception {
        Cookie user = signIn(mvc, plainUser(), TestUsers.PASSWORD);
        // The 403 page itself is rendered by the container's error dispatch, which the browser tests cover.
        mvc.perform(get(page).cookie(user)).andExpect(status().isForbidden());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/users", "/admin/users/new", "/admin/policy", "/admin/audit", "/admin/keys"})
    void anAdminSeesEveryAdminPage(String page) throws Exception {
        mvc.perform(get(page).cookie(admin)).andExpect(status().isOk());
    }

    @Test
    void aUserCannotCreateUsersEvenWithAForgedForm() throws Exception {
        Cookie user = signIn(mvc, plainUser(), TestUsers.PASSWORD);
        String name = "forged-" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/admin/users").cookie(user).with(csrf()).param("username", name)
                        .param("password", "Forged-Passphrase-77").param("admin", "true"))
                .andExpect(status().isForbidden());
        assertThat(accounts.findByUsername(name)).isEmpty();
    }

    @Test
    void creatingAUserShowsEachProblemBesideItsFieldAndSavesNothing() throws Exception {
        mvc.perform(post("/admin/users").cookie(admin).with(csrf())
                        .param("username", "bad name\r\n").param("displayName", "x").param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Use 2 to 64 characters")))
                .andExpect(content().string(containsString("Use at least 12 characters.")));
        mvc.perform(post("/admin/users").cookie(admin).with(csrf())
                        .param("username", PosternTestConfiguration.ADMIN).param("password", "Some-Long-Passphrase-1"))
                .andExpect(content().string(containsString("That user name is taken.")));
    }

    @Test
    void anAdminCreatesAUserWhoMustChangeThePasswordAndItIsAudited() throws Exception {
        String name = "new-" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/admin/users").cookie(admin).with(csrf())
                        .param("username", name.toUpperCase()).param("displayName", "새 사용자")
                        .param("password", "Initial-Passphrase-31"))
                .andExpect(redirectedUrl("/admin/users"));
        UserAccount created = accounts.findByUsername(name).orElseThrow();
        assertThat(created.username()).isEqualTo(name);
        assertThat(created.displayName()).isEqualTo("새 사용자");
        assertThat(created.mustChangePassword()).isTrue();
        assertThat(audit.search(new AuditQuery(PosternTestConfiguration.ADMIN, AccountActions.USER_CREATED, null, null,
                null, 0, 50)).events()).anySatisfy(e -> assertThat(e.target()).isEqualTo(name));
    }

    @Test
    void disablingAUserEndsTheirSessionAndTheLastAdminCannotBeDemoted() throws Exception {
        String name = plainUser();
        Cookie user = signIn(mvc, name, TestUsers.PASSWORD);
        mvc.perform(get("/").cookie(user)).andExpect(status().isOk());
        long id = accounts.findByUsername(name).orElseThrow().id();
        mvc.perform(post("/admin/users/" + id + "/enabled").cookie(admin).with(csrf()).param("enabled", "false"))
                .andExpect(redirectedUrl("/admin/users/" + id));
        mvc.perform(get("/").cookie(user)).andExpect(redirectedUrl("/login"));

        long adminId = accounts.findByUsername(PosternTestConfiguration.ADMIN).orElseThrow().id();
        mvc.perform(post("/admin/users/" + adminId + "/roles").cookie(admin).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("You cannot take away your own administrator role.")));
        assertThat(accounts.find(adminId).orElseThrow().admin()).isTrue();
    }

    @Test
    void policyRulesAreAddedWithFieldErrorsForBadInput() throws Exception {
        mvc.perform(post("/admin/policy/rules").cookie(admin).with(csrf()).param("protocol", "SMTP")
                        .param("hostPattern", "bad pattern\r\n").param("portFrom", "10").param("portTo", "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter an address, a CIDR block, a host name or *.domain.")))
                .andExpect(content().string(containsString("not below the first port")));
        mvc.perform(post("/admin/policy/rules").cookie(admin).with(csrf()).param("protocol", "SMTP")
                        .param("hostPattern", "192.0.2.0/24").param("portFrom", "x").param("portTo", "25"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a whole number.")));
        mvc.perform(get("/admin/policy/check").cookie(admin).param("protocol", "IMAP").param("host", "169.254.169.254")
                        .param("port", "143"))
                .andExpect(content().string(containsString("never reachable")));
    }

    @Test
    void theAuditPageFiltersAndVerifies() throws Exception {
        mvc.perform(get("/admin/audit").cookie(admin).param("actor", PosternTestConfiguration.ADMIN)
                        .param("action", "account.login").param("from", "not-a-date").param("page", "-3"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-action=\"account.login\"")));
        mvc.perform(post("/admin/audit/verify").cookie(admin).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The chain is intact")));
    }

    @Test
    void metricsNeedTheScrapeTokenOrAnAdmin() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer wrong-token-wrong-token-wrong"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + PosternTestConfiguration.METRICS_TOKEN))
                .andExpect(status().isOk()).andExpect(content().string(containsString("jvm_")));
        mvc.perform(get("/actuator/prometheus").cookie(admin)).andExpect(status().isOk());
    }

    @Test
    void healthIsPublicAndIncludesTheDatabaseForAdmins() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(content().string(containsString("\"status\":\"UP\"")))
                .andExpect(content().string(not(containsString("\"db\""))));
        mvc.perform(get("/actuator/health").cookie(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("\"db\"")));
    }
}
