package dev.postern.mail.web;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.Connections;
import dev.postern.upstream.UpstreamPolicy;

import static dev.postern.mail.web.TestMailbox.folder;
import static dev.postern.mail.web.TestMailbox.subjects;
import static org.assertj.core.api.Assertions.assertThat;

/** The mailbox page in a real browser, against GreenMail: the list and its pages, new mail pushed, the keyboard. */
@PosternBrowserTest
@Timeout(120)
class MailboxBrowserTests {

    private static final By UNREAD_IN_INBOX = By.cssSelector(".mail-sidebar a[data-folder='INBOX'] .unread");

    @RegisterExtension
    static Browser browser = Browser.english();

    /** Started only by the test that reads the pages in Korean. */
    @RegisterExtension
    static Browser korean = Browser.korean();

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    TestMailbox mailbox;

    @BeforeEach
    void startMailbox() throws Exception {
        mailbox = new TestMailbox(policy, accounts, connections, "mailbox");
    }

    @AfterEach
    void stopMailbox() {
        mailbox.close();
    }

    @Test
    void theInboxShowsTheNewestFirstWithItsUnreadCountAndPagesOn() throws Exception {
        mailbox.server.deliverNumbered(60);
        browser.signIn(mailbox.username, TestUsers.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        browser.followLink(browser.message("home.open.MAIL"));

        assertThat(browser.path()).isEqualTo(mailbox.path());
        assertThat(browser.heading()).isEqualTo(browser.message("mail.role.INBOX"));
        assertThat(browser.title()).isEqualTo(browser.message("mail.role.INBOX") + " – " + mailbox.imap.name());
        assertThat(browser.texts(subjects())).hasSize(50)
                .startsWith("분기 보고서 60", "Message 59", "Message 58").endsWith("Message 11");
        assertThat(browser.text(UNREAD_IN_INBOX)).isEqualTo("60");
        assertThat(browser.text(By.cssSelector(".mail-sidebar li.current .folder-name")))
                .isEqualTo(browser.message("mail.role.INBOX"));
        assertThat(browser.text(By.cssSelector("nav.pager span"))).isEqualTo(browser.message("mail.pageOf", 1, 2));
        assertThat(browser.present(By.cssSelector("nav.pager a[rel=prev]"))).isFalse();

        browser.follow(By.cssSelector("nav.pager a[rel=next]"));
        assertThat(browser.query()).contains("page=1");
        assertThat(browser.texts(subjects())).containsExactly("분기 보고서 10", "Message 9", "Message 8", "Message 7",
                "Message 6", "Message 5", "Message 4", "Message 3", "Message 2", "Message 1");
        assertThat(browser.text(By.cssSelector("nav.pager span"))).isEqualTo(browser.message("mail.pageOf", 2, 2));
        assertThat(browser.present(By.cssSelector("nav.pager a[rel=next]"))).isFalse();

        browser.follow(By.cssSelector("nav.pager a[rel=prev]"));
        assertThat(browser.texts(subjects())).first().isEqualTo("분기 보고서 60");
    }

    @Test
    void newMailAppearsInTheOpenListWithoutAReload() throws Exception {
        mailbox.server.deliverNumbered(2);
        mailbox.signInAndOpen(browser);
        assertThat(browser.texts(subjects())).containsExactly("Message 2", "Message 1");
        assertThat(browser.text(UNREAD_IN_INBOX)).isEqualTo("2");
        browser.script("window.__marker = 1");

        mailbox.server.deliver(TestMailbox.text("news@example.test", "Pushed to the page", "Fresh news"));

        browser.waitUntil(Duration.ofSeconds(20), d -> browser.texts(subjects()).contains("Pushed to the page"));
        assertThat(browser.texts(subjects())).containsExactly("Pushed to the page", "Message 2", "Message 1");
        assertThat(browser.text(UNREAD_IN_INBOX)).isEqualTo("3");
        assertThat(browser.script("return window.__marker")).as("the page was not reloaded").isEqualTo(1L);
        assertThat(browser.script("return document.getElementById('mailbox').dataset.refreshed")).isEqualTo("1");
        assertThat(browser.present(By.cssSelector("#new-mail:not([hidden])"))).isFalse();
        // The refreshed rows behave like the first ones: they open the message.
        browser.follow(TestMailbox.subject("Pushed to the page"));
        assertThat(browser.heading()).isEqualTo("Pushed to the page");
    }

    @Test
    void newMailStillAppearsAfterTheMailServerDroppedTheConnections() throws Exception {
        mailbox.server.deliverNumbered(2);
        mailbox.signInAndOpen(browser);
        assertThat(browser.texts(subjects())).containsExactly("Message 2", "Message 1");
        browser.script("window.__marker = 1");

        // A restart drops every connection, the page's watch among them (and GreenMail forgets its mail).
        mailbox.server.greenMail.stop();
        mailbox.server.start();
        mailbox.server.deliver(TestMailbox.text("news@example.test", "After the restart", "Still here"));

        browser.waitUntil(Duration.ofSeconds(30), d -> browser.texts(subjects()).contains("After the restart"));
        assertThat(browser.texts(subjects())).containsExactly("After the restart");
        assertThat(browser.script("return window.__marker")).as("the page was not reloaded").isEqualTo(1L);
    }

    @Test
    void theKeyboardMovesThroughTheListOpensAMessageAndShowsItsHelp() throws Exception {
        mailbox.server.deliverNumbered(3);
        mailbox.signInAndOpen(browser);
        assertThat(browser.texts(subjects())).containsExactly("Message 3", "Message 2", "Message 1");

        browser.press("?");
        browser.waitUntil(d -> browser.script("return document.getElementById('shortcut-help').open"));
        assertThat(browser.text(By.cssSelector("#shortcut-help h2"))).isEqualTo(browser.message("shortcuts.title"));
        assertThat(browser.text(By.cssSelector("#shortcut-help"))).contains(browser.message("shortcuts.next"),
                browser.message("shortcuts.open"), browser.message("shortcuts.help"));
        browser.press(Keys.ESCAPE);
        browser.waitUntil(d -> Boolean.FALSE.equals(browser.script(
                "return document.getElementById('shortcut-help').open")));

        browser.press("j");
        browser.press("j");
        assertThat(browser.attributes(By.cssSelector("#messages tbody tr.focused"), "data-id")).hasSize(1);
        assertThat(browser.text(By.cssSelector("#messages tbody tr.focused td.subject"))).isEqualTo("Message 2");
        String before = browser.path();
        browser.press("o");
        browser.waitUntil(d -> !browser.path().equals(before));
        assertThat(browser.path()).isEqualTo(mailbox.path() + "/message");
        assertThat(browser.heading()).isEqualTo("Message 2");
    }

    @Test
    void aKoreanBrowserSeesTheMailboxInKorean() throws Exception {
        mailbox.server.deliverNumbered(3);
        mailbox.signInAndOpen(korean, Locale.KOREAN);

        assertThat(korean.pageLanguage()).isEqualTo("ko");
        assertThat(korean.heading()).isEqualTo("받은편지함").isEqualTo(korean.message(Locale.KOREAN, "mail.role.INBOX"));
        assertThat(korean.text(By.cssSelector(".mail-sidebar a[data-folder='INBOX'] .folder-name"))).isEqualTo("받은편지함");
        assertThat(korean.text(By.cssSelector(".mail-sidebar a.compose"))).isEqualTo("메일 쓰기");
        assertThat(korean.text(By.cssSelector("#search-form button[type=submit]")))
                .isEqualTo(korean.message(Locale.KOREAN, "mail.search"));
        assertThat(korean.texts(By.cssSelector("#messages thead th a"))).containsExactly(
                korean.message(Locale.KOREAN, "mail.column.FROM"), korean.message(Locale.KOREAN, "mail.column.SUBJECT"),
                korean.message(Locale.KOREAN, "mail.column.DATE"), korean.message(Locale.KOREAN, "mail.column.SIZE"));
        assertThat(korean.text(By.cssSelector("nav.pager span"))).isEqualTo(korean.message(Locale.KOREAN, "mail.pageOf", 1, 1));
        assertThat(korean.text(By.cssSelector("#message-actions button[value=delete]")))
                .isEqualTo(korean.message(Locale.KOREAN, "mail.action.delete"));
        assertThat(korean.texts(subjects())).containsExactly("Message 3", "Message 2", "Message 1");
        assertThat(korean.texts(By.cssSelector("#messages tbody td.from"))).contains("보낸 사람 2");
        assertThat(korean.present(folder("INBOX"))).isTrue();
    }
}
