package org.exchangehub.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.exchange.DepartmentChanged;
import org.exchangehub.exchange.DeliveryFailed;
import org.exchangehub.exchange.RecordDelivered;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.exchange.SubscriptionChanged;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.RecordQuarantined;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happens in the exchange into audit events, in the transaction that publishes it (the pipeline's own
 * events are chained as that transaction commits, so the chain's lock is not held while it works): a
 * record that is journaled, quarantined, delivered, fails to deliver, is dead-lettered or replayed, and every
 * subscription change, leaves exactly one event.
 */
@Component
class AuditTrail {

    private final AuditLog log;

    AuditTrail(AuditLog log) {
        this.log = log;
    }

    @EventListener
    void on(RecordPublished event) {
        log.appendAtCommit(new AuditEntry(event.sourceDepartment(), "PUBLISHED", event.recordId(), event.subject(),
                event.schemaId(), event.sourceDepartment(), null, null, null, null, null, event.blindIndexes(), "OK",
                "version " + event.version() + "; queued for " + String.join(",", event.subscriptions())));
    }

    @EventListener
    void on(RecordQuarantined event) {
        log.appendAtCommit(new AuditEntry(event.sourceDepartment() == null ? "unknown" : event.sourceDepartment(),
                "QUARANTINED", null, event.recordType() + "-value", null, event.sourceDepartment(), null, null, null,
                null, null, null, "QUARANTINED", "quarantine " + event.quarantineId() + " via " + event.channel() + ": "
                        + event.problems().stream().map(FieldProblem::toString).collect(Collectors.joining(","))));
    }

    @EventListener
    void on(RecordDelivered event) {
        Map<String, String> fields = new LinkedHashMap<>();
        event.disclosed().forEach((field, view) -> fields.put(field, view.name()));
        log.appendAtCommit(new AuditEntry("hub", "DELIVERED", event.recordId(), event.subject(), event.schemaId(),
                event.sourceDepartment(), event.subscriber(),
                event.subscriptionId(), event.purpose(), event.legalBasis(), fields, null, "OK", null));
    }

    @EventListener
    void on(DeliveryFailed event) {
        log.appendAtCommit(new AuditEntry("hub", event.deadLettered() ? "DEAD_LETTERED" : "DELIVERY_FAILED", event.recordId(),
                null, null, null, null, event.subscriptionId(), null, null, null, null, "FAILED",
                "attempt " + event.attempt() + ": " + event.error()));
    }

    @EventListener
    void on(DeadLetters.Discarded event) {
        log.append(new AuditEntry(event.actor(), "ADMIN_CHANGE", event.recordId(), null, null, null, null,
                event.subscriptionId(), null, null, null, null, "OK", "dead letter " + event.deliveryId()
                        + " DISCARDED: " + event.reason()));
    }

    @EventListener
    void on(DeadLetters.Replayed event) {
        log.append(new AuditEntry(event.actor(), "REPLAYED", event.recordId(), null, null, null, null,
                event.subscriptionId(), null, null, null, null, "OK", "delivery " + event.deliveryId()));
    }

    @EventListener
    void on(SubscriptionChanged event) {
        log.append(new AuditEntry(event.actor(), "ADMIN_CHANGE", null, null, null, null, event.subscriber(),
                event.subscriptionId(), event.purpose(), event.legalBasis(), null, null, "OK",
                "subscription " + event.change() + " v" + event.version()
                        + (event.cancelled() > 0 ? "; " + event.cancelled() + " pending deliveries cancelled" : "")
                        + "; changes " + event.diff()));
    }

    @EventListener
    void on(DepartmentChanged event) {
        log.append(new AuditEntry(event.actor(), "ADMIN_CHANGE", null, null, null, null, event.code(), null, null,
                null, null, null, "OK", "department " + event.change() + " v" + event.version() + "; changes "
                        + event.diff()));
    }
}
