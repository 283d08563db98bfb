package dev.postern.web;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.TestUsers;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out, and the language of the pages, in a real browser. */
@PosternBrowserTest
class SignInBrowserTests {

    @RegisterExtension
    static Browser browser = Browser.english();

    @RegisterExtension
    static Browser koreanBrowser = Browser.korean();

    @Autowired
    AccountManagement accounts;

    @Test
    void wrongPasswordIsRefusedAndTheRightOneOpensTheConnectionsPage() {
        String user = TestUsers.create(accounts, "signin");
        browser.signIn(user, "not-the-password");
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.cssSelector(".form-error[role=alert]")))
                .isEqualTo("The user name or password is wrong.")
                .isEqualTo(browser.message("login.error.bad"));

        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.heading()).isEqualTo(browser.message("home.title"));
        assertThat(browser.text(By.cssSelector("details.account-menu > summary"))).isEqualTo(user);
    }

    @Test
    void signingOutLeadsToTheLoginPageWithTheSignedOutMessage() {
        String user = TestUsers.create(accounts, "signout");
        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");

        browser.signOut();
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.cssSelector("p.info[role=status]"))).isEqualTo(browser.message("login.loggedOut"));
        // The session is gone: the connections page asks for a sign-in again.
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.present(By.id("login-form"))).isTrue();
    }

    @Test
    void aKoreanBrowserGetsTheLoginPageInKoreanAndCanSwitchToEnglish() {
        koreanBrowser.open("/login");
        assertThat(koreanBrowser.pageLanguage()).isEqualTo("ko");
        assertThat(koreanBrowser.title()).isEqualTo("로그인").isEqualTo(koreanBrowser.message(Locale.KOREAN, "login.title"));
        assertThat(koreanBrowser.heading()).isEqualTo("로그인");
        assertThat(koreanBrowser.text(By.cssSelector("label[for=username]")))
                .isEqualTo(koreanBrowser.message(Locale.KOREAN, "login.username"));
        assertThat(koreanBrowser.text(By.cssSelector("#login-form button[type=submit]")))
                .isEqualTo(koreanBrowser.message(Locale.KOREAN, "login.submit"));

        koreanBrowser.followLink(koreanBrowser.message(Locale.KOREAN, "language.en"));
        assertThat(koreanBrowser.pageLanguage()).isEqualTo("en");
        assertThat(koreanBrowser.title()).isEqualTo("Sign in").isEqualTo(koreanBrowser.message("login.title"));
        assertThat(koreanBrowser.text(By.cssSelector("label[for=username]"))).isEqualTo(koreanBrowser.message("login.username"));
        // The choice sticks to the browser, not to the one page.
        koreanBrowser.open("/login");
        assertThat(koreanBrowser.title()).isEqualTo("Sign in");
    }

    @Test
    void aUserWhoChoseKoreanSeesKoreanAfterSigningInFromAnEnglishBrowser() {
        String user = TestUsers.create(accounts, "korean");
        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.pageLanguage()).isEqualTo("en");
        browser.click(By.cssSelector("details.account-menu > summary"));
        browser.followLink(browser.message("nav.preferences"));
        assertThat(browser.path()).isEqualTo("/account/preferences");
        browser.select("locale", "ko");
        browser.follow(By.cssSelector("#preferences-form button[type=submit]"));
        assertThat(browser.notice()).isEqualTo(browser.message(Locale.KOREAN, "preferences.saved"));
        assertThat(browser.pageLanguage()).isEqualTo("ko");

        browser.signOut();
        // Forget the language cookie too: from here on, this is an English browser that knows nothing of the user.
        browser.clearCookies();
        browser.open("/login");
        assertThat(browser.title()).isEqualTo(browser.message("login.title"));

        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.pageLanguage()).isEqualTo("ko");
        assertThat(browser.heading()).isEqualTo(browser.message(Locale.KOREAN, "home.title"));
        assertThat(browser.title()).isEqualTo(browser.message(Locale.KOREAN, "home.title"));
    }

    @Test
    void theConsoleCheckSeesAContentSecurityPolicyViolation() {
        // The check that every browser test ends with is only worth something if it sees a violation: an inline
        // script, which the policy forbids, must show up as a console error.
        browser.open("/login");
        browser.script("var s = document.createElement('script'); s.textContent = 'window.ran = true;';"
                + " document.body.appendChild(s);");
        assertThat(browser.script("return window.ran === true")).isEqualTo(false);
        assertThat(browser.consoleErrors()).anySatisfy(entry -> assertThat(entry.getMessage())
                .contains("Content Security Policy"));
        browser.expectConsoleError("Content Security Policy");
    }
}
