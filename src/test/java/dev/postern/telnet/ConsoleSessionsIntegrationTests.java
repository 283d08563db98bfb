package dev.postern.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditLog;
import dev.postern.audit.AuditQuery;
import dev.postern.telnet.internal.ConsoleRepository;
import dev.postern.telnet.internal.ConsoleStarter;
import dev.postern.testing.PosternIntegrationTest;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console sessions end to end against an in-process Telnet host that negotiates options and runs a tiny shell. */
@PosternIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ConsoleSessionsIntegrationTests {

    private static final String SECRET = "Hunter2-Telnet-Secret";

    @Autowired
    ConsoleSessions consoles;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    ConsoleStarter starter;

    @Autowired
    ConsoleRepository repository;

    @Autowired
    JsonMapper json;

    InteractiveTelnetHost host;
    long rule;
    CurrentUser user;
    ConnectionProfile autoLogin;
    ConnectionProfile manual;

    @BeforeAll
    void start() throws Exception {
        host = new InteractiveTelnetHost("kim", SECRET, StandardCharsets.UTF_8);
        rule = policy.addRule(Protocol.TELNET, host.host(), host.port(), host.port(), "console tests",
                TestUsers.admin(accounts)).id();
        user = TestUsers.as(accounts, TestUsers.create(accounts, "console"));
        autoLogin = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "shell", host.host(), host.port(),
                Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8", "", "CTRL_D", true, "", "", true, false)), user);
        manual = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "manual", host.host(), host.port(),
                Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8", "", "CTRL_D", false, "", "", true, true)), user);
    }

    @AfterAll
    void stop() throws Exception {
        policy.removeRule(rule, TestUsers.admin(accounts));
        host.close();
    }

    private ConsoleContext context(ConnectionProfile profile) {
        return new ConsoleContext(user, "http-" + UUID.randomUUID(), profile.id());
    }

    private Attachment open(ConsoleSessions sessions, ConsoleContext context, TestBrowser browser) throws Exception {
        Attachment attachment = sessions.open(context, 100, 30, browser);
        browser.attachment(attachment);
        return attachment;
    }

    @Test
    void logsInByItselfRunsACommandAndNeverShowsThePassword() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(consoles, context(autoLogin), browser);

        browser.await("welcome kim");
        session.input("say hello 한글\r");
        browser.await("hello 한글\r\n$ ");

        assertThat(host.lastLogin()).isEqualTo("kim");
        assertThat(host.lastPassword()).isEqualTo(SECRET);
        assertThat(browser.text()).doesNotContain(SECRET);
        session.input("exit\r");
        assertThat(browser.awaitEnd()).isEqualTo(EndReason.HOST_CLOSED);
    }

    @Test
    void theHostSeesTheWindowSizeAtStartAndAfterAResize() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(consoles, context(autoLogin), browser);
        browser.await("$ ");

        session.input("size\r");
        browser.await("30 100");
        session.resize(132, 43);
        session.input("size\r");
        browser.await("43 132");
        session.end();
        assertThat(browser.awaitEnd()).isEqualTo(EndReason.USER);
    }

    @Test
    void aReattachedBrowserGetsTheRecentScreenAndTheSessionGoesOn() throws Exception {
        ConsoleContext context = context(autoLogin);
        TestBrowser first = new TestBrowser(true);
        Attachment session = open(consoles, context, first);
        first.await("$ ");
        session.input("say before the drop\r");
        first.await("before the drop\r\n$ ");
        session.detach();

        TestBrowser second = new TestBrowser(true);
        Attachment again = consoles.attach(context, session.sessionId(), second);
        second.attachment(again);

        assertThat(second.replayed()).isTrue();
        assertThat(second.text()).contains("before the drop");
        again.input("say after\r");
        second.await("after\r\n$ ");
        assertThat(consoles.live(user)).anySatisfy(s -> {
            assertThat(s.id()).isEqualTo(session.sessionId());
            assertThat(s.attached()).isTrue();
        });

        // A second window takes the session over; the first is told.
        TestBrowser third = new TestBrowser(true);
        third.attachment(consoles.attach(context, session.sessionId(), third));
        assertThat(second.wasReplaced()).isTrue();
        third.attachment(null);
        consoles.end(session.sessionId(), user);
        assertThat(third.awaitEnd()).isEqualTo(EndReason.USER);
    }

    @Test
    void anotherUserCannotReattach() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(consoles, context(autoLogin), browser);
        browser.await("$ ");
        CurrentUser stranger = TestUsers.as(accounts, TestUsers.create(accounts, "stranger"));

        assertThatThrownBy(() -> consoles.attach(new ConsoleContext(stranger, "other", autoLogin.id()),
                session.sessionId(), new TestBrowser(true)))
                .isInstanceOfSatisfying(ConsoleRefused.class, e -> assertThat(e.reason()).isEqualTo(EndReason.EXPIRED));
        session.end();
    }

    @Test
    void aFloodingHostWaitsForABrowserThatDoesNotDraw() throws Exception {
        long window = DataSize.ofKilobytes(256).toBytes();
        ConsoleSessions small = sessions(new ConsoleProperties(Duration.ofMinutes(5), Duration.ofMinutes(1), 5, 10,
                DataSize.ofBytes(window), DataSize.ofKilobytes(16)));
        TestBrowser slow = new TestBrowser(false);
        Attachment session = open(small, context(autoLogin), slow);
        slow.await("$ ");
        int before = slow.size();

        session.input("flood 50000000\r");
        // Wait until the output stops growing: the session has stopped reading from the host.
        int received = -1;
        for (int i = 0; i < 50 && slow.size() - before != received; i++) {
            received = slow.size() - before;
            Thread.sleep(300);
        }
        long hostWrote = host.written();
        Thread.sleep(1000);

        // Nothing more was sent past the window, and the host is held back by TCP (socket buffers, not 50 MB).
        assertThat(received).isLessThanOrEqualTo((int) (window + 64 * 1024));
        assertThat(slow.size() - before).isEqualTo(received);
        assertThat(host.written() - hostWrote).isLessThan(8L << 20);

        // Drawing resumes the flow.
        session.acknowledge(slow.size());
        Thread.sleep(500);
        assertThat(slow.size() - before).isGreaterThan(received);
        session.end();
    }

    @Test
    void theRecordingReplaysWhatWasShownAndTheTypedInputWhenAsked() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(consoles, context(manual), browser);
        browser.await("login: ");
        session.input("kim\r");
        browser.await("Password: ");
        session.input(SECRET + "\r");
        browser.await("$ ");
        session.input("say recorded 기록\r");
        browser.await("recorded 기록\r\n$ ");
        session.resize(90, 20);
        session.input("exit\r");
        browser.awaitEnd();

        ByteArrayOutputStream cast = new ByteArrayOutputStream();
        consoles.writeRecording(session.sessionId(), user, cast);
        String[] lines = cast.toString(StandardCharsets.UTF_8).split("\n");
        JsonNode header = json.readTree(lines[0]);
        assertThat(header.path("version").asInt()).isEqualTo(2);
        assertThat(header.path("width").asInt()).isEqualTo(100);
        StringBuilder output = new StringBuilder();
        List<String> inputs = new ArrayList<>();
        List<String> resizes = new ArrayList<>();
        double last = 0;
        for (int i = 1; i < lines.length; i++) {
            JsonNode event = json.readTree(lines[i]);
            assertThat(event.get(0).asDouble()).isGreaterThanOrEqualTo(last);
            last = event.get(0).asDouble();
            switch (event.get(1).asString()) {
                case "o" -> output.append(event.get(2).asString());
                case "i" -> inputs.add(event.get(2).asString());
                case "r" -> resizes.add(event.get(2).asString());
                default -> throw new AssertionError(lines[i]);
            }
        }
        assertThat(output.toString()).isEqualTo(browser.text());
        assertThat(inputs).contains("say recorded 기록\r");
        assertThat(resizes).containsExactly("90x20");

        ConsoleSessionInfo info = consoles.session(session.sessionId(), user);
        assertThat(info.endReason()).isEqualTo(EndReason.HOST_CLOSED);
        assertThat(info.bytesFromHost()).isPositive();
        List<AuditEvent> events = audit.search(new AuditQuery(user.username(), "console.", null, null, null, 0, 100))
                .events();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(ConsoleActions.ENDED);
            assertThat(e.detail()).containsEntry("session", session.sessionId().toString())
                    .containsEntry("reason", "HOST_CLOSED");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.action()).isEqualTo(ConsoleActions.RECORDING_VIEWED));
        assertThat(events.toString()).doesNotContain(SECRET);
    }

    @Test
    void idleAndAbandonedSessionsEndAndLimitsHold() throws Exception {
        ConsoleSessions strict = sessions(new ConsoleProperties(Duration.ofMillis(800), Duration.ofMillis(300), 1, 10,
                DataSize.ofMegabytes(1), DataSize.ofKilobytes(16)));
        TestBrowser idle = new TestBrowser(true);
        open(strict, context(autoLogin), idle);
        idle.await("$ ");

        assertThatThrownBy(() -> strict.open(context(autoLogin), 80, 24, new TestBrowser(true)))
                .isInstanceOfSatisfying(ConsoleRefused.class, e -> assertThat(e.reason()).isEqualTo(EndReason.LIMIT));

        Thread.sleep(1000);
        strict.sweep();
        assertThat(idle.awaitEnd()).isEqualTo(EndReason.IDLE);

        TestBrowser leaving = new TestBrowser(true);
        Attachment left = open(strict, context(autoLogin), leaving);
        leaving.await("$ ");
        left.detach();
        Thread.sleep(500);
        left.input("say still typing keeps it from idling\r");
        strict.sweep();
        assertThat(strict.liveCount()).isZero();
        assertThat(consoles.session(left.sessionId(), user).endReason()).isEqualTo(EndReason.DETACHED);
    }

    @Test
    void signingOutEndsTheSessionsOfThatSignIn() throws Exception {
        ConsoleContext context = context(autoLogin);
        TestBrowser browser = new TestBrowser(true);
        open(consoles, context, browser);
        browser.await("$ ");

        consoles.closeSession(context.sessionKey());

        assertThat(browser.awaitEnd()).isEqualTo(EndReason.USER);
    }

    @Test
    void anAdminSeesEverySessionAndEndsOneWithTheReasonShown() throws Exception {
        TestBrowser browser = new TestBrowser(true);
        Attachment session = open(consoles, context(autoLogin), browser);
        browser.await("$ ");
        CurrentUser admin = TestUsers.admin(accounts);
        CurrentUser other = TestUsers.as(accounts, TestUsers.create(accounts, "bystander"));

        assertThat(consoles.live(admin)).extracting(ConsoleSessionInfo::id).contains(session.sessionId());
        assertThat(consoles.live(other)).extracting(ConsoleSessionInfo::id).doesNotContain(session.sessionId());
        assertThatThrownBy(() -> consoles.end(session.sessionId(), other))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

        consoles.end(session.sessionId(), admin);

        assertThat(browser.awaitEnd()).isEqualTo(EndReason.ADMIN);
        assertThat(browser.endDetail()).contains(admin.username());
        assertThat(consoles.session(session.sessionId(), user).endReason()).isEqualTo(EndReason.ADMIN);
    }

    @Test
    void aHostThePolicyDoesNotAllowIsNeverReached() throws Exception {
        // The same host on a port no rule opens: loopback needs a rule.
        ConnectionProfile closed = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "no rule",
                host.host(), host.port() == 65535 ? 65534 : host.port() + 1, Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8")), user);

        assertThatThrownBy(() -> consoles.open(context(closed), 80, 24, new TestBrowser(true)))
                .isInstanceOfSatisfying(ConsoleUnavailable.class,
                        e -> assertThat(e.status()).isEqualTo(dev.postern.upstream.UpstreamStatus.POLICY_REFUSED));
        assertThat(audit.search(new AuditQuery(user.username(), "upstream.policy_refused", null, null, null, 0, 10))
                .events()).isNotEmpty();
    }

    private ConsoleSessions sessions(ConsoleProperties properties) {
        return new ConsoleSessions(connections, starter, repository, audit, properties);
    }
}
