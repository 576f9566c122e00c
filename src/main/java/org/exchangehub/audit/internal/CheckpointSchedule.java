package org.exchangehub.audit.internal;

import java.io.IOException;

import org.exchangehub.audit.AuditLog;
import org.exchangehub.cluster.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint of this node's chain at least every {@code hub.audit.checkpoint-interval}, so that no event
 * waits longer than that for a signature (and, through {@link CheckpointAnchors}, for a time-stamp and the witness),
 * and, on the leader, archives what is past retention in every chain once a day.
 */
@Component
class CheckpointSchedule {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final AuditLog audit;
    private final org.exchangehub.audit.AuditRetention retention;

    private final Leadership leadership;

    CheckpointSchedule(AuditLog audit, org.exchangehub.audit.AuditRetention retention, Leadership leadership) {
        this.audit = audit;
        this.retention = retention;
        this.leadership = leadership;
    }

    @Scheduled(initialDelayString = "${hub.audit.checkpoint-interval:60s}",
            fixedDelayString = "${hub.audit.checkpoint-interval:60s}")
    void periodicCheckpoint() {
        audit.checkpoint();
    }

    /** Once a day, on the leader, archives what is past retention (nothing, for the first three years). */
    @Scheduled(initialDelayString = "1h", fixedDelayString = "1d")
    void dailyArchive() {
        try {
            if (leadership.isLeader()) {
                retention.archive().forEach(archived -> log.info("Archived audit events {} to {} of {} to {}",
                        archived.fromSeq(), archived.toSeq(), archived.node(), archived.bundle()));
            }
        } catch (IOException | IllegalStateException e) {
            log.error("Audit archiving failed, nothing was removed: {}", e.getMessage());
        }
    }
}
