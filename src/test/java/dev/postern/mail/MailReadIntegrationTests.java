package dev.postern.mail;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Reading messages through the pages: the text, the HTML in its frame, attachments, inline images and the source. */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailReadIntegrationTests {

    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

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
    CurrentUser user;
    Cookie session;
    ConnectionProfile imap;

    @BeforeAll
    void startServer() throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        Session mail = Session.getInstance(new Properties());
        MimeMessage html = new MimeMessage(mail);
        html.setFrom("news@example.test");
        html.setRecipients(Message.RecipientType.TO, GreenMailAccount.ADDRESS);
        html.setSubject("Newsletter <script>", "UTF-8");
        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent("<p onclick=\"steal()\">Hello <b>reader</b></p><script>alert(1)</script>"
                + "<img src=\"cid:logo@x\"><img src=\"https://tracker.example/pixel.png\">"
                + "<a href=\"javascript:alert(2)\">bad</a><a href=\"https://example.org/\">good</a>", "text/html; charset=UTF-8");
        related.addBodyPart(body);
        MimeBodyPart logo = new MimeBodyPart();
        logo.setDataHandler(new DataHandler(new ByteArrayDataSource(PNG, "image/png")));
        logo.setContentID("<logo@x>");
        logo.setDisposition("inline");
        related.addBodyPart(logo);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart wrapper = new MimeBodyPart();
        wrapper.setContent(related);
        mixed.addBodyPart(wrapper);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource("분기 실적".getBytes(StandardCharsets.UTF_8),
                "application/pdf")));
        attachment.setFileName(jakarta.mail.internet.MimeUtility.encodeText("분기 보고서.pdf", "UTF-8", "B"));
        mixed.addBodyPart(attachment);
        html.setContent(mixed);
        server.deliver(html);

        MimeMessage text = new MimeMessage(mail);
        text.setFrom("friend@example.test");
        text.setSubject("Plain <b>text</b>");
        text.setText("See https://example.org/page and <script>alert(3)</script>", "UTF-8");
        server.deliver(text);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void signInWithAConnection() throws Exception {
        String name = TestUsers.create(accounts, "reader");
        user = TestUsers.as(accounts, name);
        session = signIn(mvc, name, TestUsers.PASSWORD);
        imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
    }

    private String uid(String subjectStart) {
        return mailboxes.page(new MailContext(user, "probe", imap.id()), "INBOX", 0, MessageSort.ARRIVAL, false)
                .messages().stream().filter(m -> m.subject().startsWith(subjectStart)).findFirst().orElseThrow().id();
    }

    @Test
    void aTextMessageIsShownEscapedWithItsLinksClickableAndMarkedRead() throws Exception {
        String uid = uid("Plain");
        mvc.perform(get("/mail/" + imap.id() + "/message").param("folder", "INBOX").param("uid", uid).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Plain &lt;b&gt;text&lt;/b&gt;")))
                .andExpect(content().string(containsString("view=text")))
                .andExpect(content().string(not(containsString("alert(3)"))));
        // The text, made HTML with style attributes, is shown in the frame, whose policy allows them.
        mvc.perform(get("/mail/" + imap.id() + "/body").param("folder", "INBOX").param("uid", uid)
                        .param("view", "text").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
                .andExpect(content().string(containsString("href=\"https://example.org/page\"")))
                .andExpect(content().string(containsString("&lt;script&gt;alert(3)")))
                .andExpect(content().string(not(containsString("<script>alert(3)"))));
        assertThat(mailboxes.read(new MailContext(user, "probe", imap.id()), "INBOX", uid, false).flags().seen()).isTrue();
    }

    @Test
    void anHtmlMessageIsShownInASandboxedFrameWithItsOwnPolicyAndNothingThatRuns() throws Exception {
        String uid = uid("Newsletter");
        mvc.perform(get("/mail/" + imap.id() + "/message").param("folder", "INBOX").param("uid", uid).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("sandbox=\"allow-same-origin allow-popups allow-popups-to-escape-sandbox\"")))
                .andExpect(content().string(containsString("Remote images (1) were not loaded")))
                .andExpect(content().string(containsString("분기 보고서.pdf")))
                .andExpect(content().string(containsString("Newsletter &lt;script&gt;")));
        MvcResult frame = mvc.perform(get("/mail/" + imap.id() + "/body").param("folder", "INBOX").param("uid", uid)
                        .cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
                .andExpect(header().string("Content-Security-Policy", containsString("sandbox")))
                .andExpect(header().string("X-Frame-Options", "SAMEORIGIN"))
                .andReturn();
        String document = frame.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(document).contains("Hello <b>reader</b>").contains("href=\"https://example.org/\"")
                .doesNotContain("<script").doesNotContain("onclick").doesNotContain("javascript:")
                .doesNotContain("tracker.example").contains("/inline?");
    }

    @Test
    void remoteImagesGoThroughTheSignedProxyOnlyWhenAskedForAndThatIsAudited() throws Exception {
        String uid = uid("Newsletter");
        String document = mvc.perform(get("/mail/" + imap.id() + "/body").param("folder", "INBOX").param("uid", uid)
                        .param("images", "true").cookie(session))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(document).contains("/image?u&#61;https%3A%2F%2Ftracker.example%2Fpixel.png&amp;s&#61;");
        mvc.perform(get("/mail/" + imap.id() + "/image").param("u", "https://tracker.example/pixel.png")
                        .param("s", "forged").cookie(session))
                .andExpect(status().isNotFound());
        mvc.perform(get("/mail/" + imap.id() + "/message").param("folder", "INBOX").param("uid", uid)
                .param("images", "true").cookie(session)).andExpect(status().isOk());
        assertThat(audit.search(new AuditQuery(user.username(), MailActions.REMOTE_IMAGES_LOADED, null, null, null, 0,
                10)).events()).hasSize(1);
    }

    @Test
    void attachmentsDownloadWithTheirKoreanNamesAndAreAudited() throws Exception {
        String uid = uid("Newsletter");
        MailContext context = new MailContext(user, "probe", imap.id());
        String part = mailboxes.read(context, "INBOX", uid, false).content().attachments().getFirst().partId();
        MvcResult download = mvc.perform(get("/mail/" + imap.id() + "/attachment").param("folder", "INBOX")
                        .param("uid", uid).param("part", part).cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(header().string("Content-Disposition",
                        containsString("filename*=UTF-8''%EB%B6%84%EA%B8%B0%20%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Security-Policy", "default-src 'none'; sandbox"))
                .andReturn();
        assertThat(download.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo("분기 실적");
        assertThat(audit.search(new AuditQuery(user.username(), MailActions.ATTACHMENT_DOWNLOADED, null, null, null, 0,
                10)).events()).singleElement().satisfies(e -> assertThat(e.bytes()).isEqualTo(13));
        mvc.perform(get("/mail/" + imap.id() + "/attachment").param("folder", "INBOX").param("uid", uid)
                .param("part", "../1").cookie(session)).andExpect(status().isBadRequest());
        mvc.perform(get("/mail/" + imap.id() + "/attachment").param("folder", "INBOX").param("uid", uid)
                .param("part", "9").cookie(session)).andExpect(status().isNotFound());
    }

    @Test
    void inlineImagesAreServedAsImagesAndTheSourceAsAFile() throws Exception {
        String uid = uid("Newsletter");
        mvc.perform(get("/mail/" + imap.id() + "/inline").param("folder", "INBOX").param("uid", uid)
                        .param("cid", "logo@x").cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(content().bytes(PNG));
        mvc.perform(get("/mail/" + imap.id() + "/source").param("folder", "INBOX").param("uid", uid).cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString(".eml")))
                .andExpect(content().string(containsString("Subject: Newsletter")));
    }

    @Test
    void anotherUserCannotReadOrDownload() throws Exception {
        String uid = uid("Newsletter");
        Cookie stranger = signIn(mvc, TestUsers.create(accounts, "snoop"), TestUsers.PASSWORD);
        mvc.perform(get("/mail/" + imap.id() + "/message").param("folder", "INBOX").param("uid", uid).cookie(stranger))
                .andExpect(status().isNotFound());
        mvc.perform(get("/mail/" + imap.id() + "/attachment").param("folder", "INBOX").param("uid", uid)
                .param("part", "2").cookie(stranger)).andExpect(status().isNotFound());
    }
}
