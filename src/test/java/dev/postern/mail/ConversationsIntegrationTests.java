package dev.postern.mail;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations where the server cannot thread (GreenMail has no THREAD): grouped by Message-ID, In-Reply-To and
 * References, and by subject for replies that lost their references.
 */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ConversationsIntegrationTests {

    @Autowired
    Mailboxes mailboxes;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    GreenMailAccount server;

    @BeforeAll
    void startServer() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        deliver("<a@x>", null, null, "Project kickoff", 1);
        deliver("<b@x>", "<a@x>", "<a@x>", "Re: Project kickoff", 2);
        deliver("<c@x>", "<b@x>", "<a@x> <b@x>", "RE: Re: Project kickoff", 4);
        deliver("<d@x>", null, null, "Lunch menu", 3);
        deliver("<e@x>", null, null, "회신: Lunch menu", 5);
        deliver("<f@x>", null, null, "Unrelated", 6);
    }

    private void deliver(String id, String inReplyTo, String references, String subject, int hour) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", id);
            }
        };
        message.setFrom("someone@example.test");
        message.setSubject(subject, "UTF-8");
        message.setSentDate(Date.from(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(3600L * hour)));
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
        }
        if (references != null) {
            message.setHeader("References", references);
        }
        message.setText("text");
        message.saveChanges();
        server.deliver(message);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void groupsRepliesWithWhatTheyAnswerNewestConversationFirst() {
        CurrentUser user = TestUsers.as(accounts, TestUsers.create(accounts, "threads"));
        ConnectionProfile imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
        ConversationPage page = mailboxes.conversations(new MailContext(user, "s", imap.id()), "INBOX", 0);
        assertThat(page.total()).isEqualTo(3);
        List<List<String>> subjects = page.conversations().stream()
                .map(c -> c.messages().stream().map(MessageSummary::subject).toList()).toList();
        assertThat(subjects.getFirst()).containsExactly("Unrelated");
        assertThat(subjects).contains(List.of("Lunch menu", "회신: Lunch menu"));
        assertThat(subjects).contains(List.of("Project kickoff", "Re: Project kickoff", "RE: Re: Project kickoff"));
    }
}
