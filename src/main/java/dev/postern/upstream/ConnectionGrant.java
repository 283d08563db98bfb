package dev.postern.upstream;

import java.time.Instant;

/** A user allowed to use a shared connection. */
public record ConnectionGrant(long userId, String username, Instant grantedAt) {
}
