package dev.postern.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.servlet.http.Cookie;

import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.SortTerm;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.mail.DovecotServer;
import dev.postern.testing.mail.MailClients;
import dev.postern.testing.mail.MailUser;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamStatus;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The mail facades against real servers: Dovecot for IMAP (special-use folders, SORT, THREAD=REFERENCES, IDLE,
 * UIDPLUS, MOVE) and Postfix for submission with AUTH, delivering to Dovecot over LMTP. What Postern shows is checked
 * against what a plain Angus client asks the same server directly.
 */
@Tag("system")
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DovecotMailIntegrationTests {

    /** Several thousand messages, enough that paging and server-side sorting matter. */
    static final int SEEDED = 5_000;
    static final int PAGE = 50;
    static final String PASSWORD = "Dovecot-Mail-Pa55";
    static final Duration ARRIVAL = Duration.ofSeconds(30);

    @Autowired
    Mailboxes mailboxes;

    @Autowired
    Submission submission;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    MockMvc mvc;

    DovecotServer server;
    final List<Long> rules = new ArrayList<>();
    /** The Dovecot user with the seeded INBOX, which no test changes. */
    MailUser seeded;

    @BeforeAll
    void startServers() {
        server = DovecotServer.start();
        CurrentUser admin = TestUsers.admin(accounts);
        for (var rule : List.of(Map.entry(Protocol.IMAP, server.imapPort()), Map.entry(Protocol.IMAP, server.imapsPort()),
                Map.entry(Protocol.POP3, server.pop3Port()), Map.entry(Protocol.SMTP, server.submissionPort()))) {
            rules.add(policy.addRule(rule.getKey(), server.host(), rule.getValue(), rule.getValue(), "Dovecot",
                    admin).id());
        }
        seeded = server.addUser("seeded", PASSWORD);
        server.seedInbox(seeded.name(), SEEDED, 20260601L);
    }

    @AfterAll
    void stopServers() {
        CurrentUser admin = TestUsers.admin(accounts);
        rules.forEach(id -> policy.removeRule(id, admin));
        if (server != null) {
            server.close();
        }
    }

    /** A Postern user with a connection to this Dovecot mailbox, over plain IMAP and submission with AUTH. */
    private MailContext context(MailUser mailbox) {
        return context(mailbox, Security.NONE, server.imapPort(), true);
    }

    private MailContext context(MailUser mailbox, Security security, int imapPort, boolean smtpAuth) {
        CurrentUser user = TestUsers.as(accounts, TestUsers.create(accounts, "dovecot"));
        ConnectionProfile profile = connections.create(new ConnectionDraft(ConnectionKind.MAIL, "Dovecot", server.host(),
                imapPort, security, mailbox.name(), mailbox.password(), false,
                new ConnectionOptions.Mail(RetrievalProtocol.IMAP, server.host(), server.submissionPort(), Security.NONE,
                        smtpAuth, "Test " + mailbox.name(), mailbox.address())), user);
        return new MailContext(user, "dovecot-" + user.username(), profile.id());
    }

    private MailUser newMailbox(String prefix) {
        return server.addUser(prefix + "-" + Long.toHexString(System.nanoTime()).substring(6), PASSWORD);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Folders

    @Test
    void specialUseFoldersAreRecognisedByTheirAttributesAndListedFirstInTheirOrder() throws Exception {
        MailUser mailbox = newMailbox("folders");
        // Named like special folders, but without the attribute: ordinary folders, listed after the special ones.
        server.folder(mailbox.name(), "Sent Items");
        server.folder(mailbox.name(), "Projects/2026");
        server.deliver(mailbox.name(), "Projects/2026", MailClients.textMessage("a@example.com", mailbox.address(),
                "Plan", "p\n"));
        // A Korean name travels as modified UTF-7 (&vPSwuA-...) in LIST and in the STATUS beside it.
        server.folder(mailbox.name(), "보고서");
        for (int i = 0; i < 2; i++) {
            server.deliver(mailbox.name(), "보고서", MailClients.textMessage("a@example.com", mailbox.address(), "R" + i,
                    "r\n"));
        }
        MailContext context = context(mailbox);

        List<Folder> folders = mailboxes.folders(context);

        assertThat(folders).extracting(Folder::fullName, Folder::role).startsWith(
                org.assertj.core.groups.Tuple.tuple("INBOX", FolderRole.INBOX),
                org.assertj.core.groups.Tuple.tuple("Drafts", FolderRole.DRAFTS),
                org.assertj.core.groups.Tuple.tuple("Sent", FolderRole.SENT),
                org.assertj.core.groups.Tuple.tuple("Archive", FolderRole.ARCHIVE),
                org.assertj.core.groups.Tuple.tuple("Junk", FolderRole.JUNK),
                org.assertj.core.groups.Tuple.tuple("Trash", FolderRole.TRASH));
        assertThat(folders).filteredOn(f -> f.fullName().equals("Sent Items")).singleElement()
                .satisfies(f -> assertThat(f.role()).isEqualTo(FolderRole.NONE));
        assertThat(folders).filteredOn(f -> f.fullName().equals("Projects/2026")).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("2026");
            assertThat(f.depth()).isEqualTo(1);
            assertThat(f.total()).isEqualTo(1);
            assertThat(f.unread()).isEqualTo(1);
        });
        assertThat(folders).filteredOn(f -> f.fullName().equals("보고서")).singleElement().satisfies(f -> {
            assertThat(f.total()).isEqualTo(2);
            assertThat(f.unread()).isEqualTo(2);
            assertThat(f.subscribed()).isTrue();
        });
        assertThat(mailboxes.folder(context, FolderRole.TRASH).fullName()).isEqualTo("Trash");

        // The page shows the special folders under their localized names.
        Cookie session = signIn(mvc, context.user().username(), TestUsers.PASSWORD);
        String korean = mvc.perform(get("/mail/" + context.connectionId()).cookie(session,
                new Cookie("postern-lang", "ko"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(korean).containsSubsequence("받은편지함", "임시보관함", "보낸편지함", "보관함", "스팸메일함", "휴지통",
                "Projects", "Sent Items");
        String english = mvc.perform(get("/mail/" + context.connectionId()).cookie(session,
                new Cookie("postern-lang", "en"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).containsSubsequence(">Inbox<", ">Drafts<", ">Sent<", ">Archive<", ">Junk<", ">Trash<");
    }

    @Test
    void folderCountsFollowNewMailInTheShownFolderAndChangesMadeThroughPostern() throws Exception {
        MailUser mailbox = newMailbox("counts");
        MailContext context = context(mailbox);
        assertThat(inbox(mailboxes.folders(context))).isEqualTo(0);

        // Delivered by Postfix while the page is open: the next page sees it in the list and in the counts.
        MailClients.submit(server, mailbox, MailClients.textMessage(mailbox.address(), mailbox.address(), "New", "n\n"));
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).total() == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(inbox(mailboxes.folders(context))).isEqualTo(1);

        String id = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().getFirst().id();
        mailboxes.move(context, "INBOX", List.of(id), "Archive");
        assertThat(mailboxes.folders(context)).filteredOn(f -> f.role() == FolderRole.ARCHIVE).singleElement()
                .satisfies(f -> assertThat(f.total()).isEqualTo(1));
        assertThat(inbox(mailboxes.folders(context))).isEqualTo(0);
    }

    private static int inbox(List<Folder> folders) {
        return folders.stream().filter(f -> f.role() == FolderRole.INBOX).findFirst().orElseThrow().total();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Paging, sorting and searching the seeded INBOX, against the same server asked directly

    @Test
    void pagesOfTheLargeInboxAreNewestFirstUpToTheLastPage() throws Exception {
        MailContext context = context(seeded);
        long[] uids = directUids(null, false);

        MessagePage first = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false);
        int lastPage = (SEEDED + PAGE - 1) / PAGE - 1;
        MessagePage last = mailboxes.page(context, "INBOX", lastPage, MessageSort.ARRIVAL, false);

        assertThat(first.total()).isEqualTo(SEEDED);
        assertThat(first.pages()).isEqualTo(lastPage + 1);
        assertThat(ids(first)).containsExactlyElementsOf(newestFirst(uids, 0, PAGE));
        assertThat(first.messages()).extracting(MessageSummary::date).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(first.messages()).allSatisfy(m -> {
            assertThat(m.subject()).isNotBlank();
            assertThat(m.size()).isPositive();
        });
        assertThat(last.page()).isEqualTo(lastPage);
        assertThat(ids(last)).containsExactlyElementsOf(newestFirst(uids, lastPage * PAGE, PAGE));
        assertThat(last.messages().getLast().id()).isEqualTo(Long.toString(uids[0]));
        // Beyond the end shows the last page.
        assertThat(mailboxes.page(context, "INBOX", lastPage + 10, MessageSort.ARRIVAL, false).page()).isEqualTo(lastPage);
        // Oldest first.
        assertThat(ids(mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, true)))
                .containsExactlyElementsOf(Arrays.stream(uids, 0, PAGE).mapToObj(Long::toString).toList());
    }

    @Test
    void sortedPagesFollowTheServersSort() throws Exception {
        MailContext context = context(seeded);
        for (var order : List.of(Map.entry(MessageSort.SUBJECT, SortTerm.SUBJECT), Map.entry(MessageSort.SIZE,
                SortTerm.SIZE), Map.entry(MessageSort.FROM, SortTerm.FROM), Map.entry(MessageSort.DATE, SortTerm.DATE))) {
            long[] ascending = directUids(order.getValue(), false);
            for (int page : List.of(0, 7, SEEDED / PAGE - 1)) {
                MessagePage up = mailboxes.page(context, "INBOX", page, order.getKey(), true);
                assertThat(up.sort()).isEqualTo(order.getKey());
                assertThat(ids(up)).as("%s ascending, page %d", order.getKey(), page)
                        .containsExactlyElementsOf(Arrays.stream(ascending, page * PAGE, page * PAGE + PAGE)
                                .mapToObj(Long::toString).toList());
                MessagePage down = mailboxes.page(context, "INBOX", page, order.getKey(), false);
                assertThat(ids(down)).as("%s descending, page %d", order.getKey(), page)
                        .containsExactlyElementsOf(newestFirst(ascending, page * PAGE, PAGE));
            }
        }
        // Sizes really descend on the first page of "largest first".
        assertThat(mailboxes.page(context, "INBOX", 0, MessageSort.SIZE, false).messages())
                .extracting(MessageSummary::size).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void searchesMatchTheServersOwnSearch() throws Exception {
        MailContext context = context(seeded);
        record Case(MessageQuery query, String imap, List<String> words) {
        }
        List<Case> cases = List.of(
                new Case(query("Invoice", null, null, null, null, false), "SUBJECT", List.of("Invoice")),
                new Case(query("회의록", null, null, null, null, false), "SUBJECT", List.of("회의록")),
                new Case(query(null, "alice.walker@example.com", null, null, null, false), "FROM",
                        List.of("alice.walker@example.com")),
                new Case(query(null, "김민준", null, null, null, false), "FROM", List.of("김민준")),
                new Case(query(null, null, "retention policy", null, null, false), "BODY", List.of("retention policy")),
                new Case(query(null, null, null, null, null, true), "UNSEEN", List.of()),
                new Case(query(null, null, null, LocalDate.parse("2024-03-01"), LocalDate.parse("2024-04-01"), false),
                        "SINCE 1-Mar-2024 BEFORE 1-Apr-2024", List.of()),
                new Case(query("Re:", null, null, LocalDate.parse("2025-01-01"), null, true),
                        "SUBJECT", List.of("Re:")));
        for (Case c : cases) {
            long[] expected = directSearch(c.imap(), c.words(), c.query());
            assertThat(expected).as(c.imap() + " " + c.words()).isNotEmpty();
            MessagePage found = mailboxes.search(context, "INBOX", c.query(), 0);
            assertThat(found.total()).as(c.imap() + " " + c.words()).isEqualTo(expected.length);
            assertThat(ids(found)).as(c.imap() + " " + c.words())
                    .containsExactlyElementsOf(newestFirst(expected, 0, PAGE));
            if (expected.length > PAGE) {
                assertThat(ids(mailboxes.search(context, "INBOX", c.query(), 1)))
                        .containsExactlyElementsOf(newestFirst(expected, PAGE, PAGE));
            }
        }
    }

    private static MessageQuery query(String subject, String from, String body, LocalDate since, LocalDate before,
                                      boolean unread) {
        return new MessageQuery(null, from, null, subject, body, since, before, unread, false);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Conversations, reading, downloading

    @Test
    void conversationsComeFromTheServersThreadReferences() throws Exception {
        MailUser mailbox = newMailbox("threads");
        deliver(mailbox, "<a1@t.test>", null, "Trip to Busan", "carol@example.com");
        deliver(mailbox, "<b1@t.test>", null, "Budget 2026", "dave@example.com");
        deliver(mailbox, "<a2@t.test>", "<a1@t.test>", "Re: Trip to Busan", "erin@example.com");
        deliver(mailbox, "<c1@t.test>", null, "Lunch", "frank@example.com");
        deliver(mailbox, "<b2@t.test>", "<b1@t.test>", "Re: Budget 2026", "grace@example.com");
        deliver(mailbox, "<a3@t.test>", "<a1@t.test> <a2@t.test>", "Re: Re: Trip to Busan", "carol@example.com");
        MailContext context = context(mailbox);

        ConversationPage page = mailboxes.conversations(context, "INBOX", 0);

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.conversations()).extracting(c -> c.messages().stream().map(MessageSummary::subject).toList())
                .containsExactly(
                        List.of("Trip to Busan", "Re: Trip to Busan", "Re: Re: Trip to Busan"),
                        List.of("Budget 2026", "Re: Budget 2026"),
                        List.of("Lunch"));
        assertThat(page.conversations().getFirst().participants())
                .containsExactly("carol@example.com", "erin@example.com");
    }

    @Test
    void readsKoreanMailInEucKrWithRawEightBitHeaders() throws Exception {
        MailUser mailbox = newMailbox("korean");
        server.deliver(mailbox.name(), fixture("raw-8bit-euckr.eml"));
        server.deliver(mailbox.name(), fixture("outlook-korean.eml"));
        MailContext context = context(mailbox);
        List<MessageSummary> rows = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, true).messages();

        MessageView view = mailboxes.read(context, "INBOX", rows.getFirst().id(), true);

        assertThat(view.content().headers().subject()).isEqualTo("회의록 송부합니다");
        assertThat(view.content().headers().from()).containsExactly(new MailAddress("홍길동", "hong@example.kr"));
        assertThat(view.content().headers().to()).containsExactly(new MailAddress("김철수", "kim@example.kr"));
        assertThat(view.content().text()).isEqualTo("회의록을 첨부합니다.\n확인 부탁드립니다.\n");
        assertThat(view.content().attachments()).singleElement()
                .satisfies(a -> assertThat(a.filename()).isEqualTo("회의록.hwp"));
        assertThat(view.flags().seen()).isTrue();
        assertThat(mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, true).messages().getFirst().flags().seen())
                .isTrue();
        // The list row (from Dovecot's ENVELOPE, which keeps the raw bytes) decodes the same way.
        assertThat(rows.getFirst().subject()).isEqualTo("회의록 송부합니다");
        assertThat(rows.getFirst().sender()).isEqualTo("홍길동");
        assertThat(rows.get(1).subject()).contains("똠");

        // And through the reading page.
        Cookie session = signIn(mvc, context.user().username(), TestUsers.PASSWORD);
        String page = mvc.perform(get("/mail/" + context.connectionId() + "/message").param("folder", "INBOX")
                        .param("uid", rows.getFirst().id()).cookie(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("회의록 송부합니다").contains("홍길동").contains("회의록.hwp");
        // The text body is shown in the page's sandboxed frame.
        String body = mvc.perform(get("/mail/" + context.connectionId() + "/body").param("folder", "INBOX")
                        .param("uid", rows.getFirst().id()).param("view", "text").cookie(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("확인 부탁드립니다.");
    }

    @Test
    void anAttachmentIsStreamedByteForByteWithoutFetchingItWholeFirst() throws Exception {
        MailUser mailbox = newMailbox("download");
        byte[] file = new byte[8 * 1024 * 1024 + 12_345];
        new Random(42).nextBytes(file);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("sender@example.com");
        message.setSubject("Big file");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("See the attachment.", "UTF-8");
        mixed.addBodyPart(text);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(file, "application/octet-stream")));
        attachment.setFileName("데이터.bin");
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        server.deliver(mailbox.name(), raw.toByteArray());
        MailContext context = context(mailbox);
        String uid = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, false).messages().getFirst().id();
        String partId = mailboxes.read(context, "INBOX", uid, false).content().attachments().getFirst().partId();

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long[] written = new long[1];
        AttachmentInfo[] started = new AttachmentInfo[1];
        mailboxes.download(context, "INBOX", uid, partId, true, info -> {
            started[0] = info;
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                    written[0] += len;
                }
            };
        });

        assertThat(started[0].filename()).isEqualTo("데이터.bin");
        assertThat(written[0]).isEqualTo(file.length);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(file));

        // A download stopped after its first bytes has made the server send only a little of the part: it is fetched
        // in pieces as it is written out, not read whole first. Dovecot logs what each session sent (out=); the
        // completed download's own connection (base64: 4/3 of the file) is logged first.
        List<Long> sent = awaitLoggedOut(mailbox, 0, out -> out > file.length);
        int before = sent.size();
        assertThatThrownBy(() -> mailboxes.download(context, "INBOX", uid, partId, false, info -> new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("client went away");
            }
        })).isInstanceOf(UncheckedIOException.class);
        sent = awaitLoggedOut(mailbox, before, out -> true);
        assertThat(sent.getLast()).as("bytes Dovecot sent for the abandoned download").isLessThan(1024 * 1024);
    }

    /** Waits until Dovecot has logged a session of the mailbox after the first {@code skip} that matches. */
    private List<Long> awaitLoggedOut(MailUser mailbox, int skip, java.util.function.LongPredicate matching)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Long> sent = sessionsLoggedOut(mailbox);
            if (sent.stream().skip(skip).anyMatch(matching::test)) {
                return sent;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Dovecot logged no such session of " + mailbox.name() + ": " + sent);
            }
            Thread.sleep(50);
        }
    }

    /** Bytes sent ("out=") by each of the mailbox's IMAP sessions that has ended, in log order. */
    private List<Long> sessionsLoggedOut(MailUser mailbox) throws IOException {
        Path log = server.servers().logDirectory().resolve("dovecot.log");
        Pattern line = Pattern.compile("imap\\(" + Pattern.quote(mailbox.name()) + "\\).* out=(\\d+)");
        List<Long> sent = new ArrayList<>();
        for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(text);
            if (m.find()) {
                sent.add(Long.parseLong(m.group(1)));
            }
        }
        return sent;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Changing the mailbox

    @Test
    void deletingMovesToTrashAndDeletingInTrashExpunges() throws Exception {
        MailUser mailbox = newMailbox("trash");
        for (int i = 1; i <= 4; i++) {
            server.deliver(mailbox.name(), MailClients.textMessage("s@example.com", mailbox.address(), "Note " + i, "n\n"));
        }
        MailContext context = context(mailbox);
        List<MessageSummary> rows = mailboxes.page(context, "INBOX", 0, MessageSort.ARRIVAL, true).messages();

        assertThat(mailboxes.delete(context, "INBOX", List.of(rows.get(0).id(), rows.get(1).id()))).isFalse();
        mailboxes.move(context, "INBOX", List.of(rows.get(2).id()), "Archive");

        assertThat(directSubjects(mailbox, "INBOX")).containsExactly("Note 4");
        assertThat(directSubjects(mailbox, "Trash")).containsExactlyInAnyOrder("Note 1", "Note 2");
        assertThat(directSubjects(mailbox, "Archive")).containsExactly("Note 3");
        MessagePage trash = mailboxes.page(context, "Trash", 0, MessageSort.ARRIVAL, true);
        assertThat(trash.total()).isEqualTo(2);

        assertThat(mailboxes.delete(context, "Trash", List.of(trash.messages().getFirst().id()))).isTrue();

        // Expunged, not merely flagged \Deleted.
        assertThat(directSubjects(mailbox, "Trash")).containsExactly("Note 2");
        assertThat(mailboxes.page(context, "Trash", 0, MessageSort.ARRIVAL, false).total()).isEqualTo(1);
        assertThat(mailboxes.folders(context)).filteredOn(f -> f.role() == FolderRole.TRASH).singleElement()
                .satisfies(f -> assertThat(f.total()).isEqualTo(1));
    }

    @Test
    void aWatchHearsOfMailDeliveredThroughPostfixAtOnce() throws Exception {
        MailUser mailbox = newMailbox("watch");
        MailUser sender = newMailbox("pusher");
        MailContext context = context(mailbox);
        BlockingQueue<FolderCounts> heard = new LinkedBlockingQueue<>();

        try (MailWatch watch = mailboxes.watch(context, "INBOX", heard::add)) {
            FolderCounts first = heard.poll(20, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(new FolderCounts("INBOX", 0, 0));
            long sentAt = System.nanoTime();
            MailClients.submit(server, sender, MailClients.textMessage(sender.address(), mailbox.address(),
                    "Pushed", "Hello\n"));

            FolderCounts next = heard.poll(ARRIVAL.toSeconds(), TimeUnit.SECONDS);

            assertThat(next).isEqualTo(new FolderCounts("INBOX", 1, 1));
            // IDLE, not the 30-second poll: the news comes as soon as Postfix has handed the mail to Dovecot.
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(15));
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Submission

    @Test
    void sendsThroughPostfixWithAuthDeliveringToTheRecipientAndKeepingACopyInSent() throws Exception {
        MailUser sender = newMailbox("sender");
        MailUser recipient = newMailbox("recipient");
        MailContext context = context(sender);
        Draft draft = new Draft(submission.identity(context), List.of(new MailAddress("받는 사람", recipient.address())),
                List.of(), List.of(), "분기 보고서 — Q2", "안녕하세요,\n보고서를 첨부합니다.\n", null,
                List.of(new DraftAttachment("보고서.txt", "text/plain", -1,
                        () -> new java.io.ByteArrayInputStream("숫자들".getBytes(StandardCharsets.UTF_8)))),
                null, List.of());

        Sent sent = submission.send(context, draft, null);

        assertThat(sent.savedToSent()).isTrue();
        MimeMessage arrived = awaitMessage(recipient, "INBOX", sent.messageId());
        assertThat(arrived.getSubject()).isEqualTo("분기 보고서 — Q2");
        assertThat(arrived.getFrom()[0].toString()).contains(sender.address());
        MimeMessage copy = awaitMessage(sender, "Sent", sent.messageId());
        assertThat(copy.getFlags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(mailboxes.page(context, "Sent", 0, MessageSort.ARRIVAL, false).messages())
                .extracting(MessageSummary::subject).containsExactly("분기 보고서 — Q2");
        MailContext recipientContext = context(recipient);
        String uid = mailboxes.page(recipientContext, "INBOX", 0, MessageSort.ARRIVAL, false).messages().getFirst().id();
        MessageView view = mailboxes.read(recipientContext, "INBOX", uid, false);
        assertThat(view.content().text()).contains("보고서를 첨부합니다.");
        assertThat(view.content().attachments()).extracting(AttachmentInfo::filename).containsExactly("보고서.txt");
    }

    /**
     * Postfix refuses every recipient at RCPT of a client that has not authenticated ("554 5.7.1 ... Access denied"):
     * a connection whose AUTH is off is refused there and then, so the draft is kept and the user sees the reply. (An
     * unknown user of the local domain would not do: Postfix takes it and bounces it later, after Dovecot's LMTP said
     * no, so that the sender finds a bounce in the INBOX instead.)
     */
    @Test
    void aRecipientRefusedAtRcptKeepsTheDraftWithPostfixsReply() throws Exception {
        MailUser sender = newMailbox("refused");
        MailUser recipient = newMailbox("unreached");
        MailContext context = context(sender, Security.NONE, server.imapPort(), false);
        Draft draft = new Draft(submission.identity(context), List.of(new MailAddress(null, recipient.address())),
                List.of(), List.of(), "Kept safe", "Do not lose me", null, List.of(), null, List.of());

        assertThatThrownBy(() -> submission.send(context, draft, null)).isInstanceOfSatisfying(MailRejected.class,
                rejected -> {
                    assertThat(rejected.serverReply()).contains("554").contains("Access denied");
                    assertThat(rejected.draftId()).isNotBlank();
                });

        MimeMessage kept = directMessages(sender, "Drafts").getFirst();
        assertThat(kept.getSubject()).isEqualTo("Kept safe");
        assertThat(kept.getFlags().contains(Flags.Flag.DRAFT)).isTrue();
        assertThat(directMessages(sender, "Sent")).isEmpty();
        assertThat(server.messages(recipient.name(), "INBOX")).isEmpty();
    }

    /**
     * An authenticated message too large for Postfix (its default message_size_limit, 10,240,000 bytes) is refused
     * too: at the end of DATA, as Angus does not announce the size in MAIL FROM.
     */
    @Test
    void aMessageOverPostfixsSizeLimitIsRefusedAndKeptAsADraft() throws Exception {
        MailUser sender = newMailbox("large");
        MailUser recipient = newMailbox("toolarge");
        MailContext context = context(sender);
        byte[] file = new byte[11 * 1024 * 1024];
        new Random(7).nextBytes(file);
        Draft draft = new Draft(submission.identity(context), List.of(new MailAddress(null, recipient.address())),
                List.of(), List.of(), "Too large", "See attached", null,
                List.of(new DraftAttachment("big.bin", "application/octet-stream", file.length,
                        () -> new java.io.ByteArrayInputStream(file))), null, List.of());

        assertThatThrownBy(() -> submission.send(context, draft, null)).isInstanceOfSatisfying(MailRejected.class,
                rejected -> {
                    assertThat(rejected.serverReply()).contains("552").contains("too big");
                    assertThat(rejected.draftId()).isNotBlank();
                });
        assertThat(directMessages(sender, "Drafts")).singleElement()
                .satisfies(kept -> assertThat(kept.getSubject()).isEqualTo("Too large"));
        assertThat(server.messages(recipient.name(), "INBOX")).isEmpty();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // TLS

    @Test
    void tlsToTheSelfSignedCertificateFailsAsTlsFailedOverImapsAndStartTls() {
        MailUser mailbox = newMailbox("tls");
        for (var setting : List.of(Map.entry(Security.TLS, server.imapsPort()),
                Map.entry(Security.STARTTLS, server.imapPort()))) {
            MailContext context = context(mailbox, setting.getKey(), setting.getValue(), true);

            assertThatThrownBy(() -> mailboxes.folders(context)).as(setting.getKey().name())
                    .isInstanceOfSatisfying(MailUnavailable.class,
                            failure -> assertThat(failure.status()).isEqualTo(UpstreamStatus.TLS_FAILED));
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Direct access to the same server, with plain Angus Mail

    private static List<String> ids(MessagePage page) {
        return page.messages().stream().map(MessageSummary::id).toList();
    }

    /** From the end of an ascending list: {@code count} UIDs starting {@code from} places before its end. */
    private static List<String> newestFirst(long[] ascending, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = ascending.length - 1 - from; i >= 0 && ids.size() < count; i--) {
            ids.add(Long.toString(ascending[i]));
        }
        return ids;
    }

    /** The seeded INBOX's UIDs in arrival order, or in the server's SORT order by {@code sort}. */
    private long[] directUids(SortTerm sort, boolean reverse) throws MessagingException {
        try (Store store = MailClients.imap(server, seeded)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            try {
                Message[] messages = sort == null ? inbox.getMessages()
                        : inbox.getSortedMessages(reverse ? new SortTerm[]{SortTerm.REVERSE, sort} : new SortTerm[]{sort});
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                inbox.fetch(messages, uids);
                long[] result = new long[messages.length];
                for (int i = 0; i < messages.length; i++) {
                    result[i] = inbox.getUID(messages[i]);
                }
                return result;
            } finally {
                inbox.close(false);
            }
        }
    }

    /**
     * A UID SEARCH written out by hand (not by Angus's search terms, which Postern uses): the key with its words as
     * UTF-8 literals, then the query's flag and date keys; the matching UIDs in ascending order.
     */
    private long[] directSearch(String key, List<String> words, MessageQuery query) throws MessagingException {
        try (Store store = MailClients.imap(server, seeded)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            try {
                Response[] responses = (Response[]) inbox.doCommand(p -> {
                    Argument args = new Argument();
                    args.writeAtom("CHARSET");
                    args.writeAtom("UTF-8");
                    if (words.isEmpty()) {
                        for (String atom : key.split(" ")) {
                            args.writeAtom(atom);
                        }
                    } else {
                        args.writeAtom(key);
                        for (String word : words) {
                            args.writeBytes(word.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    if (!words.isEmpty() && query.unreadOnly()) {
                        args.writeAtom("UNSEEN");
                    }
                    if (!words.isEmpty() && query.since() != null) {
                        args.writeAtom("SINCE");
                        args.writeAtom(query.since().getDayOfMonth() + "-"
                                + query.since().getMonth().getDisplayName(java.time.format.TextStyle.SHORT,
                                java.util.Locale.US) + "-" + query.since().getYear());
                    }
                    Response[] r = p.command("UID SEARCH", args);
                    p.handleResult(r[r.length - 1]);
                    return r;
                });
                List<Long> uids = new ArrayList<>();
                for (Response response : responses) {
                    if (response instanceof IMAPResponse untagged && untagged.keyEquals("SEARCH")) {
                        String number;
                        while ((number = untagged.readAtom()) != null && !number.isEmpty()) {
                            uids.add(Long.parseLong(number));
                        }
                    }
                }
                return uids.stream().mapToLong(Long::longValue).sorted().toArray();
            } finally {
                inbox.close(false);
            }
        }
    }

    private List<MimeMessage> directMessages(MailUser mailbox, String folder) throws MessagingException {
        try (Store store = MailClients.imap(server, mailbox)) {
            jakarta.mail.Folder open = store.getFolder(folder);
            open.open(jakarta.mail.Folder.READ_ONLY);
            try {
                List<MimeMessage> copies = new ArrayList<>();
                for (Message message : open.getMessages()) {
                    MimeMessage copy = new MimeMessage((MimeMessage) message);
                    copy.setFlags(message.getFlags(), true);
                    copies.add(copy);
                }
                return copies;
            } finally {
                open.close(false);
            }
        }
    }

    private List<String> directSubjects(MailUser mailbox, String folder) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : directMessages(mailbox, folder)) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    private MimeMessage awaitMessage(MailUser mailbox, String folder, String messageId) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (true) {
            for (MimeMessage message : directMessages(mailbox, folder)) {
                if (messageId.equals(message.getMessageID())) {
                    return message;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(messageId + " did not arrive in " + mailbox.name() + "/" + folder + "; "
                        + server);
            }
            Thread.sleep(100);
        }
    }

    private void deliver(MailUser mailbox, String messageId, String references, String subject, String from)
            throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, mailbox.address());
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new java.util.Date());
        if (references != null) {
            message.setHeader("In-Reply-To", references.substring(references.lastIndexOf('<')));
            message.setHeader("References", references);
        }
        message.setText(subject + "\n", "UTF-8");
        message.saveChanges();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        server.deliver(mailbox.name(), bytes.toByteArray());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = DovecotMailIntegrationTests.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
