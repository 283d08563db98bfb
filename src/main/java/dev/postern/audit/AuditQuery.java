package dev.postern.audit;

import java.time.Instant;

/**
 * A filter over the audit log; null or blank fields match everything. Pages count from 0, newest first.
 *
 * @param actor exact user name
 * @param actionPrefix an action or the start of one ({@code account.} matches every account action)
 * @param outcome exact outcome
 * @param from inclusive lower bound
 * @param to exclusive upper bound
 */
public record AuditQuery(String actor, String actionPrefix, Outcome outcome, Instant from, Instant to, int page,
                         int size) {

    public AuditQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("size must be between 1 and 500");
        }
    }

    public static AuditQuery byActor(String actor) {
        return new AuditQuery(actor, null, null, null, null, 0, 100);
    }
}
