package dev.postern.audit;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.postern.audit.internal.AuditRepository;
import dev.postern.audit.internal.ChainVerifier;

/**
 * The audit log. Every module records what users do through {@link #record}; admins read it with
 * {@link #search} and check it with {@link #verify}.
 *
 * <p>Rows are written in their own transaction, so an action that fails and rolls back is still recorded.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final ChainVerifier verifier;
    private final Clock clock;

    AuditLog(AuditRepository repository, ChainVerifier verifier) {
        this.repository = repository;
        this.verifier = verifier;
        this.clock = Clock.systemUTC();
    }

    /** Appends the entry to the chain and returns its sequence number. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long record(AuditEntry entry) {
        long seq = repository.append(entry, clock.instant());
        log.debug("audit #{} {} {} {} {}", seq, entry.actor(), entry.action(), entry.target(), entry.outcome());
        return seq;
    }

    @Transactional(readOnly = true)
    public AuditPage search(AuditQuery query) {
        List<AuditEvent> rows = repository.search(query, query.size() + 1, query.page() * query.size());
        boolean hasNext = rows.size() > query.size();
        return new AuditPage(hasNext ? rows.subList(0, query.size()) : rows, query.page(), query.size(), hasNext);
    }

    /** Walks the whole chain; names the first row that was changed, removed or inserted out of order. */
    public ChainVerification verify() {
        return verifier.verify();
    }
}
