package dev.postern.upstream;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored connection, without its password.
 *
 * @param ownerId the user who owns it, or null for a shared connection
 * @param shared whether admins manage it and grant it to users
 * @param hasPassword whether a password is stored
 */
public record ConnectionProfile(UUID id, ConnectionKind kind, String name, String host, int port, Security security,
                                String username, boolean hasPassword, Long ownerId, boolean shared,
                                ConnectionOptions options, Instant updatedAt) {

    public Protocol protocol() {
        return switch (options) {
            case ConnectionOptions.Mail mail -> mail.retrieval().protocol();
            case ConnectionOptions.Ftp ftp -> Protocol.FTP;
            case ConnectionOptions.Telnet telnet -> Protocol.TELNET;
        };
    }

    public ConnectionOptions.Mail mail() {
        return (ConnectionOptions.Mail) options;
    }

    public ConnectionOptions.Ftp ftp() {
        return (ConnectionOptions.Ftp) options;
    }

    public ConnectionOptions.Telnet telnet() {
        return (ConnectionOptions.Telnet) options;
    }
}
