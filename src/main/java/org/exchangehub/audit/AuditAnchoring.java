package org.exchangehub.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.exchangehub.audit.internal.AuditProperties;
import org.exchangehub.audit.internal.CheckpointAnchors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How far this node's audit chain is anchored now, without verifying it: the head, the newest signed checkpoint, the
 * newest external time-stamp, and the bound on the window that only the hub's own head vouches for (a checkpoint
 * every {@code hub.audit.checkpoint-every} events and at least every {@code hub.audit.checkpoint-interval}).
 */
@Service
public class AuditAnchoring {

    /** The anchoring of the chain at one moment. */
    public record Status(String node, long headSeq, Long signedSeq, Instant signedAt, Long stampedSeq, Instant stampedAt,
            boolean timeStamping, boolean witnessing, int checkpointEvery, Duration checkpointInterval) {

        /** Events after the newest signed checkpoint: what a cut of the tail could remove unnoticed. */
        public long unsigned() {
            return headSeq - (signedSeq == null ? 0 : signedSeq);
        }

        /** Events after the newest time-stamped checkpoint: what a rewrite of the whole database could change. */
        public long unstamped() {
            return headSeq - (stampedSeq == null ? 0 : stampedSeq);
        }
    }

    private record Newest(Long seq, Instant at) {
    }

    private final JdbcClient jdbc;
    private final CheckpointAnchors anchors;
    private final AuditProperties properties;
    private final String node;

    AuditAnchoring(JdbcClient jdbc, CheckpointAnchors anchors, AuditProperties properties, AuditLog log) {
        this.jdbc = jdbc;
        this.node = log.node();
        this.anchors = anchors;
        this.properties = properties;
    }

    public Status status() {
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE node_id = ?").param(node).query(Long.class).single();
        Newest signed = newest("SELECT seq, at FROM audit_checkpoint WHERE node_id = ? ORDER BY node_id DESC, seq DESC"
                + " FETCH FIRST 1 ROWS ONLY");
        Newest stamped = newest("SELECT seq, gen_time FROM audit_timestamp WHERE node_id = ?"
                + " ORDER BY node_id DESC, seq DESC"
                + " FETCH FIRST 1 ROWS ONLY");
        return new Status(node, head, signed.seq(), signed.at(), stamped.seq(), stamped.at(), anchors.timeStamping(),
                anchors.witnessing(), properties.checkpointEvery(), properties.checkpointInterval());
    }

    private Newest newest(String sql) {
        return jdbc.sql(sql).param(node).query((rs, n) -> new Newest(rs.getLong(1), rs.getObject(2, Timestamp.class).toInstant()))
                .optional().orElse(new Newest(null, null));
    }
}
