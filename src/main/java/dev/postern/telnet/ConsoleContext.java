package dev.postern.telnet;

import java.util.UUID;

import dev.postern.account.CurrentUser;

/**
 * Whose console, through which Telnet connection, for which client session (the HTTP session id for pages): the
 * session's key is what sign-out ends consoles by.
 */
public record ConsoleContext(CurrentUser user, String sessionKey, UUID connectionId) {

    public ConsoleContext {
        if (user == null || sessionKey == null || sessionKey.isBlank() || connectionId == null) {
            throw new IllegalArgumentException("user, session and connection are required");
        }
    }

    @Override
    public String toString() {
        return "ConsoleContext[" + user.username() + ", " + connectionId + "]";
    }
}
