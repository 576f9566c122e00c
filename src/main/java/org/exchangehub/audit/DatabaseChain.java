package org.exchangehub.audit;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.exchangehub.protect.CryptoSuite;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifies the audit chains stored in a hub database, for the hub and for the offline verifier alike: the chain of
 * every node that has events, checkpoints or a checkpoint in the external record, each on its own — its events from
 * the first one not archived (linked to the archived range's last hash, which a kept checkpoint must sign), every
 * checkpoint with its time-stamp token, no token left whose checkpoint is gone, and — given one — the external
 * record's checkpoints of that node, none of which may be missing or lie past the head.
 */
final class DatabaseChain {

    /** A node's chain in order: ordered by the key's columns, so that H2 reads it in order instead of sorting it. */
    static final String CHAIN = "SELECT * FROM audit_event WHERE node_id = ? ORDER BY node_id, seq";

    private DatabaseChain() {
    }

    /**
     * @param jdbc a template with a fetch size, used inside one read-only transaction so that PostgreSQL streams
     * @param h2   whether the database is H2, which streams only with lazy query execution
     * @return the verdict over every node's chain ({@link ChainVerifier.Verdict#ofChains})
     */
    static ChainVerifier.Verdict verify(JdbcTemplate jdbc, boolean h2, PublicKey key, CryptoSuite suite,
            List<Checkpoint> record, X509Certificate trustedAuthority, Instant now) {
        Set<String> nodes = new TreeSet<>(jdbc.queryForList("SELECT node_id FROM audit_head WHERE seq > 0",
                String.class));
        nodes.addAll(jdbc.queryForList("SELECT DISTINCT node_id FROM audit_checkpoint", String.class));
        record.forEach(checkpoint -> nodes.add(checkpoint.chain()));
        List<ChainVerifier.Verdict> verdicts = new ArrayList<>();
        for (String node : nodes) {
            List<Checkpoint> witnessed = record.stream().filter(c -> c.chain().equals(node)).toList();
            verdicts.add(verify(jdbc, h2, node, key, suite, witnessed, trustedAuthority, now).of(node));
        }
        return ChainVerifier.Verdict.ofChains(verdicts);
    }

    private static ChainVerifier.Verdict verify(JdbcTemplate jdbc, boolean h2, String node, PublicKey key,
            CryptoSuite suite, List<Checkpoint> record, X509Certificate trustedAuthority, Instant now) {
        long head = jdbc.queryForList("SELECT seq FROM audit_head WHERE node_id = ?", Long.class, node).stream()
                .findFirst().orElse(0L);
        List<Checkpoint> checkpoints = jdbc.query(AuditVerifier.CHECKPOINTS_WITH_TOKENS
                + " WHERE c.node_id = ? ORDER BY c.node_id, c.seq", AuditVerifier.ANCHORED_CHECKPOINT, node);
        // after archiving, the chain starts after the last archived range, linked to its signed last hash
        List<Map<String, Object>> archived = jdbc.queryForList("SELECT to_seq, last_hash FROM audit_archive"
                + " WHERE node_id = ? ORDER BY to_seq DESC FETCH FIRST 1 ROWS ONLY", node);
        long firstSeq = archived.isEmpty() ? 1 : ((Number) archived.get(0).get("to_seq")).longValue() + 1;
        String firstPrevHash = archived.isEmpty() ? null : (String) archived.get(0).get("last_hash");
        if (!archived.isEmpty() && checkpoints.stream().noneMatch(c -> c.seq() == firstSeq - 1
                && c.hash().equals(firstPrevHash))) {
            return ChainVerifier.Verdict.bad(0, checkpoints.size(), firstSeq, "ARCHIVE_MISMATCH",
                    "no signed checkpoint at seq " + (firstSeq - 1) + " vouches for the archived range's last hash");
        }
        Long orphan = jdbc.queryForObject("SELECT MIN(t.seq) FROM audit_timestamp t LEFT JOIN audit_checkpoint c"
                + " ON c.node_id = t.node_id AND c.seq = t.seq WHERE t.node_id = ? AND c.seq IS NULL", Long.class,
                node);
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
        try (var events = jdbc.queryForStream(CHAIN,
                AuditVerifier.EVENT, node)) {
            return ChainVerifier.verify(events.iterator(), checkpoints, key, suite, firstSeq, firstPrevHash, head,
                    anchors);
        } finally {
            if (h2) {
                jdbc.execute("SET LAZY_QUERY_EXECUTION FALSE");
            }
        }
    }
}
