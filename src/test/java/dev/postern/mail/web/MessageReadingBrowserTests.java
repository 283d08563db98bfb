package dev.postern.mail.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.mail.GreenMailAccount;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading hostile HTML mail in a real browser: nothing in it runs, its text and inline image show in the sandboxed
 * frame, and remote images wait until the reader asks for them.
 */
@PosternBrowserTest
@Timeout(120)
class MessageReadingBrowserTests {

    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    static final By FRAME = By.id("message-body");
    static final String SUBJECT = "Quarterly newsletter";
    // The sanitiser drops ids; images are told apart by their alt text.
    static final String LOGO = "img[alt='Logo']";
    static final String REMOTE = "img[alt='Remote']";

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    TestMailbox mailbox;
    /** A web server with an image on it, that the upstream policy lets the image proxy reach. */
    HttpServer images;
    long imagesRule;

    @BeforeEach
    void start() throws Exception {
        mailbox = new TestMailbox(policy, accounts, connections, "reader");
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/pixel.png", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            try (var body = exchange.getResponseBody()) {
                body.write(PNG);
            }
        });
        images.start();
        int port = images.getAddress().getPort();
        imagesRule = policy.addRule(Protocol.HTTP, "127.0.0.1", port, port, "images", TestUsers.admin(accounts)).id();
    }

    @AfterEach
    void stop() {
        policy.removeRule(imagesRule, TestUsers.admin(accounts));
        images.stop(0);
        mailbox.close();
    }

    private MimeMessage hostileNewsletter() throws Exception {
        String remote = "http://127.0.0.1:" + images.getAddress().getPort() + "/pixel.png";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("news@example.test");
        message.setRecipients(Message.RecipientType.TO, GreenMailAccount.ADDRESS);
        message.setSubject(SUBJECT);
        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hello <b>reader</b>, here are the numbers.</p>"
                + "<script>document.title='pwned';parent.document.title='pwned';"
                + "parent.document.body.dataset.pwned='script';localStorage.setItem('pwned','1');alert('script')</script>"
                + "<img src=x onerror=\"parent.document.body.dataset.pwned='onerror';alert('onerror')\">"
                + "<p><a href=\"javascript:parent.document.body.dataset.pwned='link';alert('link')\">Claim your prize</a></p>"
                + "<p><img alt=Logo src=\"cid:logo@news\"></p>"
                + "<p><img alt=Remote src=\"" + remote + "\"></p>", "text/html; charset=UTF-8");
        related.addBodyPart(html);
        MimeBodyPart logo = new MimeBodyPart();
        logo.setDataHandler(new DataHandler(new ByteArrayDataSource(PNG, "image/png")));
        logo.setContentID("<logo@news>");
        logo.setDisposition("inline");
        related.addBodyPart(logo);
        message.setContent(related);
        return message;
    }

    private boolean loaded(String selector) {
        return Boolean.TRUE.equals(browser.script("const image = document.querySelector(arguments[0]);"
                + "return image !== null && image.complete && image.naturalWidth > 0", selector));
    }

    private void nothingRan() {
        assertThat(browser.dialogOpen()).as("an alert").isFalse();
        assertThat(browser.title()).isEqualTo(SUBJECT);
        assertThat(browser.script("return document.body.dataset.pwned ?? null")).isNull();
        assertThat(browser.script("return localStorage.getItem('pwned')")).isNull();
    }

    @Test
    void hostileHtmlRunsNothingShowsItsTextAndInlineImageAndHoldsBackRemoteImages() throws Exception {
        mailbox.server.deliver(hostileNewsletter());
        mailbox.signInAndOpen(browser);
        browser.follow(TestMailbox.subject(SUBJECT));

        assertThat(browser.heading()).isEqualTo(SUBJECT);
        assertThat(browser.attributes(FRAME, "sandbox")).singleElement().asString().doesNotContain("allow-scripts");
        assertThat(browser.text(By.cssSelector("#remote-images span")))
                .isEqualTo(browser.message("mail.remoteImagesBlocked", 1));
        browser.inFrame(FRAME, () -> {
            assertThat(browser.text(By.tagName("body"))).contains("Hello reader, here are the numbers.")
                    .contains("Claim your prize");
            browser.waitUntil(d -> loaded(LOGO));
            assertThat(browser.script("return document.querySelectorAll('script, [onerror], [onclick]').length"))
                    .isEqualTo(0L);
            assertThat(browser.script("return [...document.querySelectorAll('a[href]')]"
                    + ".filter(a => !/^(https?|mailto):/i.test(a.href)).length")).isEqualTo(0L);
            assertThat(browser.attributes(By.cssSelector(REMOTE), "src")).as("the remote image is held back")
                    .hasSize(1).containsOnlyNulls();
            assertThat(browser.script("return document.title")).isNotEqualTo("pwned");
            assertThat(browser.script("return document.body.dataset.pwned ?? null")).isNull();
            // A reader who clicks the link goes nowhere and runs nothing.
            browser.click(By.xpath("//*[text()='Claim your prize']"));
            return null;
        });
        nothingRan();
        assertThat(browser.path()).isEqualTo(mailbox.path() + "/message");
        // The page's script sized the frame to what it shows.
        browser.waitUntil(d -> browser.script("return document.getElementById('message-body').style.height !== ''"));

        browser.follow(By.linkText(browser.message("mail.loadImages")));
        assertThat(browser.query()).contains("images=true");
        assertThat(browser.present(By.id("remote-images"))).isFalse();
        browser.inFrame(FRAME, () -> {
            browser.waitUntil(d -> loaded(LOGO) && loaded(REMOTE));
            assertThat(browser.attributes(By.cssSelector(REMOTE), "src")).singleElement().asString()
                    .startsWith(mailbox.path() + "/image?");
            return null;
        });
        nothingRan();
        // The sanitiser took the script out, so the frame's sandbox and policy had nothing to refuse.
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
