package org.exchangehub.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.exchangehub.audit.internal.CheckpointAnchors;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes an {@link AuditBundle} for a seq range of a node's chain. The range is first closed with a signed checkpoint at its last event
 * (time-stamped too when an authority is configured), so every bundle ends on a signature; the manifest is signed;
 * the export itself is audited ({@code AUDIT_EXPORTED}).
 */
@Service
public class AuditExport {

    private final JdbcClient jdbc;
    private final AuditLog log;
    private final AuditSigningKey signingKey;
    private final CheckpointAnchors anchors;
    private final Clock clock;

    AuditExport(JdbcClient jdbc, AuditLog log, AuditSigningKey signingKey, CheckpointAnchors anchors, Clock clock) {
        this.jdbc = jdbc;
        this.log = log;
        this.signingKey = signingKey;
        this.anchors = anchors;
        this.clock = clock;
    }

    /**
     * Writes the events of this node's chain from {@code fromSeq} up to {@code toSeq} (0 for the head) as a zip bundle.
     *
     * @return the manifest written
     */
    public AuditBundle.Manifest export(long fromSeq, long toSeq, String actor, OutputStream out) throws IOException {
        return export(log.node(), fromSeq, toSeq, actor, out);
    }

    /**
     * Writes the events of a node's chain from {@code fromSeq} up to {@code toSeq} (0 for the head) as a zip bundle.
     * This node's chain is first checkpointed at its head; another node's ends at its head as this node sees it.
     *
     * @return the manifest written
     * @throws java.util.NoSuchElementException when there is no such chain
     */
    public AuditBundle.Manifest export(String node, long fromSeq, long toSeq, String actor, OutputStream out)
            throws IOException {
        long head = node.equals(log.node()) ? log.checkpoint() : head(node);
        long to = toSeq <= 0 || toSeq > head ? head : toSeq;
        long from = Math.max(1, fromSeq);
        if (to >= from) {
            log.checkpointAt(node, to);
        }
        AuditBundle.Manifest manifest = write(node, from, to, out);
        log.append(AuditEntry.of(actor, AuditAction.AUDIT_EXPORTED, "OK", "chain " + node + " seq " + from + " to "
                + to + ", " + manifest.events() + " events, " + manifest.checkpoints() + " checkpoints"));
        return manifest;
    }

    /** The nodes whose chains the database holds, with their heads, in node order. */
    public Map<String, Long> chains() {
        Map<String, Long> chains = new TreeMap<>();
        jdbc.sql("SELECT node_id, seq FROM audit_head").query((rs, n) -> Map.entry(rs.getString("node_id"),
                rs.getLong("seq"))).list().forEach(chain -> chains.put(chain.getKey(), chain.getValue()));
        return chains;
    }

    private long head(String node) {
        return jdbc.sql("SELECT seq FROM audit_head WHERE node_id = ?").param(node).query(Long.class).optional()
                .orElseThrow(() -> new NoSuchElementException("no audit chain of node " + node));
    }

    /**
     * Writes the bundle of a seq range of a node's chain whose last event has a signed checkpoint, without auditing
     * the export; the last checkpoint is time-stamped first when an authority is configured and it has no token yet.
     */
    AuditBundle.Manifest write(String node, long from, long to, OutputStream out) throws IOException {
        long head = head(node);
        List<AuditEvent> events = jdbc.sql("SELECT * FROM audit_event WHERE node_id = ? AND seq >= ? AND seq <= ?"
                + " ORDER BY node_id, seq").params(node, from, to).query(AuditVerifier.EVENT).list();
        List<Checkpoint> checkpoints = new ArrayList<>(jdbc.sql(AuditVerifier.CHECKPOINTS_WITH_TOKENS
                + " WHERE c.node_id = ? AND c.seq >= ? AND c.seq <= ? ORDER BY c.node_id, c.seq").params(node, from, to)
                .query(AuditVerifier.ANCHORED_CHECKPOINT).list());
        if (!checkpoints.isEmpty() && checkpoints.get(checkpoints.size() - 1).timestampToken() == null) {
            checkpoints.set(checkpoints.size() - 1, anchors.stamp(checkpoints.get(checkpoints.size() - 1)));
        }
        return BundleWriter.write(out, node, from, to, head, events, checkpoints, clock.instant(),
                new BundleWriter.Signer(signingKey.suite(), signingKey.publicKey(), signingKey::sign));
    }
}
