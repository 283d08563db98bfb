package dev.postern.telnet.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.springframework.stereotype.Component;

import dev.postern.telnet.ConsoleContext;
import dev.postern.telnet.ConsoleProperties;
import dev.postern.telnet.ConsoleUnavailable;
import dev.postern.telnet.EndReason;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.ResolvedConnection;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamProperties;
import dev.postern.upstream.UpstreamStatus;

/**
 * Opens a console session: the connection's settings and stored credentials from the vault, the socket from the
 * upstream policy, the Telnet negotiation, the session's row, its recording and its auto-login.
 */
@Component
public class ConsoleStarter {

    private final Connections connections;
    private final UpstreamPolicy policy;
    private final UpstreamProperties upstream;
    private final ConsoleRepository repository;

    ConsoleStarter(Connections connections, UpstreamPolicy policy, UpstreamProperties upstream,
                   ConsoleRepository repository) {
        this.connections = connections;
        this.policy = policy;
        this.upstream = upstream;
        this.repository = repository;
    }

    /** Opens the session with the facade's settings (flow-control window, replay size). */
    public LiveConsole start(ConsoleContext context, int columns, int rows, ConsoleProperties properties,
                             BiConsumer<LiveConsole, EndReason> onEnd) {
        ResolvedConnection connection = connections.use(context.connectionId(), context.user());
        ConnectionProfile profile = connection.profile();
        ConnectionOptions.Telnet options = profile.telnet();
        boolean raw = ConnectionOptions.Telnet.RAW.equalsIgnoreCase(options.charset());
        String user = profile.username() == null || profile.username().isBlank() ? null : profile.username();
        TelnetSettings settings = new TelnetSettings(profile.host(), profile.port(), options.charset(),
                options.terminalType(), columns, rows, user, options.eof(), upstream.connectTimeout());
        TelnetHost host;
        try {
            host = TelnetHost.connect(settings, policy.sockets(Protocol.TELNET, context.user()));
        } catch (IOException failure) {
            UpstreamStatus status = UpstreamStatus.classify(failure);
            throw new ConsoleUnavailable(status == null ? UpstreamStatus.PROTOCOL_ERROR : status,
                    UpstreamStatus.describe(failure), failure);
        }
        UUID id = UUID.randomUUID();
        try {
            repository.insert(new ConsoleRepository.Started(id, context.user().id(), profile.id(), profile.name(),
                    profile.host(), profile.port(), options.charset(), columns, rows, options.record(),
                    options.record() && options.recordInput()));
        } catch (RuntimeException failure) {
            host.close();
            throw failure;
        }
        AsciicastRecorder recorder = options.record()
                ? new AsciicastRecorder(repository, id, columns, rows,
                options.terminalType().isBlank() ? "xterm-256color" : options.terminalType(),
                profile.name() + " (" + profile.host() + ")", options.recordInput(), raw)
                : null;
        AutoLogin autoLogin = options.autoLogin() && user != null
                ? new AutoLogin(options.loginPrompt(), options.passwordPrompt(), user, connection.password())
                : null;
        LiveConsole console = new LiveConsole(id, context, host, raw, properties.window().toBytes(),
                (int) properties.replay().toBytes(), recorder, autoLogin, onEnd);
        console.start();
        return console;
    }
}
