package dev.postern.telnet.web;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import dev.postern.account.CurrentUser;
import dev.postern.telnet.Attachment;
import dev.postern.telnet.ConsoleClient;
import dev.postern.telnet.ConsoleContext;
import dev.postern.telnet.ConsoleControl;
import dev.postern.telnet.ConsoleRefused;
import dev.postern.telnet.ConsoleSessions;
import dev.postern.telnet.EndReason;
import dev.postern.upstream.ConnectionNotFound;
import dev.postern.upstream.UpstreamFailure;

/**
 * The console's WebSocket (protocol in frontend/src/console/PROTOCOL.md): binary frames carry terminal output to the
 * page; text frames carry JSON both ways ({@code hello} and {@code ended} from Postern; {@code input}, {@code binary},
 * {@code resize}, {@code control}, {@code ack} and {@code ping} from the page). The upgrade passed Spring Security (a
 * signed-in session) and the same-origin check; the user and session were captured by {@link ConsoleHandshake}.
 */
@Component
class ConsoleSocket extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSocket.class);
    /** Largest text frame the page may send (a big paste). */
    static final int MAX_TEXT = 256 * 1024;
    /** Output queued for a slow browser beyond the flow-control window before Postern gives up on it. */
    private static final int SEND_BUFFER = 4 * 1024 * 1024;
    private static final int SEND_TIME_LIMIT_MS = 30_000;
    private static final String ATTACHMENT = "postern.console.attachment";
    private static final String BROWSER = "postern.console.browser";

    private final ConsoleSessions consoles;
    private final JsonMapper json;
    private final org.springframework.context.MessageSource messages;

    ConsoleSocket(ConsoleSessions consoles, JsonMapper json, org.springframework.context.MessageSource messages) {
        this.consoles = consoles;
        this.json = json;
        this.messages = messages;
    }

    private String text(WebSocketSession session, String key) {
        java.util.Locale locale = (java.util.Locale) session.getAttributes().getOrDefault(ConsoleHandshake.LOCALE,
                java.util.Locale.ENGLISH);
        return messages.getMessage(key, null, key, locale);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws Exception {
        raw.setTextMessageSizeLimit(MAX_TEXT);
        WebSocketSession socket = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, SEND_BUFFER);
        Map<String, Object> attributes = raw.getAttributes();
        CurrentUser user = (CurrentUser) attributes.get(ConsoleHandshake.USER);
        ConsoleContext context = new ConsoleContext(user, (String) attributes.get(ConsoleHandshake.HTTP_SESSION),
                (UUID) attributes.get(ConsoleHandshake.CONNECTION));
        Browser browser = new Browser(socket);
        // Every frame goes out through the decorator: the session's thread and this one must not send at once.
        raw.getAttributes().put(BROWSER, browser);
        try {
            UUID session = (UUID) attributes.get(ConsoleHandshake.SESSION);
            Attachment attachment = session != null
                    ? consoles.attach(context, session, browser)
                    : consoles.open(context, (Integer) attributes.get(ConsoleHandshake.COLUMNS),
                    (Integer) attributes.get(ConsoleHandshake.ROWS), browser);
            raw.getAttributes().put(ATTACHMENT, attachment);
        } catch (ConsoleRefused refused) {
            browser.ended(refused.reason(), text(raw, refused.messageKey()));
        } catch (UpstreamFailure failure) {
            browser.ended(failure.status() == dev.postern.upstream.UpstreamStatus.POLICY_REFUSED
                    ? EndReason.POLICY : EndReason.ERROR, failure.detail());
        } catch (ConnectionNotFound gone) {
            browser.ended(EndReason.ERROR, text(raw, "console.refused.gone"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
        Attachment attachment = (Attachment) session.getAttributes().get(ATTACHMENT);
        if (attachment == null) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(message.getPayload());
        } catch (RuntimeException malformed) {
            log.debug("Console {}: a frame that is not JSON", attachment.sessionId());
            return;
        }
        switch (node.path("type").asString("")) {
            case "input" -> attachment.input(node.path("data").asString(""));
            case "binary" -> {
                try {
                    attachment.inputBytes(Base64.getDecoder().decode(node.path("data").asString("")));
                } catch (IllegalArgumentException notBase64) {
                    log.debug("Console {}: binary input that is not base64", attachment.sessionId());
                }
            }
            case "resize" -> {
                int columns = node.path("cols").asInt(0);
                int rows = node.path("rows").asInt(0);
                if (columns >= 1 && columns <= 1000 && rows >= 1 && rows <= 1000) {
                    attachment.resize(columns, rows);
                }
            }
            case "control" -> {
                try {
                    attachment.control(ConsoleControl.valueOf(node.path("function").asString("")));
                } catch (IllegalArgumentException unknown) {
                    log.debug("Console {}: unknown control function", attachment.sessionId());
                }
            }
            case "ack" -> attachment.acknowledge(Math.max(0, node.path("bytes").asLong(0)));
            case "end" -> attachment.end();
            case "ping" -> ((Browser) session.getAttributes().get(BROWSER)).send(Map.of("type", "pong"));
            default -> {
                // Unknown types are ignored, so that the page may add some.
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Attachment attachment = (Attachment) session.getAttributes().get(ATTACHMENT);
        if (attachment != null) {
            attachment.detach();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable failure) {
        log.debug("Console socket failed: {}", failure.toString());
    }

    /** The session's view of the page: frames in order, through a decorator that bounds what waits to be sent. */
    private final class Browser implements ConsoleClient {

        private final WebSocketSession socket;

        Browser(WebSocketSession socket) {
            this.socket = socket;
        }

        @Override
        public void attached(UUID session, boolean replay) throws IOException {
            send(Map.of("type", "hello", "session", session.toString(), "replay", replay,
                    "grace", consoles.grace().toSeconds(), "ackEvery", 64 * 1024));
        }

        @Override
        public void output(byte[] data, int offset, int length) throws IOException {
            if (!socket.isOpen()) {
                throw new IOException("socket closed");
            }
            // A copy: the session reuses its buffer, and a busy socket queues the message.
            socket.sendMessage(new BinaryMessage(java.util.Arrays.copyOfRange(data, offset, offset + length)));
        }

        @Override
        public void replaced() {
            try {
                if (socket.isOpen()) {
                    send(Map.of("type", "detached"));
                    socket.close(CloseStatus.NORMAL);
                }
            } catch (IOException | RuntimeException gone) {
                log.debug("Console socket closed before it was told: {}", gone.toString());
            }
        }

        @Override
        public void ended(EndReason reason, String detail) {
            try {
                if (socket.isOpen()) {
                    send(detail == null ? Map.of("type", "ended", "reason", reason.name())
                            : Map.of("type", "ended", "reason", reason.name(), "detail", detail));
                    socket.close(new CloseStatus(reason.closeCode()));
                }
            } catch (IOException | RuntimeException gone) {
                log.debug("Console socket closed before the end was told: {}", gone.toString());
            }
        }

        private void send(Map<String, Object> message) throws IOException {
            socket.sendMessage(new TextMessage(json.writeValueAsString(message)));
        }
    }
}
