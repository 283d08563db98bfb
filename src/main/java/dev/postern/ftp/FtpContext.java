package dev.postern.ftp;

import java.util.UUID;

import dev.postern.account.CurrentUser;

/**
 * Whose files, through which connection, for which client session: the session's key (the HTTP session id for pages,
 * the token for the API) is what an open FTP control connection is kept for.
 */
public record FtpContext(CurrentUser user, String sessionKey, UUID connectionId) {

    public FtpContext {
        if (user == null || sessionKey == null || sessionKey.isBlank() || connectionId == null) {
            throw new IllegalArgumentException("user, session and connection are required");
        }
    }

    @Override
    public String toString() {
        return "FtpContext[" + user.username() + ", " + connectionId + "]";
    }
}
