package dev.postern.upstream.web;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.TestUsers;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's own connections, made, changed and deleted through the pages in a real browser. */
@PosternBrowserTest
class ConnectionsBrowserTests {

    private static final By SAVE = By.cssSelector("#connection-form button[type=submit]");

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    private CurrentUser signedInUser() {
        String user = TestUsers.create(accounts, "files");
        browser.signIn(user, TestUsers.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        return TestUsers.as(accounts, user);
    }

    private static By ftpRow(String name) {
        return By.xpath("//section[@id='kind-ftp']//tr[td[1]/span[1][normalize-space()='" + name + "']]");
    }

    private static By inRow(String name, String linkText) {
        return By.xpath("//section[@id='kind-ftp']//tr[td[1]/span[1][normalize-space()='" + name + "']]"
                + "//a[normalize-space()='" + linkText + "']");
    }

    @Test
    void badHostAndPortAreShownBesideTheirFieldsAndNothingIsSaved() {
        CurrentUser user = signedInUser();
        browser.followLink(browser.message("home.add.FTP"));
        assertThat(browser.path()).isEqualTo("/connections/new");
        assertThat(browser.heading()).isEqualTo(browser.message("connection.new.FTP"));

        browser.fill("name", "Broken server");
        browser.fill("host", "exa mple..com");
        browser.fill("port", "70000");
        // The browser itself holds back a port out of range ...
        browser.click(SAVE);
        assertThat(browser.script("return document.getElementById('connection-form').checkValidity()")).isEqualTo(false);
        assertThat(browser.script("return document.getElementById('port').validity.rangeOverflow")).isEqualTo(true);
        assertThat(browser.path()).isEqualTo("/connections/new");

        // ... but the server does not count on that: with the browser's checks off, the server says what is wrong.
        browser.script("document.getElementById('connection-form').noValidate = true");
        browser.follow(SAVE);
        assertThat(browser.heading()).isEqualTo(browser.message("connection.new.FTP"));
        assertThat(browser.fieldErrors("host")).containsExactly(browser.message("connection.host.invalid"));
        assertThat(browser.fieldErrors("port")).containsExactly(browser.message("connection.port.invalid"));
        assertThat(browser.allFieldErrors("name")).isEmpty();
        assertThat(browser.value("name")).isEqualTo("Broken server");
        assertThat(browser.value("host")).isEqualTo("exa mple..com");

        browser.followLink(browser.message("common.cancel"));
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text(By.cssSelector("#kind-ftp p.empty"))).isEqualTo(browser.message("home.none.FTP"));
        assertThat(browser.present(By.cssSelector("#kind-ftp table"))).isFalse();
        assertThat(connections.visibleTo(user)).isEmpty();
    }

    @Test
    void makesChangesAndDeletesAnFtpConnectionKeepingTheStoredPasswordWhenLeftEmpty() {
        CurrentUser user = signedInUser();
        String name = "Archive " + UUID.randomUUID().toString().substring(0, 6);
        browser.followLink(browser.message("home.add.FTP"));
        browser.fill("name", name);
        browser.fill("host", "files.example.com");
        browser.fill("port", "2121");
        browser.select("security", "STARTTLS");
        browser.select("passive", "false");
        browser.fill("username", "archivist");
        browser.fill("password", "ftp-Secret-4711");
        browser.follow(SAVE);

        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.notice()).isEqualTo(browser.message("connection.created", name));
        assertThat(browser.text(ftpRow(name))).contains("files.example.com:2121", "archivist",
                browser.message("security.FTP.STARTTLS"));
        List<ConnectionProfile> saved = connections.visibleTo(user);
        assertThat(saved).singleElement().satisfies(c -> {
            assertThat(c.host()).isEqualTo("files.example.com");
            assertThat(c.port()).isEqualTo(2121);
        });
        UUID id = saved.getFirst().id();
        assertThat(connections.use(id, user).password()).isEqualTo("ftp-Secret-4711");

        // Edit: the stored password is never sent back; leaving the field empty keeps it.
        browser.follow(inRow(name, browser.message("common.edit")));
        assertThat(browser.path()).isEqualTo("/connections/" + id + "/edit");
        assertThat(browser.heading()).isEqualTo(browser.message("connection.edit.title", name));
        assertThat(browser.text(By.xpath("//*[@id='password']/following-sibling::p[contains(@class, 'hint')]")))
                .isEqualTo(browser.message("connection.field.passwordKeep"));
        assertThat(browser.value("password")).isEmpty();
        assertThat(browser.pageSource()).doesNotContain("ftp-Secret-4711");
        assertThat(browser.value("host")).isEqualTo("files.example.com");
        assertThat(browser.value("security")).isEqualTo("STARTTLS");
        assertThat(browser.value("passive")).isEqualTo("false");
        String renamed = name + " (old)";
        browser.fill("name", renamed);
        browser.follow(SAVE);

        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.notice()).isEqualTo(browser.message("connection.updated", renamed));
        assertThat(browser.present(ftpRow(name))).isFalse();
        browser.follow(inRow(renamed, browser.message("common.edit")));
        assertThat(browser.value("name")).isEqualTo(renamed);
        assertThat(browser.text(By.xpath("//*[@id='password']/following-sibling::p[contains(@class, 'hint')]")))
                .isEqualTo(browser.message("connection.field.passwordKeep"));
        assertThat(connections.use(id, user).password()).isEqualTo("ftp-Secret-4711");
        browser.followLink(browser.message("common.cancel"));

        // Delete, after a confirmation that names what goes.
        browser.follow(inRow(renamed, browser.message("common.delete")));
        assertThat(browser.path()).isEqualTo("/connections/" + id + "/delete");
        assertThat(browser.heading()).isEqualTo(browser.message("connection.delete.title"));
        assertThat(browser.text(By.cssSelector("main p")))
                .isEqualTo(browser.message("connection.delete.confirm", renamed, "files.example.com"));
        browser.follow(By.cssSelector("main form button.danger[type=submit]"));

        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.notice()).isEqualTo(browser.message("connection.deleted", renamed));
        assertThat(browser.present(ftpRow(renamed))).isFalse();
        assertThat(browser.text(By.cssSelector("#kind-ftp p.empty"))).isEqualTo(browser.message("home.none.FTP"));
        assertThat(connections.visibleTo(user)).isEmpty();
    }
}
