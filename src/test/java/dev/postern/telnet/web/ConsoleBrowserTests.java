package dev.postern.telnet.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.telnet.ConsoleSessions;
import dev.postern.testing.Browser;
import dev.postern.testing.PosternBrowserTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.telnet.InteractiveTelnetHost;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: xterm.js over the WebSocket to an in-process Telnet host that logs the user in by
 * itself (auto-login), a command typed and its answer read from the terminal, a reload that reattaches to the same
 * session with the screen replayed, and a recording that replays.
 */
@PosternBrowserTest
@Tag("system")
@Timeout(180)
class ConsoleBrowserTests {

    private static final String SECRET = "Browser-Telnet-Secret-7";
    /** The terminal's rows as text: xterm keeps them in the DOM in screen-reader mode. */
    private static final By SCREEN = By.cssSelector(".xterm-accessibility-tree");

    @RegisterExtension
    static Browser browser = Browser.english();

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    @Autowired
    ConsoleSessions consoles;

    InteractiveTelnetHost host;
    long rule;
    String username;
    ConnectionProfile connection;

    @BeforeEach
    void start() throws Exception {
        host = new InteractiveTelnetHost("kim", SECRET, StandardCharsets.UTF_8);
        CurrentUser admin = TestUsers.admin(accounts);
        rule = policy.addRule(Protocol.TELNET, host.host(), host.port(), host.port(), "browser console", admin).id();
        username = TestUsers.create(accounts, "terminal");
        connection = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "Test shell", host.host(),
                host.port(), Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8", "", "CTRL_D", true, "", "", true, false)),
                TestUsers.as(accounts, username));
        // xterm.js makes <style> elements, which the Content-Security-Policy refuses; the page mirrors their rules.
        browser.expectConsoleError("(?i)inline style");
    }

    @AfterEach
    void stop() throws Exception {
        policy.removeRule(rule, TestUsers.admin(accounts));
        host.close();
    }

    private String screen() {
        return browser.text(SCREEN);
    }

    private void awaitScreen(String text) {
        browser.waitUntil(Duration.ofSeconds(20), driver -> screen().contains(text));
    }

    /** Types into the terminal as a user does: it has the focus (xterm's hidden text area takes the keys). */
    private void typeLine(String line) {
        browser.script("document.querySelector('.xterm-helper-textarea').focus()");
        browser.press(line, Keys.ENTER);
    }

    @Test
    void aCommandTypedInTheTerminalIsAnsweredThere() {
        browser.signIn(username, TestUsers.PASSWORD);
        browser.open("/console/" + connection.id() + "?screenReader=true");

        awaitScreen("welcome kim");
        typeLine("say hello from the browser 한글");
        awaitScreen("hello from the browser 한글\n");
        assertThat(screen()).doesNotContain(SECRET);

        typeLine("size");
        browser.waitUntil(Duration.ofSeconds(20), driver -> screen().matches("(?s).*\\n\\d+ \\d+\\n.*"));
    }

    @Test
    void aReloadedPageReattachesToTheSameSession() {
        browser.signIn(username, TestUsers.PASSWORD);
        browser.open("/console/" + connection.id() + "?screenReader=true");
        awaitScreen("welcome kim");
        typeLine("say before the reload");
        awaitScreen("before the reload\n");
        CurrentUser user = TestUsers.as(accounts, username);
        assertThat(consoles.live(user)).hasSize(1);
        var session = consoles.live(user).getFirst().id();

        browser.script("window.location.reload()");
        awaitScreen("before the reload");
        typeLine("say after the reload");
        awaitScreen("after the reload\n");

        assertThat(consoles.live(user)).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(session));
        consoles.end(session, user);
        browser.waitUntil(Duration.ofSeconds(20), driver -> browser.text(By.id("console-status")).length() > 0
                && browser.present(By.cssSelector("#console.console-ended")));
    }

    @Test
    void theSessionsRecordingReplaysInThePlayer() {
        browser.signIn(username, TestUsers.PASSWORD);
        browser.open("/console/" + connection.id() + "?screenReader=true");
        awaitScreen("welcome kim");
        typeLine("say recorded line");
        awaitScreen("recorded line\n");
        typeLine("exit");
        browser.waitUntil(Duration.ofSeconds(20), driver -> browser.present(By.cssSelector("#console.console-ended")));

        browser.open("/console");
        browser.follow(By.cssSelector("#recent-sessions a[href*='/console/sessions/']"));
        browser.visible(By.cssSelector("#player .ap-player"));
        assertThat(browser.present(By.cssSelector("a[href$='download=true']"))).isTrue();
    }
}
