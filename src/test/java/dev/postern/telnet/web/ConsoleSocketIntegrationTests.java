package dev.postern.telnet.web;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.postern.account.AccountManagement;
import dev.postern.testing.PosternTestConfiguration;
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

/**
 * The console's WebSocket as a client other than the page sees it: the protocol (hello, output, input, resize, ping,
 * reattach with replay), and the upgrade refused to another origin, to nobody signed in, and to another user's
 * session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PosternTestConfiguration.class)
@ContextConfiguration(initializers = PosternTestConfiguration.Initializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ConsoleSocketIntegrationTests {

    private static final String SECRET = "Socket-Telnet-Secret-3";

    @LocalServerPort
    int port;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    @Autowired
    JsonMapper json;

    InteractiveTelnetHost host;
    long rule;
    String username;
    ConnectionProfile connection;

    @BeforeAll
    void start() throws Exception {
        host = new InteractiveTelnetHost("kim", SECRET, StandardCharsets.UTF_8);
        rule = policy.addRule(Protocol.TELNET, host.host(), host.port(), host.port(), "socket",
                TestUsers.admin(accounts)).id();
        username = TestUsers.create(accounts, "socket");
        connection = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "shell", host.host(), host.port(),
                Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8", "", "CTRL_D", true, "", "", true, false)),
                TestUsers.as(accounts, username));
    }

    @AfterAll
    void stop() throws Exception {
        policy.removeRule(rule, TestUsers.admin(accounts));
        host.close();
    }

    private String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** A client signed in as the user, the way the login form does it. */
    private HttpClient signedIn(String user) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = client.send(HttpRequest.newBuilder(URI.create(origin() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestUsers.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(origin() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return client;
    }

    private Frames connect(HttpClient client, String origin, String query) {
        Frames frames = new Frames();
        client.newWebSocketBuilder().header("Origin", origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/console/" + connection.id() + "/socket" + query),
                        frames).join();
        return frames;
    }

    @Test
    void speaksTheProtocolAndReattachesWithTheScreenReplayed() throws Exception {
        HttpClient client = signedIn(username);
        Frames frames = connect(client, origin(), "?cols=90&rows=20");

        JsonNode hello = frames.message();
        assertThat(hello.path("type").asString()).isEqualTo("hello");
        assertThat(hello.path("replay").asBoolean()).isFalse();
        assertThat(hello.path("grace").asInt()).isPositive();
        String session = hello.path("session").asString();
        frames.awaitOutput("welcome kim");

        frames.send("not json at all");
        frames.send("{\"type\":\"resize\",\"cols\":99999,\"rows\":-1}");
        frames.send("{\"type\":\"control\",\"function\":\"NO_SUCH\"}");
        frames.send("{\"type\":\"input\",\"data\":\"size\\r\"}");
        frames.awaitOutput("20 90");
        frames.send("{\"type\":\"resize\",\"cols\":120,\"rows\":33}");
        frames.send("{\"type\":\"input\",\"data\":\"say 한글 ok\\r\"}");
        frames.awaitOutput("한글 ok\r\n$ ");
        frames.send("{\"type\":\"ping\"}");
        assertThat(frames.message().path("type").asString()).isEqualTo("pong");
        frames.socket.sendClose(WebSocket.NORMAL_CLOSURE, "reload").join();

        Frames again = connect(client, origin(), "?session=" + session);
        JsonNode rehello = again.message();
        assertThat(rehello.path("replay").asBoolean()).isTrue();
        assertThat(rehello.path("session").asString()).isEqualTo(session);
        again.awaitOutput("한글 ok");
        again.send("{\"type\":\"input\",\"data\":\"size\\r\"}");
        again.awaitOutput("33 120");
        again.send("{\"type\":\"input\",\"data\":\"exit\\r\"}");
        JsonNode ended = again.messageOfType("ended");
        assertThat(ended.path("reason").asString()).isEqualTo("HOST_CLOSED");
    }

    @Test
    void anotherOriginIsRefused() throws Exception {
        HttpClient client = signedIn(username);

        assertThatThrownBy(() -> connect(client, "https://evil.example", ""))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void nobodySignedInIsRefused() {
        HttpClient anonymous = HttpClient.newHttpClient();

        assertThatThrownBy(() -> connect(anonymous, origin(), ""))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void anotherUsersSessionIsNotTheirs() throws Exception {
        HttpClient owner = signedIn(username);
        Frames frames = connect(owner, origin(), "");
        String session = frames.message().path("session").asString();
        frames.awaitOutput("welcome kim");
        String stranger = TestUsers.create(accounts, "stranger");

        Frames theirs = connect(signedIn(stranger), origin(), "?session=" + session);

        assertThat(theirs.messageOfType("ended").path("reason").asString()).isEqualTo("EXPIRED");
        frames.send("{\"type\":\"input\",\"data\":\"exit\\r\"}");
    }

    @Test
    void aHostThePolicyRefusesEndsTheSessionWithThatReason() throws Exception {
        ConnectionProfile refused = connections.create(new ConnectionDraft(ConnectionKind.TELNET, "refused",
                host.host(), host.port() == 65535 ? 65534 : host.port() + 1, Security.NONE, "kim", SECRET, false,
                new ConnectionOptions.Telnet("UTF-8")), TestUsers.as(accounts, username));
        Frames frames = new Frames();
        signedIn(username).newWebSocketBuilder().header("Origin", origin())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/console/" + refused.id() + "/socket"), frames)
                .join();

        JsonNode ended = frames.messageOfType("ended");
        assertThat(ended.path("reason").asString()).isEqualTo("POLICY");
        assertThat(ended.path("detail").asString()).contains("policy");
    }

    /** What the socket received: text frames as JSON, binary frames as output. */
    private final class Frames implements WebSocket.Listener {

        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final StringBuilder output = new StringBuilder();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            synchronized (bytes) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.writeBytes(chunk);
                bytes.notifyAll();
            }
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        JsonNode message() throws InterruptedException {
            String text = texts.poll(15, TimeUnit.SECONDS);
            assertThat(text).as("a text frame").isNotNull();
            return json.readTree(text);
        }

        JsonNode messageOfType(String type) throws InterruptedException {
            while (true) {
                JsonNode message = message();
                if (message.path("type").asString().equals(type)) {
                    return message;
                }
            }
        }

        void awaitOutput(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            synchronized (bytes) {
                while (!bytes.toString(StandardCharsets.UTF_8).contains(expected)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no \"" + expected + "\" in " + bytes.toString(StandardCharsets.UTF_8));
                    }
                    bytes.wait(Math.max(1, left / 1_000_000));
                }
            }
        }
    }
}
