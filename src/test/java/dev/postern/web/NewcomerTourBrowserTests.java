package dev.postern.web;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestFtpServer;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.PolicyRule;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's first tour, in a real browser against a real FTP server: the admin creates a user and allows the server,
 * the user adds a connection and tests it, and the admin sees every step in the audit log.
 */
@PosternBrowserTest
class NewcomerTourBrowserTests {

    static final String FTP_USER = "files";
    static final String FTP_PASSWORD = "Ftp-Server-Secret-77";

    @RegisterExtension
    static Browser browser = Browser.english();

    @TempDir
    static Path home;

    static TestFtpServer ftp;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @BeforeAll
    static void startFtpServer() throws Exception {
        ftp = TestFtpServer.start(FTP_USER, FTP_PASSWORD, home);
    }

    @AfterAll
    static void stopFtpServer() {
        ftp.close();
    }

    @Test
    void anAdminAllowsAServerAUserTestsAConnectionAndTheAuditLogShowsIt() {
        String user = TestUsers.uniqueName("tour");
        String temporary = "Temporary-Tour-Phrase-1";
        String chosen = "Chosen-Tour-Passphrase-2";

        browser.signIn(PosternTestConfiguration.ADMIN, PosternTestConfiguration.ADMIN_PASSWORD);
        browser.open("/admin/users/new");
        browser.fill("username", user);
        browser.fill("password", temporary);
        browser.follow(By.cssSelector("#new-user-form button[type=submit]"));
        assertThat(browser.notice()).isEqualTo(browser.message("admin.users.created.notice", user));

        browser.open("/admin/policy");
        browser.select("protocol", "FTP");
        browser.fill("hostPattern", "127.0.0.1");
        browser.fill("portFrom", Integer.toString(ftp.port()));
        browser.fill("portTo", Integer.toString(ftp.port()));
        browser.follow(By.cssSelector("#rule-form button[type=submit]"));
        assertThat(browser.notice()).isEqualTo(browser.message("policy.ruleAdded"));
        browser.signOut();

        try {
            browser.signIn(user, temporary);
            assertThat(browser.path()).isEqualTo("/account/password");
            browser.fill("currentPassword", temporary);
            browser.fill("newPassword", chosen);
            browser.fill("confirmPassword", chosen);
            browser.follow(By.cssSelector("#password-form button[type=submit]"));
            assertThat(browser.path()).isEqualTo("/");

            browser.followLink(browser.message("home.add.FTP"));
            browser.fill("name", "Team files");
            browser.fill("host", "127.0.0.1");
            browser.fill("port", Integer.toString(ftp.port()));
            browser.fill("username", FTP_USER);
            browser.fill("password", FTP_PASSWORD);
            browser.follow(By.cssSelector("#connection-form button[type=submit]"));
            assertThat(browser.notice()).isEqualTo(browser.message("connection.created", "Team files"));

            browser.follow(By.xpath("//section[@id='kind-ftp']//button[normalize-space()='"
                    + browser.message("connection.test") + "']"));
            assertThat(browser.text(By.id("test-outcome"))).isEqualTo(browser.message("test.ok"));
            String transcript = browser.text(By.cssSelector(".transcript pre"));
            assertThat(transcript).contains("USER " + FTP_USER).contains("PASS ********").contains("230");
            assertThat(browser.pageSource()).doesNotContain(FTP_PASSWORD);
            browser.signOut();

            browser.signIn(PosternTestConfiguration.ADMIN, PosternTestConfiguration.ADMIN_PASSWORD);
            browser.open("/admin/audit?actor=" + user);
            assertThat(browser.attributes(By.cssSelector("table.audit tbody tr"), "data-action")).contains(
                    "account.login", "account.password_changed", "upstream.connection_created",
                    "upstream.connection_tested");
            assertThat(browser.pageSource()).doesNotContain(FTP_PASSWORD).doesNotContain(chosen);
        } finally {
            policy.rules().stream().filter(rule -> rule.hostPattern().equals("127.0.0.1")
                            && rule.portFrom() == ftp.port())
                    .map(PolicyRule::id)
                    .forEach(id -> policy.removeRule(id, TestUsers.admin(accounts)));
        }
    }
}
