package dev.postern.upstream.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.postern.upstream.PolicyRule;
import dev.postern.upstream.Protocol;

/** Rows of {@code upstream_rule}. */
@Repository
public class RuleRepository {

    private final JdbcClient jdbc;

    RuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PolicyRule> findAll() {
        return jdbc.sql("""
                        SELECT id, protocol, host_pattern, port_from, port_to, description, created_by, created_at
                        FROM upstream_rule ORDER BY id""")
                .query((rs, n) -> new PolicyRule(rs.getLong("id"),
                        Optional.ofNullable(rs.getString("protocol")).map(Protocol::valueOf).orElse(null),
                        rs.getString("host_pattern"), rs.getInt("port_from"), rs.getInt("port_to"),
                        rs.getString("description"), rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    public long insert(Protocol protocol, String hostPattern, int portFrom, int portTo, String description,
                       String createdBy) {
        return jdbc.sql("""
                        INSERT INTO upstream_rule (protocol, host_pattern, port_from, port_to, description, created_by)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(protocol == null ? null : protocol.name(), hostPattern, portFrom, portTo, description, createdBy)
                .query(Long.class).single();
    }

    public Optional<PolicyRule> delete(long id) {
        Optional<PolicyRule> rule = findAll().stream().filter(r -> r.id() == id).findFirst();
        rule.ifPresent(r -> jdbc.sql("DELETE FROM upstream_rule WHERE id = ?").param(id).update());
        return rule;
    }
}
