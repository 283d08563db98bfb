package dev.postern.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.testing.PosternIntegrationTest;
import dev.postern.testing.TestUsers;
import dev.postern.testing.telnet.Telnetd;
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
 * Console sessions against Debian's inetutils-telnetd and the real login(1): auto-login at the real prompts, the
 * window size the shell sees, a EUC-KR session both ways, a flood held back by the browser's pace, and the recording.
 */
@PosternIntegrationTest
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ConsoleTelnetdSystemTests {

    @Autowired
    ConsoleSessions consoles;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    JsonMapper json;

    Telnetd telnetd;
    long rule;
    CurrentUser user;

    @BeforeAll
    void start() throws Exception {
        telnetd = Telnetd.start();
        rule = policy.addRule(Protocol.TELNET, Telnetd.HOST, telnetd.port(), telnetd.port(), "telnetd",
                TestUsers.admin(accounts)).id();
        user = TestUsers.as(accounts, TestUsers.create(accounts, "operator"));
    }

    @AfterAll
    void stop() throws Exception {
        policy.removeRule(rule, TestUsers.admin(accounts));
        telnetd.close();
    }

    private ConnectionProfile connection(String charset) {
        return connections.create(new ConnectionDraft(ConnectionKind.TELNET, "telnetd " + charset, Telnetd.HOST,
                telnetd.port(), Security.NONE, telnetd.user(), telnetd.password(), false,
                new ConnectionOptions.Telnet(charset, "", "CTRL_D", true, "", "", true, false)), user);
    }

    private Attachment open(ConnectionProfile connection, TestBrowser browser) throws Exception {
        Attachment attachment = consoles.open(new ConsoleContext(user, "http-" + UUID.randomUUID(), connection.id()),
                100, 30, browser);
        browser.attachment(attachment);
        return attachment;
    }

    /**
     * Waits for the shell: auto-login answered login(1)'s prompts with the stored credentials. login(1) throws away
     * what is typed before the shell starts, so the probe is typed again until the shell answers it.
     */
    private void loggedIn(Attachment session, TestBrowser browser) throws Exception {
        for (int attempt = 0; ; attempt++) {
            session.input("echo ready-$((6*7))\r");
            try {
                browser.await("ready-42", java.time.Duration.ofSeconds(2));
                return;
            } catch (AssertionError notYet) {
                if (attempt == 10) {
                    throw notYet;
                }
            }
        }
    }

    @Test
    void logsInAtTheRealPromptsAndTheShellSeesTheWindowSize() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(connection("UTF-8"), browser);
        browser.await("assword");
        loggedIn(session, browser);
        assertThat(browser.text()).doesNotContain(telnetd.password());

        session.input("stty size\r");
        browser.await("30 100");
        session.resize(132, 43);
        session.input("stty size\r");
        browser.await("43 132");
        session.input("exit\r");
        assertThat(browser.awaitEnd()).isEqualTo(EndReason.HOST_CLOSED);
    }

    @Test
    void aEucKrHostReadsAndWritesKorean() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(connection("EUC-KR"), browser);
        browser.await("assword");
        loggedIn(session, browser);

        session.input("printf '\\307\\321\\261\\333-out\\n'\r");
        browser.await("한글-out");
        session.input("echo 한글 | od -An -tx1\r");
        browser.await("c7 d1 b1 db 0a");
        session.end();
    }

    @Test
    void aFloodIsHeldBackByTheBrowsersPaceAndTheRecordingHoldsWhatWasShown() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(connection("UTF-8"), browser);
        browser.await("assword");
        loggedIn(session, browser);

        // The marker is computed by the shell, so that the echo of the command line does not match it.
        session.input("head -c 5000000 /dev/zero | tr '\\0' x; echo; echo flood-$((1+1))-done\r");
        browser.await("flood-2-done\r\n", java.time.Duration.ofSeconds(120));
        session.input("exit\r");
        browser.awaitEnd();

        assertThat(browser.size()).isGreaterThan(5_000_000);
        ByteArrayOutputStream cast = new ByteArrayOutputStream();
        consoles.writeRecording(session.sessionId(), user, cast);
        String[] lines = cast.toString(StandardCharsets.UTF_8).split("\n");
        StringBuilder shown = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            JsonNode event = json.readTree(lines[i]);
            if (event.get(1).asString().equals("o")) {
                shown.append(event.get(2).asString());
            }
        }
        assertThat(shown.toString()).isEqualTo(browser.text());
    }
}
