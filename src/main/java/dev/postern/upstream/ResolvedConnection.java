package dev.postern.upstream;

/**
 * A connection ready to be used by a protocol module: the profile and its decrypted password (null when none is
 * stored). Never log it, never send the password to a browser.
 */
public record ResolvedConnection(ConnectionProfile profile, String password) {

    @Override
    public String toString() {
        return "ResolvedConnection[" + profile.id() + "]";
    }
}
