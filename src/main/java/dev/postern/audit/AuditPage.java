package dev.postern.audit;

import java.util.List;

/** One page of audit events, newest first. */
public record AuditPage(List<AuditEvent> events, int page, int size, boolean hasNext) {

    public boolean hasPrevious() {
        return page > 0;
    }
}
