package dev.postern.mail;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The mailbox pages over MockMvc, against GreenMail. */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailPagesIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Mailboxes mailboxes;

    GreenMailAccount server;
    CurrentUser user;
    Cookie session;
    ConnectionProfile imap;

    @BeforeAll
    void startServer() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        server.deliverNumbered(60);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void signInWithAConnection() throws Exception {
        String name = TestUsers.create(accounts, "mailpages");
        user = TestUsers.as(accounts, name);
        session = signIn(mvc, name, TestUsers.PASSWORD);
        imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
    }

    @Test
    void theMailboxPageListsTheNewestMessagesAndTheFolders() throws Exception {
        mvc.perform(get("/mail/" + imap.id()).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("분기 보고서 60")))
                .andExpect(content().string(containsString("Message 11")))
                .andExpect(content().string(not(containsString("Message 9<"))))
                .andExpect(content().string(containsString("Page 1 of 2")))
                .andExpect(content().string(containsString("data-folder=\"INBOX\"")));
        mvc.perform(get("/mail/" + imap.id()).param("page", "1").cookie(session))
                .andExpect(content().string(containsString("Message 9<")));
        mvc.perform(get("/mail").cookie(session)).andExpect(redirectedUrl("/mail/" + imap.id()));
    }

    @Test
    void searchAndConversationsShowOnTheSamePage() throws Exception {
        mvc.perform(get("/mail/" + imap.id()).param("q", "kumquat").cookie(session))
                .andExpect(content().string(containsString("1 found")))
                .andExpect(content().string(containsString("Message 42")));
        mvc.perform(get("/mail/" + imap.id()).param("view", "threads").cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"conversations\"")));
    }

    @Test
    void selectedMessagesAreMarkedReadAndTheListShowsIt() throws Exception {
        MailContext context = new MailContext(user, "probe", imap.id());
        String id = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().getFirst().id();
        mvc.perform(post("/mail/" + imap.id() + "/actions").cookie(session).with(csrf()).param("folder", "INBOX")
                        .param("id", id).param("action", "read").param("back", "https://evil.example/"))
                .andExpect(redirectedUrl("/mail/" + imap.id() + "?folder=INBOX"));
        assertThat(mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().getFirst().flags().seen())
                .isTrue();
        mailboxes.markSeen(context, "INBOX", java.util.List.of(id), false);
    }

    @Test
    void badInputIsABadRequestAndOtherPeoplesMailIsNotFound() throws Exception {
        mvc.perform(get("/mail/" + imap.id()).param("folder", "No such folder").cookie(session))
                .andExpect(status().isNotFound());
        mvc.perform(post("/mail/" + imap.id() + "/actions").cookie(session).with(csrf()).param("folder", "INBOX")
                        .param("id", "1\r\nA1 LOGOUT").param("action", "delete"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/mail/" + imap.id()).param("since", "yesterday").cookie(session))
                .andExpect(status().isBadRequest());
        Cookie other = signIn(mvc, TestUsers.create(accounts, "stranger"), TestUsers.PASSWORD);
        mvc.perform(get("/mail/" + imap.id()).cookie(other)).andExpect(status().isNotFound());
    }

    @Test
    void aRefusedPasswordIsShownAsSuch() throws Exception {
        ConnectionProfile wrong = connections.create(server.connection(RetrievalProtocol.IMAP, "wrong-password"), user);
        mvc.perform(get("/mail/" + wrong.id()).cookie(session))
                .andExpect(status().isBadGateway())
                .andExpect(content().string(containsString("the server refused the user name or password")));
    }

    @Test
    void foldersAreCreatedRenamedAndDeletedFromTheirPage() throws Exception {
        mvc.perform(post("/mail/" + imap.id() + "/folders").cookie(session).with(csrf()).param("name", "프로젝트"))
                .andExpect(redirectedUrl("/mail/" + imap.id() + "/folders"));
        mvc.perform(get("/mail/" + imap.id() + "/folders").cookie(session))
                .andExpect(content().string(containsString("data-folder=\"프로젝트\"")));
        mvc.perform(post("/mail/" + imap.id() + "/folders/rename").cookie(session).with(csrf())
                        .param("folder", "프로젝트").param("name", "Projects"))
                .andExpect(redirectedUrl("/mail/" + imap.id() + "/folders"));
        mvc.perform(post("/mail/" + imap.id() + "/folders/delete").cookie(session).with(csrf())
                        .param("folder", "Projects"))
                .andExpect(redirectedUrl("/mail/" + imap.id() + "/folders"));
        mvc.perform(post("/mail/" + imap.id() + "/folders").cookie(session).with(csrf()).param("name", "a/b"))
                .andExpect(status().isBadRequest());
    }
}
