package dev.postern.upstream;

import java.time.Duration;

/**
 * What a {@link ConnectionProbe} needs: the profile, its decrypted password (null when none is stored), where to get
 * sockets (each protocol's sockets are checked against the upstream policy on behalf of the user who asked), and how
 * long to wait for a server.
 */
public record ProbeTarget(ConnectionProfile profile, String password, Sockets sockets, Duration connectTimeout,
                          Duration readTimeout) {

    /** The socket factory to use for a protocol. */
    @FunctionalInterface
    public interface Sockets {
        GuardedSocketFactory forProtocol(Protocol protocol);
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + profile.kind() + " " + profile.host() + ":" + profile.port() + "]";
    }
}
