package dev.postern.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.testing.Requests.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Writing and sending through the compose page, against GreenMail's SMTP and IMAP (and a server that refuses). */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailComposeIntegrationTests {

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

    @Autowired
    AuditLog audit;

    GreenMailAccount server;
    RefusingSmtpServer refusing;
    long refusingRule;
    CurrentUser user;
    Cookie session;
    ConnectionProfile imap;

    @BeforeAll
    void startServers() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        server.greenMail.setUser("bob@example.test", "bob", "Bob-Mail-Pa55");
        refusing = new RefusingSmtpServer();
        refusingRule = policy.addRule(Protocol.SMTP, "127.0.0.1", refusing.port(), refusing.port(), "refusing",
                TestUsers.admin(accounts)).id();
    }

    @AfterAll
    void stopServers() throws Exception {
        policy.removeRule(refusingRule, TestUsers.admin(accounts));
        refusing.close();
        server.close();
    }

    @BeforeEach
    void signInWithAConnection() throws Exception {
        String name = TestUsers.create(accounts, "writer");
        user = TestUsers.as(accounts, name);
        session = signIn(mvc, name, TestUsers.PASSWORD);
        imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
    }

    private MailContext context() {
        return new MailContext(user, "probe-" + user.username(), imap.id());
    }

    private String composeId() throws Exception {
        String page = mvc.perform(get("/mail/" + imap.id() + "/compose").cookie(session))
                .andReturn().getResponse().getContentAsString();
        return page.replaceAll("(?s).*name=\"compose\" value=\"([0-9a-f-]{36})\".*", "$1");
    }

    private MockMultipartHttpServletRequestBuilder form(String compose) {
        return (MockMultipartHttpServletRequestBuilder) multipart("/mail/" + imap.id() + "/compose").cookie(session)
                .with(csrf()).param("compose", compose);
    }

    private MimeMessage receivedBySubject(String subject) throws Exception {
        for (MimeMessage message : server.greenMail.getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                return message;
            }
        }
        throw new AssertionError("not received: " + subject);
    }

    @Test
    void sendsAKoreanMessageWithAnAttachmentKeepsACopyInSentAndAuditsWithoutTheSubject() throws Exception {
        String compose = composeId();
        byte[] file = "보고서 내용".getBytes(StandardCharsets.UTF_8);
        mvc.perform(form(compose).file(new MockMultipartFile("upload", "분기 보고서 2026.pdf", "application/pdf", file))
                        .param("to", "\"김철수\" <bob@example.test>").param("subject", "분기 보고서 보냅니다")
                        .param("body", "안녕하세요,\n첨부를 확인해 주세요.").param("action", "send"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));

        MimeMessage received = receivedBySubject("분기 보고서 보냅니다");
        Multipart parts = (Multipart) received.getContent();
        Part attachment = parts.getBodyPart(1);
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(attachment.getFileName())).isEqualTo("분기 보고서 2026.pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(file);
        assertThat(received.getHeader("Bcc")).isNull();

        Folder sent = mailboxes.folder(context(), FolderRole.SENT);
        assertThat(sent).isNotNull();
        assertThat(mailboxes.page(context(), sent.fullName(), 0, MessageSort.ARRIVAL, false).messages())
                .anySatisfy(m -> assertThat(m.subject()).isEqualTo("분기 보고서 보냅니다"));
        List<AuditEvent> events = audit.search(new AuditQuery(user.username(), MailActions.SENT, null, null, null, 0, 10))
                .events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.detail()).containsEntry("recipients", 1).containsEntry("sender", GreenMailAccount.ADDRESS)
                    .containsKey("messageId");
            assertThat(e.bytes()).isGreaterThan(file.length);
            assertThat(e.detail().toString()).doesNotContain("분기");
        });
        mvc.perform(get("/mail/" + imap.id() + "/compose/addresses").param("q", "bob").cookie(session))
                .andExpect(content().string(containsString("bob@example.test")));
    }

    @Test
    void aRefusedMessageStaysInComposeWithTheServersReplyAndIsKeptInDrafts() throws Exception {
        ConnectionDraft refused = new ConnectionDraft(dev.postern.upstream.ConnectionKind.MAIL, "Refusing", "127.0.0.1",
                server.imapPort, Security.NONE, GreenMailAccount.LOGIN, GreenMailAccount.PASSWORD, false,
                new ConnectionOptions.Mail(RetrievalProtocol.IMAP, "127.0.0.1", refusing.port(), Security.NONE, false,
                        "Alice", GreenMailAccount.ADDRESS));
        imap = connections.create(refused, user);
        String compose = composeId();
        MvcResult result = mvc.perform(form(compose).param("to", "nobody@example.test").param("subject", "Kept safe")
                        .param("body", "Do not lose me").param("action", "send"))
                .andExpect(status().isOk()).andReturn();
        String page = result.getResponse().getContentAsString();
        assertThat(page).contains("550 5.1.1").contains("Do not lose me").contains("nobody@example.test");
        Folder drafts = mailboxes.folder(context(), FolderRole.DRAFTS);
        assertThat(mailboxes.page(context(), drafts.fullName(), 0, MessageSort.ARRIVAL, false).messages())
                .anySatisfy(m -> assertThat(m.subject()).isEqualTo("Kept safe"));
        assertThat(audit.search(new AuditQuery(user.username(), MailActions.SEND_FAILED, null, null, null, 0, 10))
                .events()).singleElement().satisfies(e -> assertThat(e.detail().get("reply").toString()).contains("550"));
    }

    @Test
    void aReplyQuotesTheOriginalThreadsItAndMarksItAnswered() throws Exception {
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()));
        original.setFrom("carol@example.test");
        original.setRecipients(Message.RecipientType.TO, GreenMailAccount.ADDRESS);
        original.setSubject("Lunch?");
        original.setHeader("Message-ID", "<lunch-1@example.test>");
        original.setText("Shall we meet at noon?");
        server.deliver(original);
        String uid = mailboxes.page(context(), "INBOX", 0, MessageSort.ARRIVAL, false).messages().stream()
                .filter(m -> m.subject().equals("Lunch?")).findFirst().orElseThrow().id();
        String page = mvc.perform(get("/mail/" + imap.id() + "/compose").param("reply", uid).param("folder", "INBOX")
                .cookie(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("carol@example.test").contains("Re: Lunch?").contains("&gt; Shall we meet at noon?");
        String compose = page.replaceAll("(?s).*name=\"compose\" value=\"([0-9a-f-]{36})\".*", "$1");
        mvc.perform(form(compose).param("to", "bob@example.test").param("subject", "Re: Lunch?")
                        .param("body", "Yes!").param("inReplyTo", "<lunch-1@example.test>")
                        .param("references", "<lunch-1@example.test>").param("answeredFolder", "INBOX")
                        .param("answeredId", uid).param("action", "send"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));
        MimeMessage reply = receivedBySubject("Re: Lunch?");
        assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo("<lunch-1@example.test>");
        assertThat(mailboxes.read(context(), "INBOX", uid, false).flags().answered()).isTrue();
    }

    @Test
    void aDraftIsSavedReopenedAndReplacedThenGoneOnceSent() throws Exception {
        String compose = composeId();
        String page = mvc.perform(form(compose).param("to", "bob@example.test").param("subject", "Draft one")
                        .param("body", "first words").param("action", "save"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String draftId = page.replaceAll("(?s).*name=\"draftId\" value=\"(\\d+)\".*", "$1");
        assertThat(draftId).matches("\\d+");
        String drafts = mailboxes.folder(context(), FolderRole.DRAFTS).fullName();
        String reopened = mvc.perform(get("/mail/" + imap.id() + "/compose").param("draft", draftId)
                .param("folder", drafts).cookie(session)).andReturn().getResponse().getContentAsString();
        assertThat(reopened).contains("Draft one").contains("first words");
        String saved = mvc.perform(post("/mail/" + imap.id() + "/compose/autosave").cookie(session).with(csrf())
                        .param("compose", compose).param("draftId", draftId).param("to", "bob@example.test")
                        .param("subject", "Draft two").param("body", "more words"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String newId = saved.replaceAll(".*\"draftId\":\"(\\d+)\".*", "$1");
        assertThat(mailboxes.page(context(), drafts, 0, MessageSort.ARRIVAL, false).messages())
                .extracting(MessageSummary::subject).contains("Draft two").doesNotContain("Draft one");
        mvc.perform(form(compose).param("draftId", newId).param("to", "bob@example.test").param("subject", "Draft two")
                        .param("body", "more words").param("action", "send"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));
        assertThat(mailboxes.page(context(), drafts, 0, MessageSort.ARRIVAL, false).messages())
                .extracting(MessageSummary::subject).doesNotContain("Draft two");
    }

    @Test
    void anAutosaveRacingTheSendLeavesNoDraftBehind() throws Exception {
        String compose = composeId();
        String drafts = mailboxes.folder(context(), FolderRole.DRAFTS).fullName();
        String first = autosave(compose, "", "Racing draft");
        // An autosave the server gets just before the send: the page has not learnt its new id yet, so the send
        // names the first draft only.
        autosave(compose, first, "Racing draft");
        mvc.perform(form(compose).param("draftId", first).param("to", "bob@example.test")
                        .param("subject", "Racing draft").param("body", "words").param("action", "send"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));
        // And one that was still on its way: it keeps nothing.
        assertThat(autosave(compose, first, "Racing draft")).isEmpty();
        assertThat(mailboxes.page(context(), drafts, 0, MessageSort.ARRIVAL, false).messages())
                .extracting(MessageSummary::subject).doesNotContain("Racing draft");
        receivedBySubject("Racing draft");
    }

    @Test
    void aDiscardedWindowKeepsNoDraftEvenFromALateAutosave() throws Exception {
        String compose = composeId();
        String drafts = mailboxes.folder(context(), FolderRole.DRAFTS).fullName();
        String first = autosave(compose, "", "Given up");
        autosave(compose, first, "Given up");
        mvc.perform(form(compose).param("draftId", first).param("to", "bob@example.test")
                        .param("subject", "Given up").param("action", "discard"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));
        assertThat(autosave(compose, first, "Given up")).isEmpty();
        assertThat(mailboxes.page(context(), drafts, 0, MessageSort.ARRIVAL, false).messages())
                .extracting(MessageSummary::subject).doesNotContain("Given up");
    }

    /** Autosaves the window as the compose page's script does; answers the draft id the server gave back. */
    private String autosave(String compose, String draftId, String subject) throws Exception {
        String saved = mvc.perform(post("/mail/" + imap.id() + "/compose/autosave").cookie(session).with(csrf())
                        .param("compose", compose).param("draftId", draftId).param("to", "bob@example.test")
                        .param("subject", subject).param("body", "words"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return saved.replaceAll(".*\"draftId\":\"(\\d*)\".*", "$1");
    }

    @Test
    void richTextIsSentAsAlternativeToPlainTextAndSanitisedFirst() throws Exception {
        String compose = composeId();
        mvc.perform(form(compose).param("to", "bob@example.test").param("subject", "Rich one").param("body", "")
                        .param("html", "<p>Hello <b>bold</b> <a href=\"https://example.org/\">link</a></p>"
                                + "<script>alert(1)</script><img src=\"https://tracker.example/p.png\" onerror=\"x()\">")
                        .param("action", "send"))
                .andExpect(redirectedUrl("/mail/" + imap.id()));
        MimeMessage received = receivedBySubject("Rich one");
        assertThat(received.isMimeType("multipart/alternative")).isTrue();
        Multipart alternative = (Multipart) received.getContent();
        String plain = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        assertThat(plain).contains("Hello bold link");
        assertThat(html).contains("<b>bold</b>").contains("https://example.org/")
                .doesNotContain("<script").doesNotContain("onerror").doesNotContain("tracker.example");
    }

    @Test
    void hostileHeadersAndBadAddressesAreRefusedBesideTheirFieldsAndNothingIsSent() throws Exception {
        int before = server.greenMail.getReceivedMessages().length;
        String compose = composeId();
        mvc.perform(form(compose).param("to", "bob@example.test, not an address").param("subject", "x")
                        .param("action", "send"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("is not a mail address")));
        mvc.perform(form(compose).param("to", "bob@example.test").param("subject", "Hi\r\nBcc: victim@example.test")
                        .param("action", "send"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Line breaks are not allowed here.")));
        mvc.perform(form(compose).param("subject", "nobody").param("action", "send"))
                .andExpect(content().string(containsString("Add at least one recipient.")));
        assertThat(server.greenMail.getReceivedMessages()).hasSize(before);
    }
}
