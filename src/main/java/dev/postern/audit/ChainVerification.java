package dev.postern.audit;

/**
 * The result of walking the hash chain.
 *
 * @param rowsChecked rows read
 * @param firstSeq sequence number of the first row present (older months may have been archived)
 * @param lastSeq sequence number of the last row read
 * @param brokenSeq the first row whose hash or link does not verify, or null when the chain is intact
 * @param problem why that row fails, or null
 */
public record ChainVerification(long rowsChecked, long firstSeq, long lastSeq, Long brokenSeq, String problem) {

    public boolean intact() {
        return brokenSeq == null;
    }
}
