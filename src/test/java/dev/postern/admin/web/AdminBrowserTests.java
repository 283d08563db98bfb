package dev.postern.admin.web;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountActions;
import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestUsers;
import dev.postern.upstream.UpstreamActions;

import static org.assertj.core.api.Assertions.assertThat;

/** The administration pages in a real browser: users, the upstream policy, the audit log, and who may see them. */
@PosternBrowserTest
class AdminBrowserTests {

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    AccountManagement accounts;

    private void signInAsAdmin() {
        browser.signIn(PosternTestConfiguration.ADMIN, PosternTestConfiguration.ADMIN_PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
    }

    private void openAdministration(String sectionTitleKey) {
        browser.followLink(browser.message("nav.admin"));
        assertThat(browser.path()).isEqualTo("/admin");
        browser.follow(By.xpath("//ul[@class='cards']//a[strong[normalize-space()='"
                + browser.message(sectionTitleKey) + "']]"));
    }

    @Test
    void aNewUserSignsInWithTheTemporaryPasswordAndMustChooseAStrongOneFirst() {
        String username = TestUsers.uniqueName("newcomer");
        String temporary = "Provisional-Harbour-31";
        String chosen = "Quiet-Meadow-Lighthouse-8";

        signInAsAdmin();
        openAdministration("admin.users.title");
        assertThat(browser.path()).isEqualTo("/admin/users");
        browser.followLink(browser.message("admin.users.new"));
        assertThat(browser.path()).isEqualTo("/admin/users/new");
        browser.fill("username", username);
        browser.fill("displayName", "New Comer");
        browser.fill("password", temporary);
        browser.follow(By.cssSelector("#new-user-form button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/admin/users");
        assertThat(browser.notice()).isEqualTo(browser.message("admin.users.created.notice", username));
        By row = By.cssSelector("#users tr[data-username='" + username + "']");
        assertThat(browser.text(row)).contains("New Comer", browser.message("role.USER"),
                browser.message("admin.users.mustChange"));
        browser.signOut();

        browser.signIn(username, temporary);
        assertThat(browser.path()).isEqualTo("/account/password");
        assertThat(browser.visible(By.id("password-form")).isDisplayed()).isTrue();
        assertThat(browser.text(By.cssSelector("main p.info"))).isEqualTo(browser.message("password.mustChange"));
        // Nothing else opens until the password is changed.
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/account/password");

        browser.fill("currentPassword", temporary);
        browser.fill("newPassword", "aaaaaaaaaaaaaaaa");
        browser.fill("confirmPassword", "aaaaaaaaaaaaaaaa");
        browser.follow(By.cssSelector("#password-form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/account/password");
        assertThat(browser.fieldErrors("newPassword")).containsExactly(browser.message("password.tooCommon"));
        assertThat(browser.allFieldErrors("currentPassword")).isEmpty();
        assertThat(browser.value("newPassword")).isEmpty();

        browser.fill("currentPassword", temporary);
        browser.fill("newPassword", chosen);
        browser.fill("confirmPassword", chosen);
        browser.follow(By.cssSelector("#password-form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.heading()).isEqualTo(browser.message("home.title"));
        assertThat(browser.notice()).isEqualTo(browser.message("password.changed"));

        // The new password is the one that works from now on.
        browser.signOut();
        browser.signIn(username, chosen);
        assertThat(browser.path()).isEqualTo("/");
    }

    @Test
    void anAdminAddsAPolicyRuleAndChecksWhereConnectionsMayGo() {
        String note = "browser test " + UUID.randomUUID().toString().substring(0, 8);
        signInAsAdmin();
        openAdministration("policy.title");
        assertThat(browser.path()).isEqualTo("/admin/policy");

        browser.select("protocol", "FTP");
        browser.fill("hostPattern", "not a host!");
        browser.fill("portFrom", "2121");
        browser.fill("portTo", "2121");
        browser.fill("description", note);
        browser.follow(By.cssSelector("#rule-form button[type=submit]"));
        assertThat(browser.fieldErrors("hostPattern")).containsExactly(browser.message("policy.hostPattern.invalid"));
        assertThat(browser.texts(By.cssSelector("#rules tbody tr"))).noneMatch(text -> text.contains(note));

        browser.fill("hostPattern", "127.0.0.1/32");
        browser.follow(By.cssSelector("#rule-form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin/policy");
        assertThat(browser.notice()).isEqualTo(browser.message("policy.ruleAdded"));
        By rule = By.xpath("//table[@id='rules']//tr[td[normalize-space()='" + note + "']]");
        assertThat(browser.texts(By.xpath("//table[@id='rules']//tr[td[normalize-space()='" + note + "']]/td")))
                .startsWith("FTP", "127.0.0.1/32", "2121", note, PosternTestConfiguration.ADMIN);

        // The cloud-metadata address is never reachable ...
        browser.select("check-protocol", "FTP");
        browser.fill("check-host", "169.254.169.254");
        browser.fill("check-port", "21");
        browser.follow(By.cssSelector("#check-form button[type=submit]"));
        assertThat(browser.text(By.cssSelector("#check-result p.result.failed")))
                .isEqualTo(browser.message("policy.check.refused"));
        assertThat(browser.text(By.cssSelector("#check-result li"))).isEqualTo("169.254.169.254 "
                + browser.message("policy.reason.ALWAYS_BLOCKED"));

        // ... while the loopback FTP port the rule names is.
        browser.select("check-protocol", "FTP");
        browser.fill("check-host", "127.0.0.1");
        browser.fill("check-port", "2121");
        browser.follow(By.cssSelector("#check-form button[type=submit]"));
        assertThat(browser.text(By.cssSelector("#check-result p.result.ok")))
                .isEqualTo(browser.message("policy.check.allowed"));
        assertThat(browser.text(By.cssSelector("#check-result li"))).isEqualTo("127.0.0.1 "
                + browser.message("policy.reason.RULE"));

        // Leave the policy as it was: remove the rule.
        browser.follow(By.xpath("//table[@id='rules']//tr[td[normalize-space()='" + note + "']]"
                + "//button[@type='submit']"));
        assertThat(browser.notice()).isEqualTo(browser.message("policy.ruleRemoved"));
        assertThat(browser.present(rule)).isFalse();
    }

    @Test
    void theAuditLogShowsAUsersSignInAndNewConnectionAndItsChainIsIntact() {
        String user = TestUsers.create(accounts, "audited");
        browser.signIn(user, TestUsers.PASSWORD);
        browser.followLink(browser.message("home.add.FTP"));
        browser.fill("name", "Audited files");
        browser.fill("host", "ftp.example.org");
        browser.follow(By.cssSelector("#connection-form button[type=submit]"));
        assertThat(browser.notice()).isEqualTo(browser.message("connection.created", "Audited files"));
        browser.signOut();

        signInAsAdmin();
        openAdministration("audit.title");
        assertThat(browser.path()).isEqualTo("/admin/audit");
        browser.fill("actor", user);
        browser.follow(By.cssSelector("#audit-filter button[type=submit]"));
        assertThat(browser.query()).contains("actor=" + user);

        By rows = By.cssSelector("table.audit tbody tr[data-action]");
        List<String> actions = browser.attributes(rows, "data-action");
        assertThat(actions).contains(AccountActions.LOGIN, UpstreamActions.CONNECTION_CREATED, AccountActions.LOGOUT);
        assertThat(browser.text(By.cssSelector("table.audit tbody tr[data-action='" + UpstreamActions.CONNECTION_CREATED + "']")))
                .contains(user, browser.message("action." + UpstreamActions.CONNECTION_CREATED),
                        browser.message("outcome.SUCCESS"));
        assertThat(browser.text(By.cssSelector("table.audit tbody tr[data-action='" + AccountActions.LOGIN + "']")))
                .contains(user, "127.0.0.1", browser.message("action." + AccountActions.LOGIN));

        browser.follow(By.xpath("//form[contains(@action, '/admin/audit/verify')]//button[@type='submit']"));
        assertThat(browser.visible(By.id("verification")).getDomAttribute("class")).contains("ok");
        assertThat(browser.text(By.id("verification"))).matches(browser.messagePattern("audit.verify.intact"));
    }

    @Test
    void aUserWhoOpensTheAdministrationGetsTheForbiddenPage() {
        String user = TestUsers.create(accounts, "nosy");
        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.present(By.linkText(browser.message("nav.admin")))).isFalse();

        browser.expectConsoleError("/admin/users - Failed to load resource: the server responded with a status of 403");
        browser.open("/admin/users");
        assertThat(browser.heading()).isEqualTo(browser.message("error.403.title"));
        assertThat(browser.title()).isEqualTo(browser.message("error.403.title"));
        assertThat(browser.text(By.cssSelector("main p"))).isEqualTo(browser.message("error.403.text"));
        assertThat(browser.present(By.id("users"))).isFalse();
        browser.followLink(browser.message("error.home"));
        assertThat(browser.path()).isEqualTo("/");
    }
}
