package dev.postern.upstream;

/**
 * What a user submits to create or change a connection.
 *
 * @param password the new password; null or empty when editing keeps the stored one
 * @param shared create as a shared connection (admins only)
 */
public record ConnectionDraft(ConnectionKind kind, String name, String host, int port, Security security,
                              String username, String password, boolean shared, ConnectionOptions options) {

    @Override
    public String toString() {
        return "ConnectionDraft[" + kind + " " + name + " " + host + ":" + port + "]";
    }
}
