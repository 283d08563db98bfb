package dev.postern.mail;

import java.util.UUID;

import dev.postern.account.CurrentUser;

/**
 * Whose mailbox, through which connection, for which client session: the session's key (the HTTP session id for
 * pages, the token for the API) is what an open IMAP connection is kept for.
 */
public record MailContext(CurrentUser user, String sessionKey, UUID connectionId) {

    public MailContext {
        if (user == null || sessionKey == null || sessionKey.isBlank() || connectionId == null) {
            throw new IllegalArgumentException("user, session and connection are required");
        }
    }

    @Override
    public String toString() {
        return "MailContext[" + user.username() + ", " + connectionId + "]";
    }
}
