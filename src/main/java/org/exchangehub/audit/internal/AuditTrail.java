package org.exchangehub.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.exchange.DepartmentChanged;
import org.exchangehub.exchange.DeliveryFailed;
import org.exchangehub.exchange.RecordsDelivered;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.exchange.SubscriptionChanged;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.RecordQuarantined;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns what happens in the exchange into audit events, in the transaction that publishes it (the pipeline's own
 * events are chained as that transaction commits, so the chain's lock is not held while it works): a
 * record that is journaled or delivered is named in exactly one event of its transaction (one per source department
 * and, for deliveries, batch), one that is quarantined, fails to deliver, is dead-lettered or replayed leaves an
 * event of its own, and so does every subscription change.
 */
@Component
class AuditTrail {

    private final AuditLog log;

    AuditTrail(AuditLog log) {
        this.log = log;
    }

    /**
     * A record journaled: named in its transaction's PUBLISHED event of its source department, made as the
     * transaction commits, when the records have their log positions.
     */
    @EventListener
    void on(RecordPublished event) {
        Published published = (Published) TransactionSynchronizationManager.getResource(this);
        if (published == null) {
            Published created = new Published();
            log.appendAtCommit(created::entries, "PUBLISHED");
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AuditTrail.this);
                }
            });
            published = created;
        }
        published.records.add(event);
    }

    /** The records one transaction journaled. */
    private static final class Published {

        final List<RecordPublished> records = new ArrayList<>();

        /** One PUBLISHED event per source department and record type, naming its records in log order. */
        List<AuditEntry> entries() {
            Map<String, List<RecordPublished>> groups = new LinkedHashMap<>();
            records.forEach(record -> groups.computeIfAbsent(record.sourceDepartment() + "|" + record.subject(),
                    key -> new ArrayList<>()).add(record));
            List<AuditEntry> entries = new ArrayList<>();
            for (List<RecordPublished> group : groups.values()) {
                List<Map<String, Object>> named = new ArrayList<>(group.size());
                long from = Long.MAX_VALUE;
                long to = Long.MIN_VALUE;
                for (RecordPublished record : group) {
                    long position = record.position().getAsLong();
                    named.add(AuditEntry.record(record.recordId(), record.subject(), record.schemaId(),
                            record.version(), position, Map.of(), record.blindIndexes()));
                    from = Math.min(from, position);
                    to = Math.max(to, position);
                }
                RecordPublished first = group.get(0);
                entries.add(new AuditEntry(first.sourceDepartment(), "PUBLISHED", null, first.subject(), null,
                        first.sourceDepartment(), null, null, null, null, null, null, "OK", named.size() + " records",
                        new AuditEntry.Batch(named, from, to, List.of())));
            }
            return entries;
        }
    }

    @EventListener
    void on(RecordQuarantined event) {
        log.appendAtCommit(new AuditEntry(event.sourceDepartment() == null ? "unknown" : event.sourceDepartment(),
                "QUARANTINED", null, event.recordType() + "-value", null, event.sourceDepartment(), null, null, null,
                null, null, null, "QUARANTINED", "quarantine " + event.quarantineId() + " via " + event.channel() + ": "
                        + event.problems().stream().map(FieldProblem::toString).collect(Collectors.joining(","))));
    }

    /**
     * A batch reached a subscriber: one DELIVERED event per source department, naming every record with the view of
     * each field it disclosed. Records read from the log are found again by their positions; the others (retries,
     * replays) are indexed by id.
     */
    @EventListener
    void on(RecordsDelivered event) {
        Map<String, List<RecordsDelivered.Delivered>> byDepartment = new LinkedHashMap<>();
        event.records().forEach(record -> byDepartment.computeIfAbsent(record.sourceDepartment(),
                d -> new ArrayList<>()).add(record));
        byDepartment.forEach((department, delivered) -> {
            List<Map<String, Object>> named = new ArrayList<>(delivered.size());
            List<String> indexed = new ArrayList<>();
            Long from = null;
            Long to = null;
            for (RecordsDelivered.Delivered record : delivered) {
                Map<String, String> fields = new LinkedHashMap<>();
                record.disclosed().forEach((field, view) -> fields.put(field, view.name()));
                named.add(AuditEntry.record(record.recordId(), record.subject(), record.schemaId(), record.version(),
                        record.position(), fields, Map.of()));
                if (record.fromLog()) {
                    from = from == null ? record.position() : Math.min(from, record.position());
                    to = to == null ? record.position() : Math.max(to, record.position());
                } else {
                    indexed.add(record.recordId());
                }
            }
            log.appendAtCommit(new AuditEntry("hub", "DELIVERED", null, delivered.get(0).subject(), null, department,
                    event.subscriber(),
                    event.subscriptionId(), event.purpose(), event.legalBasis(), null, null, "OK",
                    delivered.size() + " records", new AuditEntry.Batch(named, from, to, indexed)));
        });
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
