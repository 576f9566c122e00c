package org.exchangehub.ingest;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import org.exchangehub.exchange.DeliveryFailed;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.exchange.RecordsDelivered;
import org.exchangehub.exchange.Subscriptions;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what moves through the hub per department — received (accepted from it), quarantined (from it),
 * delivered (to it), dead-lettered (owed to it) — after each transaction commits. Exposed as Micrometer
 * counters {@code hub.records{department, outcome}} and as the one-line summary the {@code hub-status} route
 * logs every minute. Counts only, never personal data.
 */
@Component("trafficSummary")
public class TrafficSummary {

    private static final String[] OUTCOMES = { "received", "quarantined", "delivered", "dead-lettered" };

    private final Map<String, AtomicLongArray> sinceLastLine = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Subscriptions subscriptions;

    TrafficSummary(MeterRegistry meters, Subscriptions subscriptions) {
        this.meters = meters;
        this.subscriptions = subscriptions;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RecordPublished event) {
        count(event.sourceDepartment(), 0);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RecordQuarantined event) {
        count(event.sourceDepartment() == null ? "unknown" : event.sourceDepartment(), 1);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RecordsDelivered event) {
        count(event.subscriber(), 2, event.records().size());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeliveryFailed event) {
        if (event.deadLettered()) {
            count(subscriptions.byId(event.subscriptionId()).map(s -> s.subscriber()).orElse("unknown"), 3);
        }
    }

    /** The counts since the previous call, one department after another, and resets them. */
    public synchronized String lastMinute() {
        Map<String, String> parts = new TreeMap<>();
        sinceLastLine.forEach((department, counts) -> {
            long[] values = new long[OUTCOMES.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = counts.getAndSet(i, 0);
            }
            if (Arrays.stream(values).anyMatch(v -> v > 0)) {
                parts.put(department, "%s received %d, quarantined %d, delivered %d, dead-lettered %d"
                        .formatted(department, values[0], values[1], values[2], values[3]));
            }
        });
        return parts.isEmpty() ? "no traffic" : parts.values().stream().collect(Collectors.joining("; "));
    }

    private void count(String department, int outcome) {
        count(department, outcome, 1);
    }

    private void count(String department, int outcome, int records) {
        sinceLastLine.computeIfAbsent(department, d -> new AtomicLongArray(OUTCOMES.length)).addAndGet(outcome, records);
        meters.counter("hub.records", "department", department, "outcome", OUTCOMES[outcome]).increment(records);
    }
}
