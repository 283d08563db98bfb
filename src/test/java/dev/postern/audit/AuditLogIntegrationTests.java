package dev.postern.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.postern.testing.PosternIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@PosternIntegrationTest
class AuditLogIntegrationTests {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private static String actor() {
        return "auditor-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void recordsAnEntryAndReadsItBackWithItsDetail() {
        String actor = actor();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("zeta", "last key first");
        detail.put("korean", "받은편지함 \"따옴표\" \\ 역슬래시");
        detail.put("count", 42);
        detail.put("nested", Map.of("list", List.of(1, "two", true)));
        detail.put("nul", "a\0b");
        long seq = audit.record(new AuditEntry(actor, "2001:db8::7", "test.detail", "target\r\nwith break",
                Outcome.FAILURE, 1234, detail));

        AuditEvent event = audit.search(AuditQuery.byActor(actor)).events().getFirst();
        assertThat(event.seq()).isEqualTo(seq);
        assertThat(event.clientIp()).isEqualTo("2001:db8::7");
        assertThat(event.bytes()).isEqualTo(1234);
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.target()).isEqualTo("target\r\nwith break");
        assertThat(event.detail()).containsEntry("korean", "받은편지함 \"따옴표\" \\ 역슬래시")
                .containsEntry("count", 42)
                .containsEntry("nul", "a\uFFFDb");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void refusesUpdateDeleteAndTruncate() {
        String actor = actor();
        long seq = audit.record(AuditEntry.of(actor, null, "test.append_only", null, Outcome.SUCCESS));
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET actor = 'mallory' WHERE seq = ?").param(seq).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_event").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        String partition = jdbc.sql("SELECT tableoid::regclass::text FROM audit_event WHERE seq = ?").param(seq)
                .query(String.class).single();
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE " + partition).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(audit.search(AuditQuery.byActor(actor)).events()).hasSize(1);
    }

    @Test
    void verificationNamesARowThatWasAltered() {
        String actor = actor();
        audit.record(AuditEntry.of(actor, "192.0.2.1", "test.before", null, Outcome.SUCCESS));
        long victim = audit.record(AuditEntry.of(actor, "192.0.2.1", "test.victim", "file.txt", Outcome.SUCCESS)
                .withBytes(10));
        audit.record(AuditEntry.of(actor, "192.0.2.1", "test.after", null, Outcome.SUCCESS));
        assertThat(audit.verify().intact()).isTrue();

        withTriggersOff("UPDATE audit_event SET bytes = 999999 WHERE seq = " + victim);
        try {
            ChainVerification broken = audit.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenSeq()).isEqualTo(victim);
            assertThat(broken.problem()).contains("content");
        } finally {
            withTriggersOff("UPDATE audit_event SET bytes = 10 WHERE seq = " + victim);
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void verificationNamesARowThatWasRemoved() {
        String actor = actor();
        long victim = audit.record(AuditEntry.of(actor, null, "test.removed", null, Outcome.SUCCESS));
        audit.record(AuditEntry.of(actor, null, "test.after_removed", null, Outcome.SUCCESS));
        record Saved(Object occurredAt, byte[] prev, byte[] hash) {
        }
        Saved saved = jdbc.sql("SELECT occurred_at, prev_hash, hash FROM audit_event WHERE seq = ?").param(victim)
                .query((rs, n) -> new Saved(rs.getObject(1, java.time.OffsetDateTime.class), rs.getBytes(2), rs.getBytes(3)))
                .single();
        withTriggersOff("DELETE FROM audit_event WHERE seq = " + victim);
        try {
            ChainVerification broken = audit.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenSeq()).isEqualTo(victim);
            assertThat(broken.problem()).contains("missing");
        } finally {
            jdbc.sql("""
                            INSERT INTO audit_event (seq, occurred_at, actor, client_ip, action, target, outcome, bytes, detail,
                                                     prev_hash, hash)
                            VALUES (?, ?, ?, NULL, 'test.removed', NULL, 'SUCCESS', 0, '{}', ?, ?)""")
                    .params(victim, saved.occurredAt(), actor, saved.prev(), saved.hash()).update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void concurrentWritersKeepASingleUnbrokenChain() throws Exception {
        String actor = actor();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> writers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                writers.add(() -> audit.record(AuditEntry.of(actor, null, "test.concurrent", "item-" + n,
                        Outcome.SUCCESS)));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<Long> written : pool.invokeAll(writers)) {
                seqs.add(written.get());
            }
            assertThat(seqs).doesNotHaveDuplicates().hasSize(200);
        } finally {
            pool.shutdown();
        }
        ChainVerification verification = audit.verify();
        assertThat(verification.intact()).as(verification.toString()).isTrue();
        assertThat(verification.rowsChecked()).isEqualTo(verification.lastSeq() - verification.firstSeq() + 1);
    }

    @Test
    void filtersByActionPrefixOutcomeAndPages() {
        String actor = actor();
        for (int i = 0; i < 7; i++) {
            audit.record(AuditEntry.of(actor, null, i % 2 == 0 ? "filter.even" : "filter.odd", "n" + i,
                    i % 2 == 0 ? Outcome.SUCCESS : Outcome.DENIED));
        }
        AuditPage firstPage = audit.search(new AuditQuery(actor, "filter.", null, null, null, 0, 5));
        assertThat(firstPage.events()).hasSize(5);
        assertThat(firstPage.hasNext()).isTrue();
        assertThat(firstPage.events().getFirst().target()).isEqualTo("n6");
        AuditPage second = audit.search(new AuditQuery(actor, "filter.", null, null, null, 1, 5));
        assertThat(second.events()).hasSize(2);
        assertThat(second.hasNext()).isFalse();
        assertThat(audit.search(new AuditQuery(actor, "filter.odd", Outcome.DENIED, null, null, 0, 50)).events())
                .hasSize(3);
    }

    /** Runs one statement with triggers off, as a superuser could (the tests' database user is one). */
    private void withTriggersOff(String sql) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql(sql).update();
        });
    }
}
