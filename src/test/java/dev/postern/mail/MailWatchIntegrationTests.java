package dev.postern.mail;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.mail.internal.MailWatches;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

/** New mail reaches a watcher without anyone asking: IMAP IDLE against GreenMail, and the page's event stream. */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailWatchIntegrationTests {

    @Autowired
    Mailboxes mailboxes;

    @Autowired
    MailWatches watches;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    MockMvc mvc;

    GreenMailAccount server;

    @BeforeAll
    void startServer() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        server.deliverNumbered(3);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private void deliverOne(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("news@example.test");
        message.setSubject(subject);
        message.setText("new");
        server.deliver(message);
    }

    @Test
    void aWatcherHearsOfNewMailAtOnceAndStopsWhenClosed() throws Exception {
        CurrentUser user = TestUsers.as(accounts, TestUsers.create(accounts, "watcher"));
        ConnectionProfile imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
        BlockingQueue<FolderCounts> heard = new LinkedBlockingQueue<>();
        MailContext context = new MailContext(user, "watch-session", imap.id());
        int before = watches.running();
        try (MailWatch watch = mailboxes.watch(context, "INBOX", heard::add)) {
            FolderCounts first = heard.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            int total = first.total();
            deliverOne("Pushed");
            FolderCounts next = heard.poll(20, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(next.total()).isEqualTo(total + 1);
            assertThat(next.unread()).isGreaterThan(first.unread());
            assertThat(watches.running()).isEqualTo(before + 1);
        }
        assertThat(watches.running()).isEqualTo(before);
    }

    @Test
    void aPageLoadedAgainAtOnceAfterTheWatchHeardOfNewMailShowsIt() throws Exception {
        // What the mailbox page does when its watch reports new mail: it loads the list again within the second.
        CurrentUser user = TestUsers.as(accounts, TestUsers.create(accounts, "reloader"));
        ConnectionProfile imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
        MailContext context = new MailContext(user, "reload-session", imap.id());
        BlockingQueue<FolderCounts> heard = new LinkedBlockingQueue<>();
        try (MailWatch watch = mailboxes.watch(context, "INBOX", heard::add)) {
            assertThat(heard.poll(20, TimeUnit.SECONDS)).isNotNull();
            MessagePage before = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
            Folder inboxBefore = mailboxes.folders(context).getFirst();
            deliverOne("Came meanwhile");
            assertThat(heard.poll(20, TimeUnit.SECONDS)).isNotNull();
            MessagePage after = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
            Folder inboxAfter = mailboxes.folders(context).getFirst();
            assertThat(after.total()).isEqualTo(before.total() + 1);
            assertThat(after.messages().getFirst().subject()).isEqualTo("Came meanwhile");
            assertThat(inboxAfter.total()).isEqualTo(inboxBefore.total() + 1);
            assertThat(inboxAfter.unread()).isEqualTo(inboxBefore.unread() + 1);
        } finally {
            mailboxes.closeSession("reload-session");
        }
    }

    @Test
    void aPageLoadedAfterAQuietSecondShowsMailThatCameWithoutAWatch() throws Exception {
        CurrentUser user = TestUsers.as(accounts, TestUsers.create(accounts, "clicker"));
        ConnectionProfile imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
        MailContext context = new MailContext(user, "click-session", imap.id());
        try {
            MessagePage before = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
            deliverOne("Came while reading");
            Thread.sleep(1_100); // a second of quiet (ImapRetrieval.QUIET), as between a person's clicks
            MessagePage after = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
            assertThat(after.total()).isEqualTo(before.total() + 1);
            assertThat(after.messages().getFirst().subject()).isEqualTo("Came while reading");
        } finally {
            mailboxes.closeSession("click-session");
        }
    }

    @Test
    void theMailboxPageGetsAnEventStream() throws Exception {
        String name = TestUsers.create(accounts, "stream");
        CurrentUser user = TestUsers.as(accounts, name);
        ConnectionProfile imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
        Cookie session = signIn(mvc, name, TestUsers.PASSWORD);
        MvcResult result = mvc.perform(get("/mail/" + imap.id() + "/events").param("folder", "INBOX").cookie(session))
                .andExpect(request().asyncStarted()).andReturn();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!result.getResponse().getContentAsString().contains("event:mailbox") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String stream = result.getResponse().getContentAsString();
        assertThat(stream).contains("event:mailbox").contains("\"folder\":\"INBOX\"").contains("\"total\":");
        mailboxes.closeSession(result.getRequest().getSession().getId());
    }
}
