package org.exchangehub.audit;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.exchangehub.protect.CryptoSuite;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifies the audit chain stored in a hub database, for the hub and for the offline verifier alike: the events
 * from the first one not archived (linked to the archived range's last hash, which a kept checkpoint must sign),
 * every checkpoint with its time-stamp token, no token left whose checkpoint is gone, and — given one — an external
 * record of checkpoints (a witness's), none of which may be missing or lie past the head.
 */
final class DatabaseChain {

    private DatabaseChain() {
    }

    /**
     * @param jdbc a template with a fetch size, used inside one read-only transaction so that PostgreSQL streams
     * @param h2   whether the database is H2, which streams only with lazy query execution
     */
    static ChainVerifier.Verdict verify(JdbcTemplate jdbc, boolean h2, PublicKey key, CryptoSuite suite,
            List<Checkpoint> record, X509Certificate trustedAuthority, Instant now) {
        long head = jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class);
        List<Checkpoint> checkpoints = jdbc.query(AuditVerifier.CHECKPOINTS_WITH_TOKENS + " ORDER BY c.seq",
                AuditVerifier.ANCHORED_CHECKPOINT);
        // after archiving, the chain starts after the last archived range, linked to its signed last hash
        List<Map<String, Object>> archived = jdbc.queryForList(
                "SELECT to_seq, last_hash FROM audit_archive ORDER BY to_seq DESC FETCH FIRST 1 ROWS ONLY");
        long firstSeq = archived.isEmpty() ? 1 : ((Number) archived.get(0).get("to_seq")).longValue() + 1;
        String firstPrevHash = archived.isEmpty() ? null : (String) archived.get(0).get("last_hash");
        if (!archived.isEmpty() && checkpoints.stream().noneMatch(c -> c.seq() == firstSeq - 1
                && c.hash().equals(firstPrevHash))) {
            return ChainVerifier.Verdict.bad(0, checkpoints.size(), firstSeq, "ARCHIVE_MISMATCH",
                    "no signed checkpoint at seq " + (firstSeq - 1) + " vouches for the archived range's last hash");
        }
        Long orphan = jdbc.queryForObject("SELECT MIN(t.seq) FROM audit_timestamp t LEFT JOIN audit_checkpoint c"
                + " ON c.seq = t.seq WHERE c.seq IS NULL", Long.class);
        if (orphan != null) {
            return ChainVerifier.Verdict.bad(0, checkpoints.size(), orphan, "CHECKPOINT_MISSING",
                    "a time-stamp token is kept for the checkpoint at seq " + orphan + ", which is missing");
        }
        ChainVerifier.Anchors anchors = new ChainVerifier.Anchors(record, head, now, trustedAuthority);
        // stream the events instead of H2 first copying the whole table into a result (half the reading time for a
        // million events); PostgreSQL streams with a fetch size inside a transaction
        if (h2) {
            jdbc.execute("SET LAZY_QUERY_EXECUTION TRUE");
        }
        try (var events = jdbc.queryForStream("SELECT * FROM audit_event ORDER BY seq", AuditVerifier.EVENT)) {
            return ChainVerifier.verify(events.iterator(), checkpoints, key, suite, firstSeq, firstPrevHash, head,
                    anchors);
        } finally {
            if (h2) {
                jdbc.execute("SET LAZY_QUERY_EXECUTION FALSE");
            }
        }
    }
}
