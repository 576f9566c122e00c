package org.exchangehub.audit.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.exchangehub.audit.AuditBundle;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Signs a checkpoint at least every {@code hub.audit.checkpoint-interval}, archives what is past retention once a
 * day, and posts every signed checkpoint, once
 * committed, to {@code hub.audit.witness-url} as one JSON line of {@code checkpoints.ndjson}. The witness keeps
 * them; an insider who rewrites the whole database cannot rewrite what the witness holds. Posting is best effort:
 * a failure is logged and the next checkpoint, which covers everything before it, is posted as usual.
 */
@Component
class CheckpointWitness {

    private static final Logger log = LoggerFactory.getLogger(CheckpointWitness.class);

    private final AuditLog audit;
    private final org.exchangehub.audit.AuditRetention retention;
    private final AuditProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    CheckpointWitness(AuditLog audit, org.exchangehub.audit.AuditRetention retention, AuditProperties properties) {
        this.audit = audit;
        this.retention = retention;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${hub.audit.checkpoint-interval:60s}",
            fixedDelayString = "${hub.audit.checkpoint-interval:60s}")
    void periodicCheckpoint() {
        audit.checkpoint();
    }

    /** Once a day, archives what is past retention (nothing, for the first three years). */
    @Scheduled(initialDelayString = "1h", fixedDelayString = "1d")
    void dailyArchive() {
        try {
            retention.archive().ifPresent(archived -> log.info("Archived audit events {} to {} to {}",
                    archived.fromSeq(), archived.toSeq(), archived.bundle()));
        } catch (java.io.IOException | IllegalStateException e) {
            log.error("Audit archiving failed, nothing was removed: {}", e.getMessage());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void witness(Checkpoint checkpoint) {
        if (properties.witnessUrl().isBlank()) {
            return;
        }
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(properties.witnessUrl()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AuditBundle.checkpointLine(checkpoint))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                log.warn("Audit witness answered HTTP {} for checkpoint {}", status, checkpoint.seq());
            }
        } catch (java.io.IOException e) {
            log.warn("Audit witness unreachable for checkpoint {}: {}", checkpoint.seq(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
