package dev.postern.mail.internal;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import org.springframework.stereotype.Component;

import dev.postern.mail.MailContext;
import dev.postern.mail.MailUnavailable;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.ResolvedConnection;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.UpstreamPolicy;
import dev.postern.upstream.UpstreamProperties;
import dev.postern.upstream.UpstreamStatus;

/** Opens a mailbox connection for a user: credentials from the vault, sockets from the upstream policy. */
@Component
class MailConnector {

    private final Connections connections;
    private final UpstreamPolicy policy;
    private final UpstreamProperties upstream;

    MailConnector(Connections connections, UpstreamPolicy policy, UpstreamProperties upstream) {
        this.connections = connections;
        this.policy = policy;
        this.upstream = upstream;
    }

    Retrieval open(MailContext context) throws MessagingException {
        ResolvedConnection connection = connections.use(context.connectionId(), context.user());
        ConnectionProfile profile = connection.profile();
        RetrievalProtocol retrieval = profile.mail().retrieval();
        if (connection.password() == null) {
            throw new MailUnavailable(UpstreamStatus.AUTH_FAILED, "No password is stored for this connection", null);
        }
        String protocol = retrieval == RetrievalProtocol.IMAP ? "imap" : "pop3";
        Properties props = AngusSessions.properties(protocol, profile.security(),
                policy.sockets(retrieval.protocol(), context.user()), upstream.connectTimeout(), upstream.readTimeout());
        MailSessionProperties.reading(props, protocol);
        Session session = Session.getInstance(props);
        try {
            return retrieval == RetrievalProtocol.IMAP
                    ? ImapRetrieval.connect(session, profile.host(), profile.port(), profile.username(), connection.password())
                    : Pop3Retrieval.connect(session, profile.host(), profile.port(), profile.username(), connection.password());
        } catch (jakarta.mail.AuthenticationFailedException failure) {
            throw new MailUnavailable(MailFailures.classify(failure, true, profile.security()),
                    MailFailures.describe(failure), failure);
        }
    }
}
