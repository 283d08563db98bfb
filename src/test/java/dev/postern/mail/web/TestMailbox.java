package dev.postern.mail.web;

import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.openqa.selenium.By;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.mail.GreenMailAccount;
import dev.postern.testing.Browser;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;

/**
 * What each mail browser test starts from: a GreenMail of its own (so that no test sees another's mail) and a new user
 * with an IMAP connection to it. Close it after the test.
 */
final class TestMailbox implements AutoCloseable {

    final GreenMailAccount server;
    final String username;
    final CurrentUser user;
    final ConnectionProfile imap;

    TestMailbox(UpstreamPolicy policy, AccountManagement accounts, Connections connections, String prefix)
            throws Exception {
        server = new GreenMailAccount(policy, TestUsers.admin(accounts));
        username = TestUsers.create(accounts, prefix);
        user = TestUsers.as(accounts, username);
        imap = connections.create(server.connection(RetrievalProtocol.IMAP), user);
    }

    /** The mailbox page's path. */
    String path() {
        return "/mail/" + imap.id();
    }

    /** Signs in and opens the mail the way a user does: "Open mail" on the start page. */
    void signInAndOpen(Browser browser, Locale language) {
        browser.signIn(username, TestUsers.PASSWORD);
        browser.followLink(browser.message(language, "home.open.MAIL"));
    }

    void signInAndOpen(Browser browser) {
        signInAndOpen(browser, Locale.ENGLISH);
    }

    /** A plain text message to the mailbox's owner. */
    static MimeMessage text(String from, String subject, String body) throws Exception {
        return text(from, subject, body, null);
    }

    /** A plain text message to the mailbox's owner, with this Message-ID (kept when the message is saved). */
    static MimeMessage text(String from, String subject, String body, String messageId) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, GreenMailAccount.ADDRESS);
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        return message;
    }

    /** The rows of the message list, by their subjects, top first. */
    static By subjects() {
        return By.cssSelector("#messages tbody td.subject a");
    }

    /** The folder list's link to a folder. */
    static By folder(String fullName) {
        return By.cssSelector(".mail-sidebar a[data-folder='" + fullName + "']");
    }

    /** A message list row's subject link. */
    static By subject(String subject) {
        return By.xpath("//table[@id='messages']//td[@class='subject']/a[normalize-space()='" + subject + "']");
    }

    @Override
    public void close() {
        server.close();
    }
}
