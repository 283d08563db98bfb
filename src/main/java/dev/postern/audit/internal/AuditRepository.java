package dev.postern.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.audit.AuditEntry;
import dev.postern.audit.AuditEvent;
import dev.postern.audit.AuditQuery;
import dev.postern.audit.Outcome;

/** Reads and appends rows of {@code audit_event}; callers hold the transaction. */
@Repository
public class AuditRepository {

    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends the entry at the end of the chain; must run in a transaction (the head row stays locked until commit). */
    public long append(AuditEntry entry, Instant now) {
        record Head(long seq, byte[] hash) {
        }
        Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .single();
        long seq = head.seq() + 1;
        Instant occurredAt = ChainHash.truncate(now);
        byte[] hash = ChainHash.next(head.hash(), seq, occurredAt, entry.actor(), entry.clientIp(), entry.action(),
                entry.target(), entry.outcome(), entry.bytes(), entry.detail());
        jdbc.sql("""
                        INSERT INTO audit_event (seq, occurred_at, actor, client_ip, action, target, outcome, bytes, detail,
                                                 prev_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(seq, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), entry.actor(), entry.clientIp(),
                        entry.action(), entry.target(), entry.outcome().name(), entry.bytes(),
                        json.writeValueAsString(entry.detail()), head.hash(), hash)
                .update();
        jdbc.sql("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1").params(seq, hash).update();
        return seq;
    }

    public List<AuditEvent> search(AuditQuery query, int limit, int offset) {
        StringBuilder sql = new StringBuilder("""
                SELECT seq, occurred_at, actor, client_ip, action, target, outcome, bytes, detail::text AS detail
                FROM audit_event WHERE true""");
        List<Object> params = new ArrayList<>();
        if (query.actor() != null && !query.actor().isBlank()) {
            sql.append(" AND actor = ?");
            params.add(query.actor().strip());
        }
        if (query.actionPrefix() != null && !query.actionPrefix().isBlank()) {
            sql.append(" AND starts_with(action, ?)");
            params.add(query.actionPrefix().strip());
        }
        if (query.outcome() != null) {
            sql.append(" AND outcome = ?");
            params.add(query.outcome().name());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        sql.append(" ORDER BY seq DESC LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> event(rs)).list();
    }

    /** Streams every row in chain order with what verification needs. */
    public void walk(Consumer<ChainRow> consumer) {
        jdbc.sql("""
                        SELECT seq, occurred_at, actor, client_ip, action, target, outcome, bytes, detail::text AS detail,
                               prev_hash, hash
                        FROM audit_event ORDER BY seq""")
                .withFetchSize(500)
                // Row by row: a ResultSetExtractor that returns nothing is refused by JdbcClient ("No result").
                .query((RowCallbackHandler) rs ->
                        consumer.accept(new ChainRow(event(rs), rs.getBytes("prev_hash"), rs.getBytes("hash"))));
    }

    public byte[] headHash() {
        return jdbc.sql("SELECT last_hash FROM audit_chain_head WHERE id = 1").query((rs, n) -> rs.getBytes(1)).single();
    }

    public void ensurePartition(Instant month) {
        jdbc.sql("SELECT audit_ensure_partition(?::date)").param(OffsetDateTime.ofInstant(month, ZoneOffset.UTC).toLocalDate())
                .query((rs, n) -> 0).list();
    }

    private AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"), rs.getString("client_ip"),
                rs.getString("action"), rs.getString("target"), Outcome.valueOf(rs.getString("outcome")),
                rs.getLong("bytes"), json.readValue(rs.getString("detail"), DETAIL));
    }

    public record ChainRow(AuditEvent event, byte[] prevHash, byte[] hash) {
    }
}
