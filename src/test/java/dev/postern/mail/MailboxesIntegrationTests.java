package dev.postern.mail;

import java.io.ByteArrayOutputStream;
import java.util.List;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.mail.internal.MailSessions;
import dev.postern.platform.InvalidInput;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionNotFound;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a mailbox through the facade, against in-process GreenMail over real IMAP and POP3. */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailboxesIntegrationTests {

    static final int MESSAGES = 120;

    @Autowired
    Mailboxes mailboxes;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    MailSessions sessions;

    GreenMailAccount server;
    CurrentUser user;
    ConnectionProfile imap;

    @BeforeAll
    void startServer() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        server.deliverNumbered(MESSAGES);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void newUserAndConnection() {
        user = TestUsers.as(accounts, TestUsers.create(accounts, "reader"));
        imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
    }

    private MailContext context(ConnectionProfile profile) {
        return new MailContext(user, "session-" + user.username(), profile.id());
    }

    @Test
    void listsTheInboxWithItsCountsAndRecognisesSpecialFoldersByName() {
        MailContext context = context(imap);
        mailboxes.createFolder(context, null, "Sent Items");
        mailboxes.createFolder(context, null, "Projects");
        List<Folder> folders = mailboxes.folders(context);
        assertThat(folders.getFirst().role()).isEqualTo(FolderRole.INBOX);
        assertThat(folders.getFirst().total()).isEqualTo(MESSAGES);
        assertThat(folders).filteredOn(f -> f.fullName().equals("Sent Items")).singleElement()
                .satisfies(f -> assertThat(f.role()).isEqualTo(FolderRole.SENT));
        assertThat(folders.indexOf(folders.stream().filter(f -> f.role() == FolderRole.SENT).findFirst().orElseThrow()))
                .isLessThan(folders.indexOf(folders.stream().filter(f -> f.fullName().equals("Projects")).findFirst().orElseThrow()));
        mailboxes.deleteFolder(context, "Sent Items");
        mailboxes.deleteFolder(context, "Projects");
    }

    @Test
    void pagesNewestFirstFetchingOnlyThePageShown() {
        MailContext context = context(imap);
        MessagePage first = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
        assertThat(first.total()).isEqualTo(MESSAGES);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.messages()).hasSize(50);
        assertThat(first.messages().getFirst().subject()).isEqualTo("분기 보고서 120");
        assertThat(first.messages().getFirst().sender()).isEqualTo("보낸 사람 120");
        MessagePage last = mailboxes.page(context, "INBOX", 2, MessageSort.ARRIVAL, false);
        assertThat(last.messages()).hasSize(20);
        assertThat(last.messages().getLast().subject()).isEqualTo("Message 1");
        assertThat(mailboxes.page(context, "INBOX", 99, MessageSort.ARRIVAL, false).page()).isEqualTo(2);
    }

    @Test
    void searchesOnTheServer() {
        MailContext context = context(imap);
        MessagePage bySubject = mailboxes.search(context, "INBOX",
                new MessageQuery(null, null, null, "분기 보고서", null, null, null, false, false), 0);
        assertThat(bySubject.total()).isEqualTo(12);
        assertThat(bySubject.messages().getFirst().subject()).isEqualTo("분기 보고서 120");
        MessagePage byBody = mailboxes.search(context, "INBOX",
                new MessageQuery("kumquat", null, null, null, null, null, null, false, false), 0);
        assertThat(byBody.messages()).extracting(MessageSummary::subject).containsExactly("Message 42");
    }

    @Test
    void marksReadAndFlagged() {
        MailContext context = context(imap);
        String id = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().get(3).id();
        mailboxes.markSeen(context, "INBOX", List.of(id), true);
        mailboxes.markFlagged(context, "INBOX", List.of(id), true);
        MessageSummary row = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().get(3);
        assertThat(row.flags().seen()).isTrue();
        assertThat(row.flags().flagged()).isTrue();
        assertThat(mailboxes.search(context, "INBOX", new MessageQuery(null, null, null, null, null, null, null, false,
                true), 0).messages()).extracting(MessageSummary::id).contains(id);
        mailboxes.markSeen(context, "INBOX", List.of(id), false);
        mailboxes.markFlagged(context, "INBOX", List.of(id), false);
    }

    @Test
    void movesDeletesToTrashAndExpungesFromTrashAuditingEach() {
        MailContext context = context(imap);
        mailboxes.createFolder(context, null, "Trash");
        mailboxes.createFolder(context, null, "Keep");
        try {
            List<MessageSummary> rows = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages();
            mailboxes.move(context, "INBOX", List.of(rows.get(0).id()), "Keep");
            assertThat(mailboxes.page(context, "Keep", 0, MessageSort.ARRIVAL, false).messages())
                    .extracting(MessageSummary::subject).containsExactly(rows.get(0).subject());
            mailboxes.move(context, "Keep", List.of(mailboxes.page(context, "Keep", 0, MessageSort.ARRIVAL, false)
                    .messages().getFirst().id()), "INBOX");

            String victim = rows.get(1).id();
            assertThat(mailboxes.delete(context, "INBOX", List.of(victim))).isFalse();
            MessagePage trash = mailboxes.page(context, "Trash", 0, MessageSort.ARRIVAL, false);
            assertThat(trash.messages()).extracting(MessageSummary::subject).containsExactly(rows.get(1).subject());
            assertThat(mailboxes.delete(context, "Trash", List.of(trash.messages().getFirst().id()))).isTrue();
            assertThat(mailboxes.page(context, "Trash", 0, MessageSort.ARRIVAL, false).total()).isZero();
        } finally {
            mailboxes.deleteFolder(context, "Trash");
            mailboxes.deleteFolder(context, "Keep");
        }
        List<AuditEvent> events = audit.search(new AuditQuery(user.username(), "mail.", null, null, null, 0, 50)).events();
        assertThat(events).extracting(AuditEvent::action).contains(MailActions.MOVED, MailActions.DELETED,
                MailActions.FOLDER_CREATED, MailActions.FOLDER_DELETED);
        assertThat(events).filteredOn(e -> e.action().equals(MailActions.DELETED))
                .extracting(e -> e.detail().get("permanently")).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void reusesOneConnectionPerSessionAndReopensItOnceAfterTheServerDroppedIt() throws Exception {
        MailContext context = context(imap);
        int before = sessions.openCount();
        mailboxes.folders(context);
        mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
        mailboxes.page(context, "INBOX", 1, MessageSort.ARRIVAL, false);
        assertThat(sessions.openCount()).isEqualTo(before + 1);

        server.greenMail.stop();
        server.start();
        server.deliverNumbered(MESSAGES);
        // The cached connection is dead; the next call opens a new one without the user noticing.
        assertThat(mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).total()).isEqualTo(MESSAGES);
        assertThat(sessions.openCount()).isEqualTo(before + 1);
        mailboxes.closeSession(context.sessionKey());
        assertThat(sessions.openCount()).isEqualTo(before);
    }

    @Test
    void aPop3MailboxShowsItsInboxAndDeletes() {
        ConnectionProfile pop3 = connections.create(server.connection(RetrievalProtocol.POP3), user);
        MailContext context = context(pop3);
        assertThat(mailboxes.hasFolders(context)).isFalse();
        assertThat(mailboxes.folders(context)).singleElement().satisfies(f -> assertThat(f.total()).isEqualTo(MESSAGES));
        MessagePage page = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
        assertThat(page.messages()).hasSize(50);
        assertThat(page.messages().getFirst().subject()).isEqualTo("분기 보고서 120");
        assertThatThrownBy(() -> mailboxes.createFolder(context, null, "Nope")).isInstanceOf(InvalidInput.class);
        ByteArrayOutputStream source = new ByteArrayOutputStream();
        mailboxes.writeSource(context, "INBOX", page.messages().get(5).id(), source);
        assertThat(source.toString(java.nio.charset.StandardCharsets.US_ASCII)).contains("Subject:");
    }

    @Test
    void refusesHostileInputBeforeTalkingToTheServer() {
        MailContext context = context(imap);
        assertThatThrownBy(() -> mailboxes.page(context, "INBOX\r\nA1 LOGOUT", 0, MessageSort.ARRIVAL, false))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> mailboxes.markSeen(context, "INBOX", List.of("1 2"), true))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> mailboxes.createFolder(context, null, "a/b"))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> mailboxes.search(context, "INBOX",
                new MessageQuery("x\r\nA1 LOGOUT", null, null, null, null, null, null, false, false), 0))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> mailboxes.page(context, "No such folder", 0, MessageSort.ARRIVAL, false))
                .isInstanceOf(MessageNotFound.class);
    }

    @Test
    void anotherUserCannotUseTheConnection() {
        CurrentUser other = TestUsers.as(accounts, TestUsers.create(accounts, "other"));
        MailContext stolen = new MailContext(other, "session-x", imap.id());
        assertThatThrownBy(() -> mailboxes.folders(stolen)).isInstanceOf(ConnectionNotFound.class);
    }

    @Test
    void aWrongPasswordIsReportedAsSuch() {
        MailContext context = context(connections.create(server.connection(RetrievalProtocol.IMAP, "not-the-password"), user));
        assertThatThrownBy(() -> mailboxes.folders(context)).isInstanceOf(MailUnavailable.class)
                .satisfies(e -> assertThat(((MailUnavailable) e).status())
                        .isEqualTo(dev.postern.upstream.UpstreamStatus.AUTH_FAILED));
    }
}
