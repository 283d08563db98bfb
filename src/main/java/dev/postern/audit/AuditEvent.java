package dev.postern.audit;

import java.time.Instant;
import java.util.Map;

/** A recorded row of the audit log. */
public record AuditEvent(long seq, Instant occurredAt, String actor, String clientIp, String action, String target,
                         Outcome outcome, long bytes, Map<String, Object> detail) {
}
