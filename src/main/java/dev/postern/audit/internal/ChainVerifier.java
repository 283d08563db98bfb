package dev.postern.audit.internal;

import java.util.Arrays;
import java.util.HexFormat;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.postern.audit.AuditEvent;
import dev.postern.audit.ChainVerification;

/** Walks the chain in order and names the first row whose link or hash does not hold. */
@Component
public class ChainVerifier {

    private final AuditRepository repository;

    ChainVerifier(AuditRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public ChainVerification verify() {
        Walk walk = new Walk();
        repository.walk(walk::check);
        if (walk.brokenSeq == null && walk.previousHash != null
                && !Arrays.equals(walk.previousHash, repository.headHash())) {
            // Rows after the last one read were removed, or the head was moved.
            walk.broken(walk.lastSeq + 1, "rows after " + walk.lastSeq + " are missing: the chain head does not match");
        }
        return new ChainVerification(walk.rows, walk.firstSeq, walk.lastSeq, walk.brokenSeq, walk.problem);
    }

    private static final class Walk {
        long rows;
        long firstSeq;
        long lastSeq;
        byte[] previousHash;
        Long brokenSeq;
        String problem;

        void check(AuditRepository.ChainRow row) {
            if (brokenSeq != null) {
                return;
            }
            AuditEvent event = row.event();
            rows++;
            if (rows == 1) {
                firstSeq = event.seq();
                // Older months may have been archived: the first row present anchors the chain, unless it is row 1.
                if (event.seq() == 1 && !Arrays.equals(row.prevHash(), ChainHash.GENESIS)) {
                    broken(event.seq(), "the first row does not start from the genesis hash");
                    return;
                }
            } else if (event.seq() != lastSeq + 1) {
                broken(lastSeq + 1, "the row is missing (the next row present is " + event.seq() + ")");
                return;
            } else if (!Arrays.equals(row.prevHash(), previousHash)) {
                broken(event.seq(), "its link does not match the previous row's hash");
                return;
            }
            byte[] expected = ChainHash.next(row.prevHash(), event.seq(), event.occurredAt(), event.actor(),
                    event.clientIp(), event.action(), event.target(), event.outcome(), event.bytes(), event.detail());
            if (!Arrays.equals(expected, row.hash())) {
                broken(event.seq(), "its content does not match its hash " + HexFormat.of().formatHex(row.hash()));
                return;
            }
            lastSeq = event.seq();
            previousHash = row.hash();
        }

        void broken(long seq, String why) {
            brokenSeq = seq;
            problem = why;
        }
    }
}
