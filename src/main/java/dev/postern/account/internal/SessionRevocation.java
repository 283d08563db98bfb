package dev.postern.account.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Ends a user's HTTP sessions on every gateway instance (they all share the session table): after the user is
 * disabled, loses a role, or changes the password elsewhere.
 */
@Component
public class SessionRevocation {

    private final ObjectProvider<FindByIndexNameSessionRepository<?>> sessions;

    SessionRevocation(ObjectProvider<FindByIndexNameSessionRepository<?>> sessions) {
        this.sessions = sessions;
    }

    /** Deletes the user's sessions except {@code keepSessionId} (which may be null); returns how many ended. */
    public int revoke(String username, String keepSessionId) {
        FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
        if (repository == null) {
            return 0;
        }
        int ended = 0;
        for (String id : repository.findByPrincipalName(username).keySet()) {
            if (!id.equals(keepSessionId)) {
                repository.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
