package dev.postern.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
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
    void aSelectedIdIsTakenAsSentNotSplitAtItsCommas() throws Exception {
        MailContext context = new MailContext(user, "probe", imap.id());
        List<MessageSummary> first = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages();
        String joined = first.get(0).id() + "," + first.get(1).id();
        mvc.perform(post("/mail/" + imap.id() + "/actions").cookie(session).with(csrf()).param("folder", "INBOX")
                        .param("id", joined).param("action", "read"))
                .andExpect(status().isNotFound());
        assertThat(mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().subList(0, 2))
                .allSatisfy(m -> assertThat(m.flags().seen()).isFalse());
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

    @Test
    void theListRowsEscapeWhatTheServerSaysAndShowTheMarks() throws Exception {
        String folder = "Odd & 받은편지";
        String hostile = "<img src=x onerror=alert(1)> \"quoted\" & 'single'";
        Session mail = Session.getInstance(new Properties());
        try (Store store = mail.getStore("imap")) {
            store.connect("127.0.0.1", server.imapPort, GreenMailAccount.LOGIN, GreenMailAccount.PASSWORD);
            jakarta.mail.Folder target = store.getFolder(folder);
            target.create(jakarta.mail.Folder.HOLDS_MESSAGES);
            MimeMessage marked = new MimeMessage(mail);
            marked.setFrom(new InternetAddress("mallory@example.test", "<b>Mallory</b>", "UTF-8"));
            marked.setSubject(hostile, "UTF-8");
            MimeMultipart parts = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see attached");
            MimeBodyPart file = new MimeBodyPart();
            file.setContent("a,b\n", "text/csv");
            file.setFileName("report.csv");
            file.setDisposition(jakarta.mail.Part.ATTACHMENT);
            parts.addBodyPart(text);
            parts.addBodyPart(file);
            marked.setContent(parts);
            marked.setFlags(new Flags(Flags.Flag.FLAGGED), true);
            marked.setFlags(new Flags(Flags.Flag.ANSWERED), true);
            marked.setFlags(new Flags(Flags.Flag.SEEN), true);
            MimeMessage plain = new MimeMessage(mail);
            plain.setFrom("bob@example.test");
            plain.setSubject("");
            plain.setText("no subject");
            target.appendMessages(new jakarta.mail.Message[]{marked, plain});
        }
        String page = mvc.perform(get("/mail/" + imap.id()).param("folder", folder).cookie(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("<img src=x").doesNotContain("<b>Mallory")
                .contains("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;</a>")
                .contains("&lt;b&gt;Mallory&lt;/b&gt;")
                .contains("<span class=\"flag\" title=\"Flagged\">★</span>")
                .contains("<span class=\"answered\" title=\"Answered\">↩</span>")
                .contains("<span class=\"attachment\" title=\"Has attachments\">📎</span>")
                .contains(">(no subject)</a>");
        Matcher rows = Pattern.compile("<tr( class=\"([^\"]*)\")? data-id=\"(\\d+)\">.*?href=\"([^\"]+)\"").matcher(page);
        List<String> classes = new ArrayList<>();
        List<String> links = new ArrayList<>();
        while (rows.find()) {
            classes.add(String.valueOf(rows.group(2)));
            links.add(rows.group(4).replace("&amp;", "&"));
        }
        // Newest first: the unread one without a subject, then the read, flagged one.
        assertThat(classes).containsExactly("unread", "flagged");
        assertThat(links.get(1)).startsWith("/mail/" + imap.id() + "/message?folder=Odd%20%26%20%EB%B0%9B");
        mvc.perform(get(java.net.URI.create(links.get(1))).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("report.csv")));
    }
}
