package org.exchangehub.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Comparator;
import java.util.LinkedHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the events that name a record. An event about one record has it in {@code record_id}. A batch event names
 * its records in {@code records}; one that read them from the journal's log ({@code PUBLISHED}, and
 * {@code DELIVERED} for a subscription's cursor) is found by the records' log positions ({@code log_from},
 * {@code log_to}, index {@code (subscription_id, log_to)}): a subscription's batches cover positions one after the
 * other, so the first events of a subscription whose range ends at or after a record's position are the only ones
 * that can name it. Records a batch event names from elsewhere (retries, replays) are in {@code audit_record_index}.
 */
@Component
class RecordEvents {

    /** Events read per subscription: a batch makes one event per source department, with overlapping ranges. */
    private static final int CANDIDATES = 32;
    // Each ORDER BY lists the index's columns, the equality-bound one included: H2 reads an index in order only then,
    // and otherwise reads every later event of the subscription and sorts them to return the first few
    /** PUBLISHED batch events whose range ends at or after a position, by range end. */
    static final String PUBLISHED_FROM = "SELECT * FROM audit_event WHERE subscription_id IS NULL AND log_to >= ?"
            + " ORDER BY subscription_id, log_to FETCH FIRST " + CANDIDATES + " ROWS ONLY";
    /** A subscription's DELIVERED batch events whose range ends at or after a position, by range end. */
    static final String DELIVERED_FROM = "SELECT * FROM audit_event WHERE subscription_id = ? AND log_to >= ?"
            + " ORDER BY subscription_id, log_to FETCH FIRST " + CANDIDATES + " ROWS ONLY";

    private final JdbcClient jdbc;

    RecordEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The PUBLISHED batch event that names the record at {@code position}. */
    Optional<AuditEvent> published(String recordId, long position) {
        return jdbc.sql(PUBLISHED_FROM).param(position).query(AuditVerifier.EVENT).list()
                .stream().filter(event -> "PUBLISHED".equals(event.action()) && names(event, recordId)).findFirst();
    }

    /** The subscriptions with DELIVERED batch events: those whose events a record's position may be found in. */
    List<String> subscriptionsWithBatches() {
        return jdbc.sql("SELECT DISTINCT subscription_id FROM audit_event WHERE subscription_id IS NOT NULL"
                + " AND log_to IS NOT NULL").query(String.class).list();
    }

    /**
     * Every DELIVERED event naming the record, per-record ones from before batch events included, in time order;
     * {@code subscriptions} from {@link #subscriptionsWithBatches()}, read once for many records.
     */
    List<AuditEvent> deliveries(String recordId, long position, List<String> subscriptions) {
        List<AuditEvent> deliveries = new ArrayList<>(jdbc.sql("SELECT * FROM audit_event WHERE record_id = ?"
                + " AND action = 'DELIVERED'").param(recordId).query(AuditVerifier.EVENT).list());
        deliveries.addAll(jdbc.sql("SELECT e.* FROM audit_record_index r JOIN audit_event e ON e.node_id = r.node_id"
                + " AND e.seq = r.seq WHERE r.record_id = ? AND e.action = 'DELIVERED'").param(recordId)
                .query(AuditVerifier.EVENT).list());
        if (position > 0) {
            for (String subscription : subscriptions) {
                jdbc.sql(DELIVERED_FROM).params(subscription, position)
                        .query(AuditVerifier.EVENT).list().stream()
                        .filter(event -> "DELIVERED".equals(event.action()) && names(event, recordId))
                        .forEach(deliveries::add);
            }
        }
        Map<String, AuditEvent> byEvent = new LinkedHashMap<>();
        deliveries.forEach(event -> byEvent.putIfAbsent(event.node() + "#" + event.seq(), event));
        return byEvent.values().stream().sorted(IN_TIME).toList();
    }

    /** Events of several chains by time, then by node and place in its chain. */
    static final Comparator<AuditEvent> IN_TIME = Comparator.comparing(AuditEvent::at)
            .thenComparing(AuditEvent::node, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(AuditEvent::seq);

    /** Every event naming the record: its publication and its deliveries. */
    List<AuditEvent> naming(String recordId, long position) {
        List<AuditEvent> naming = new ArrayList<>();
        published(recordId, position).ifPresent(naming::add);
        naming.addAll(deliveries(recordId, position, subscriptionsWithBatches()));
        return naming;
    }

    /** The element of a batch event's records about the record; null when it names no such record. */
    static Map<String, Object> named(AuditEvent event, String recordId) {
        for (Map<String, Object> record : event.namedRecords()) {
            if (recordId.equals(record.get("recordId"))) {
                return record;
            }
        }
        return null;
    }

    private static boolean names(AuditEvent event, String recordId) {
        return named(event, recordId) != null;
    }
}
