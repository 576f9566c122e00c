package org.exchangehub.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.audit.internal.CheckpointAnchors;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes an {@link AuditBundle} for a seq range. The range is first closed with a signed checkpoint at its last event
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
     * Writes the events from {@code fromSeq} up to {@code toSeq} (0 for the head) as a zip bundle.
     *
     * @return the manifest written
     */
    public AuditBundle.Manifest export(long fromSeq, long toSeq, String actor, OutputStream out) throws IOException {
        long head = log.checkpoint();
        long to = toSeq <= 0 || toSeq > head ? head : toSeq;
        long from = Math.max(1, fromSeq);
        if (to >= from) {
            log.checkpointAt(to);
        }
        AuditBundle.Manifest manifest = write(from, to, out);
        log.append(AuditEntry.of(actor, AuditAction.AUDIT_EXPORTED, "OK", "seq " + from + " to " + to + ", "
                + manifest.events() + " events, " + manifest.checkpoints() + " checkpoints"));
        return manifest;
    }

    /**
     * Writes the bundle of a seq range whose last event has a signed checkpoint, without auditing the export; the
     * last checkpoint is time-stamped first when an authority is configured and it has no token yet.
     */
    AuditBundle.Manifest write(long from, long to, OutputStream out) throws IOException {
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        List<AuditEvent> events = jdbc.sql("SELECT * FROM audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq")
                .params(from, to).query(AuditVerifier.EVENT).list();
        List<Checkpoint> checkpoints = new ArrayList<>(jdbc.sql(AuditVerifier.CHECKPOINTS_WITH_TOKENS
                + " WHERE c.seq >= ? AND c.seq <= ? ORDER BY c.seq").params(from, to)
                .query(AuditVerifier.ANCHORED_CHECKPOINT).list());
        if (!checkpoints.isEmpty() && checkpoints.get(checkpoints.size() - 1).timestampToken() == null) {
            checkpoints.set(checkpoints.size() - 1, anchors.stamp(checkpoints.get(checkpoints.size() - 1)));
        }
        return BundleWriter.write(out, from, to, head, events, checkpoints, clock.instant(),
                new BundleWriter.Signer(signingKey.suite(), signingKey.publicKey(), signingKey::sign));
    }
}
