package dev.postern.admin.web;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.PosternTestConfiguration;

import static dev.postern.testing.Requests.login;
import static dev.postern.testing.Requests.sessionCookie;
import static dev.postern.testing.Requests.uniqueClientIp;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Admin pages that must render, not fail: the browser tests found both of these answering 500. */
@PosternIntegrationTest
class AdminPagesIntegrationTests {

    @Autowired
    MockMvc mvc;

    Cookie admin;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        admin = sessionCookie(mvc.perform(login(PosternTestConfiguration.ADMIN, PosternTestConfiguration.ADMIN_PASSWORD,
                uniqueClientIp())).andReturn());
    }

    @Test
    void policyCheckShowsEachAddressWithItsVerdict() throws Exception {
        mvc.perform(get("/admin/policy/check").param("protocol", "FTP").param("host", "169.254.169.254")
                        .param("port", "21").cookie(admin))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<code>169.254.169.254</code>")))
                .andExpect(content().string(containsString("refused: link-local or cloud-metadata address")));
    }

    @Test
    void verifyingTheAuditChainShowsTheResult() throws Exception {
        mvc.perform(post("/admin/audit/verify").with(csrf()).cookie(admin))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The chain is intact:")));
    }
}
