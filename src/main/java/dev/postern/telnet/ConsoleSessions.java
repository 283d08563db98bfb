package dev.postern.telnet;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import dev.postern.account.CurrentUser;
import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditLog;
import dev.postern.audit.Outcome;
import dev.postern.telnet.internal.ConsoleRepository;
import dev.postern.telnet.internal.ConsoleStarter;
import dev.postern.telnet.internal.LiveConsole;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionNotFound;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;

/**
 * Browser console sessions over Telnet: the one facade that pages, the WebSocket and the API use. A session outlives
 * its WebSocket for {@code postern.console.grace} so that a reloaded or woken page reattaches (with the recent screen
 * replayed); it ends when the host closes, when idle for {@code postern.console.idle-timeout}, when an admin or the
 * user ends it, or at sign-out. Sessions are limited per user and per instance, recorded as asciicast v2 unless the
 * connection says not to, and audited at start and end with host, duration, bytes each way and why they ended.
 */
@Service
public class ConsoleSessions {

    private final Map<UUID, LiveConsole> live = new ConcurrentHashMap<>();
    private final Connections connections;
    private final ConsoleStarter starter;
    private final ConsoleRepository repository;
    private final AuditLog audit;
    private final ConsoleProperties properties;

    ConsoleSessions(Connections connections, ConsoleStarter starter, ConsoleRepository repository, AuditLog audit,
                    ConsoleProperties properties) {
        this.connections = connections;
        this.starter = starter;
        this.repository = repository;
        this.audit = audit;
        this.properties = properties;
    }

    /** The Telnet connections the user may use. */
    public List<ConnectionProfile> connections(CurrentUser user) {
        return connections.visibleTo(user).stream().filter(p -> p.kind() == ConnectionKind.TELNET).toList();
    }

    /** The Telnet connection of the context, when the user may use it. */
    public ConnectionProfile connection(ConsoleContext context) {
        ConnectionProfile profile = connections.get(context.connectionId(), context.user());
        if (profile.kind() != ConnectionKind.TELNET) {
            throw new ConnectionNotFound(context.connectionId());
        }
        return profile;
    }

    /**
     * Opens a session to the connection's host with the browser's terminal size and attaches the browser. Throws
     * {@link ConsoleRefused} at a limit and {@link ConsoleUnavailable} when the host cannot be reached.
     */
    public Attachment open(ConsoleContext context, int columns, int rows, ConsoleClient client) throws IOException {
        ConnectionProfile profile = connection(context);
        long mine = live.values().stream().filter(c -> c.context().user().id() == context.user().id()).count();
        if (mine >= properties.maxSessionsPerUser() || live.size() >= properties.maxSessions()) {
            audit.record(AuditEntry.of(context.user().username(), context.user().clientIp(), ConsoleActions.REFUSED,
                    profile.host() + ":" + profile.port(), Outcome.DENIED).with("reason", "limit"));
            throw new ConsoleRefused(EndReason.LIMIT, mine >= properties.maxSessionsPerUser()
                    ? "console.refused.userLimit" : "console.refused.limit", "too many console sessions");
        }
        LiveConsole console = starter.start(context, Math.clamp(columns, 1, 1000), Math.clamp(rows, 1, 1000),
                properties, this::ended);
        live.put(console.id(), console);
        audit.record(AuditEntry.of(context.user().username(), context.user().clientIp(), ConsoleActions.STARTED,
                        profile.host() + ":" + profile.port(), Outcome.SUCCESS)
                .with("session", console.id().toString()).with("connection", profile.id().toString()));
        console.attach(client);
        return new Attachment(console, client);
    }

    /** Reattaches a browser to the user's live session, replaying the recent screen. */
    public Attachment attach(ConsoleContext context, UUID sessionId, ConsoleClient client) throws IOException {
        LiveConsole console = live.get(sessionId);
        if (console == null || console.context().user().id() != context.user().id()
                || !console.context().connectionId().equals(context.connectionId())) {
            throw new ConsoleRefused(EndReason.EXPIRED, "console.refused.gone", "no such live session");
        }
        console.attach(client);
        return new Attachment(console, client);
    }

    /** Live sessions on this instance: the user's own, or everyone's for an admin. */
    public List<ConsoleSessionInfo> live(CurrentUser user) {
        return live.values().stream()
                .filter(c -> user.admin() || c.context().user().id() == user.id())
                .sorted(Comparator.comparing(LiveConsole::started).reversed())
                .map(this::info).toList();
    }

    /** Recent sessions, ended or not, newest first: the user's own, or everyone's for an admin. */
    public List<ConsoleSessionInfo> recent(CurrentUser user, int limit) {
        return repository.recent(user.admin() ? null : user.id(), Math.clamp(limit, 1, 500)).stream()
                .map(s -> live.containsKey(s.id()) ? info(live.get(s.id())) : s).toList();
    }

    /** Ends a session: the user's own, or any for an admin. */
    public void end(UUID id, CurrentUser by) {
        LiveConsole console = live.get(id);
        if (console == null) {
            return;
        }
        boolean own = console.context().user().id() == by.id();
        if (!own && !by.admin()) {
            throw new AccessDeniedException("not your session");
        }
        console.end(own ? EndReason.USER : EndReason.ADMIN, own ? null : "ended by " + by.username());
    }

    /** The session, for its owner or an admin. */
    public ConsoleSessionInfo session(UUID id, CurrentUser user) {
        ConsoleSessionInfo session = repository.find(id)
                .filter(s -> user.admin() || s.username().equals(user.username()))
                .orElseThrow(() -> new ConsoleRefused(EndReason.ERROR, "console.refused.gone", "no such session"));
        return live.containsKey(id) ? info(live.get(id)) : session;
    }

    /** Writes the session's recording (asciicast v2) for its owner or an admin, and audits that it was viewed. */
    public long writeRecording(UUID id, CurrentUser user, OutputStream out) throws IOException {
        ConsoleSessionInfo session = session(id, user);
        if (!session.recorded()) {
            throw new ConsoleRefused(EndReason.ERROR, "console.refused.notRecorded", "not recorded");
        }
        LiveConsole running = live.get(id);
        if (running != null) {
            running.flushRecording();
        }
        long bytes = repository.writeRecording(id, out);
        audit.record(AuditEntry.of(user.username(), user.clientIp(), ConsoleActions.RECORDING_VIEWED,
                session.host() + ":" + session.port(), Outcome.SUCCESS).withBytes(bytes)
                .with("session", id.toString()).with("owner", session.username()));
        return bytes;
    }

    /** Ends the sessions opened in a sign-in session (at sign-out). */
    public void closeSession(String sessionKey) {
        live.values().stream().filter(c -> c.context().sessionKey().equals(sessionKey))
                .forEach(c -> c.end(EndReason.USER, "signed out"));
    }

    /** How long a session waits for its browser to come back. */
    public Duration grace() {
        return properties.grace();
    }

    public int liveCount() {
        return live.size();
    }

    /**
     * Ends idle sessions and those whose browser did not come back in time; writes recordings' new events (a
     * recording is also written whenever 64 KiB of events are pending, and at its end).
     */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void sweep() {
        long idle = properties.idleTimeout().toNanos();
        long grace = properties.grace().toNanos();
        for (LiveConsole console : live.values()) {
            long detached = console.detachedNanos();
            if (console.idleNanos() > idle) {
                console.end(EndReason.IDLE, null);
            } else if (detached > grace) {
                console.end(EndReason.DETACHED, null);
            } else {
                console.flushRecording();
            }
        }
    }

    private void ended(LiveConsole console, EndReason reason) {
        live.remove(console.id());
        repository.ended(console.id(), reason, console.bytesFromHost(), console.bytesToHost());
        ConsoleContext context = console.context();
        ConsoleSessionInfo session = info(console);
        audit.record(AuditEntry.of(context.user().username(), context.user().clientIp(), ConsoleActions.ENDED,
                        session.host() + ":" + session.port(), Outcome.SUCCESS)
                .withBytes(console.bytesFromHost() + console.bytesToHost())
                .with("session", console.id().toString()).with("reason", reason.name())
                .with("seconds", Duration.between(console.started(), java.time.Instant.now()).toSeconds())
                .with("bytesFromHost", console.bytesFromHost()).with("bytesToHost", console.bytesToHost()));
    }

    private ConsoleSessionInfo info(LiveConsole console) {
        ConsoleSessionInfo stored = repository.find(console.id()).orElseThrow();
        return new ConsoleSessionInfo(stored.id(), stored.username(), stored.connectionId(), stored.connectionName(),
                stored.host(), stored.port(), stored.charset(), stored.startedAt(), null, null,
                console.bytesFromHost(), console.bytesToHost(), stored.recorded(), true, console.attached());
    }

    @PreDestroy
    void endAll() {
        live.values().forEach(c -> c.end(EndReason.SHUTDOWN, null));
    }
}
