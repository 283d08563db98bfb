package dev.postern.mail.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.mail.web.TestMailbox.folder;
import static dev.postern.mail.web.TestMailbox.subject;
import static dev.postern.mail.web.TestMailbox.subjects;
import static org.assertj.core.api.Assertions.assertThat;

/** Writing mail in a real browser, against GreenMail: a new message with an attachment, a reply, drafts. */
@PosternBrowserTest
@Timeout(120)
class ComposeBrowserTests {

    private static final By SEND = By.cssSelector("#compose-form button[value=send]");
    private static final By SAVE = By.cssSelector("#compose-form button[value=save]");

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    TestMailbox mailbox;
    Path files;

    @BeforeEach
    void start() throws Exception {
        mailbox = new TestMailbox(policy, accounts, connections, "writer");
        mailbox.server.greenMail.setUser("bob@example.test", "bob", "Bob-Mail-Pa55");
        files = Files.createTempDirectory("postern-upload");
    }

    @AfterEach
    void stop() throws Exception {
        mailbox.close();
        try (Stream<Path> all = Files.walk(files)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private List<MimeMessage> receivedBy(String login) {
        return mailbox.server.greenMail.findReceivedMessages(user -> user.getLogin().equals(login), m -> true)
                .toList();
    }

    private String autosaveStatus() {
        return (String) browser.script("return document.getElementById('autosave-status').textContent");
    }

    private void compose() {
        browser.follow(By.cssSelector(".mail-sidebar a.compose"));
        assertThat(browser.heading()).isEqualTo(browser.message("mail.compose.title"));
    }

    @Test
    void sendsAMessageWithAKoreanNamedAttachmentAndKeepsACopyInSent() throws Exception {
        byte[] content = new byte[150_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(files.resolve("분기 보고서 2026.pdf"), content);
        mailbox.signInAndOpen(browser);
        compose();

        browser.fill("to", "Bob <bob@example.test>");
        browser.fill("subject", "분기 보고서 보냅니다");
        browser.fill("body", "안녕하세요,\n첨부를 확인해 주세요.");
        browser.chooseFile("upload", file);
        browser.follow(SEND);

        assertThat(browser.path()).isEqualTo(mailbox.path());
        assertThat(browser.notice()).isEqualTo(browser.message("mail.sentAndSaved", 1));
        assertThat(receivedBy("bob")).singleElement().satisfies(received -> {
            assertThat(received.getSubject()).isEqualTo("분기 보고서 보냅니다");
            Multipart parts = (Multipart) received.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                    .contains("안녕하세요,\n첨부를 확인해 주세요.");
            Part attachment = parts.getBodyPart(1);
            assertThat(MimeUtility.decodeText(attachment.getFileName())).isEqualTo("분기 보고서 2026.pdf");
            assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(content);
        });

        assertThat(browser.present(folder("Drafts"))).as("no draft left behind").isFalse();
        browser.follow(folder("Sent"));
        assertThat(browser.heading()).isEqualTo(browser.message("mail.role.SENT"));
        assertThat(browser.texts(subjects())).containsExactly("분기 보고서 보냅니다");
        assertThat(browser.present(By.cssSelector("#messages tbody tr td.flags .attachment"))).isTrue();
        browser.follow(subject("분기 보고서 보냅니다"));
        assertThat(browser.texts(By.cssSelector("#attachment-list a"))).containsExactly("분기 보고서 2026.pdf");
    }

    @Test
    void aReplyIsPrefilledFromTheReadingPageAndMarksTheOriginalAnswered() throws Exception {
        mailbox.server.deliver(TestMailbox.text("Carol <carol@example.test>", "Lunch?", "Shall we meet at noon?",
                "<lunch-1@example.test>"));
        mailbox.signInAndOpen(browser);
        assertThat(browser.present(By.cssSelector("#messages tbody td.flags .answered"))).isFalse();
        browser.follow(subject("Lunch?"));

        browser.follow(By.linkText(browser.message("mail.reply")));
        assertThat(browser.heading()).isEqualTo(browser.message("mail.compose.title"));
        assertThat(browser.value("to")).contains("carol@example.test");
        assertThat(browser.value("subject")).isEqualTo("Re: Lunch?");
        assertThat(browser.value("body")).contains("> Shall we meet at noon?");
        browser.type("body", "\nYes, at noon.");
        browser.follow(SEND);

        assertThat(browser.notice()).isEqualTo(browser.message("mail.sentAndSaved", 1));
        assertThat(browser.text(By.xpath("//table[@id='messages']//tr[td[@class='subject']/a[.='Lunch?']]"
                + "/td[@class='flags']/span[@class='answered']"))).isEqualTo(browser.message("mail.answered.symbol"));
        assertThat(receivedBy("carol@example.test")).singleElement().satisfies(reply -> {
            assertThat(reply.getSubject()).isEqualTo("Re: Lunch?");
            assertThat(reply.getHeader("In-Reply-To")).containsExactly("<lunch-1@example.test>");
            assertThat(reply.getHeader("References")).containsExactly("<lunch-1@example.test>");
            assertThat((String) reply.getContent()).contains("Yes, at noon.").contains("> Shall we meet at noon?");
        });
    }

    @Test
    void aDraftIsSavedReopenedAndAutosavedAsOneVersion() throws Exception {
        mailbox.signInAndOpen(browser);
        compose();
        browser.fill("to", "bob@example.test");
        browser.fill("subject", "Plans for 2026");
        browser.fill("body", "First thoughts");
        browser.follow(SAVE);
        assertThat(browser.notice()).isEqualTo(browser.message("mail.draftSaved"));
        assertThat(browser.value("subject")).isEqualTo("Plans for 2026");

        browser.followLink(browser.message("common.cancel"));
        browser.follow(folder("Drafts"));
        assertThat(browser.heading()).isEqualTo(browser.message("mail.role.DRAFTS"));
        assertThat(browser.texts(subjects())).containsExactly("Plans for 2026");
        browser.follow(subject("Plans for 2026"));
        browser.followLink(browser.message("mail.continueDraft"));
        assertThat(browser.value("to")).isEqualTo("bob@example.test");
        assertThat(browser.value("subject")).isEqualTo("Plans for 2026");
        assertThat(browser.value("body")).isEqualTo("First thoughts");
        assertThat(autosaveStatus()).isEmpty();

        browser.type("body", " and second thoughts");
        browser.waitUntil(d -> autosaveStatus().equals(browser.message("mail.compose.autosaved")));

        browser.followLink(browser.message("common.cancel"));
        browser.follow(folder("Drafts"));
        assertThat(browser.texts(subjects())).containsExactly("Plans for 2026");
        browser.follow(subject("Plans for 2026"));
        assertThat(browser.inFrame(By.id("message-body"), () -> browser.text(By.tagName("body"))))
                .isEqualTo("First thoughts and second thoughts");
        assertThat(receivedBy("bob")).isEmpty();
    }
}
