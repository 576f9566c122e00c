package org.exchangehub.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import org.exchangehub.audit.AuditAnchoring;
import org.exchangehub.exchange.DeliveryBacklog;
import org.exchangehub.ingest.Quarantine;
import org.exchangehub.protect.DataKeyInfo;
import org.exchangehub.protect.KeyManagement;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * What operators watch, as gauges (scraped at {@code /actuator/prometheus}; the dashboard to import is
 * {@code docs/operations/grafana-dashboard.json}), besides the counters {@code hub.records{department,outcome}}:
 * <ul>
 * <li>per subscription: records waiting, retrying and dead-lettered, and how long the oldest has waited
 * ({@code hub.delivery.waiting|retrying|dead.letters|lag});
 * <li>open quarantine entries ({@code hub.quarantine.open});
 * <li>the audit chain's head and the age of its newest signed checkpoint ({@code hub.audit.chain.head},
 * {@code hub.audit.checkpoint.age});
 * <li>the age of the newest and the oldest data key, and the master keys ({@code hub.keys.data.newest.age},
 * {@code hub.keys.data.oldest.age}, {@code hub.keys.master.count});
 * <li>per adapter route: 1 while it runs without failing, else 0 ({@code hub.adapter.up}).
 * </ul>
 * The figures are read every {@code hub.metrics.refresh} (30 s) into one snapshot, not at each scrape. Labels are
 * subscription, department and route ids, never personal data.
 */
@Component
class OperatorMetrics {

    /** One reading of every figure. */
    record Snapshot(List<DeliveryBacklog.Entry> backlog, long quarantined, AuditAnchoring.Status chain,
            Instant newestDataKey, Instant oldestDataKey, int masterKeys, Map<String, Boolean> adaptersUp,
            Instant at) {
    }

    private final DeliveryBacklog backlog;
    private final Quarantine quarantine;
    private final AuditAnchoring audit;
    private final KeyManagement keys;
    private final HealthEndpoint health;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final MultiGauge waiting;
    private final MultiGauge retrying;
    private final MultiGauge dead;
    private final MultiGauge lag;
    private final MultiGauge adapters;

    OperatorMetrics(DeliveryBacklog backlog, Quarantine quarantine, AuditAnchoring audit, KeyManagement keys,
            HealthEndpoint health, MeterRegistry meters, Clock clock) {
        this.backlog = backlog;
        this.quarantine = quarantine;
        this.audit = audit;
        this.keys = keys;
        this.health = health;
        this.clock = clock;
        waiting = MultiGauge.builder("hub.delivery.waiting").description("records owed to a subscription")
                .baseUnit("records").register(meters);
        retrying = MultiGauge.builder("hub.delivery.retrying")
                .description("deliveries waiting for a retry after a failed call").baseUnit("records").register(meters);
        dead = MultiGauge.builder("hub.delivery.dead.letters").description("deliveries given up (dead letters)")
                .baseUnit("records").register(meters);
        lag = MultiGauge.builder("hub.delivery.lag").description("how long the oldest record owed has waited")
                .baseUnit("seconds").register(meters);
        adapters = MultiGauge.builder("hub.adapter.up").description("1 while an adapter route runs without failing")
                .register(meters);
        gauge(meters, "hub.quarantine.open", "open quarantine entries", null, Snapshot::quarantined);
        gauge(meters, "hub.audit.chain.head", "sequence number of the newest event of this node's audit chain", null,
                s -> s.chain().headSeq());
        gauge(meters, "hub.audit.checkpoint.age", "age of the newest signed checkpoint of this node's chain", "seconds",
                s -> age(s.chain().signedAt(), s.at()));
        gauge(meters, "hub.keys.data.newest.age", "age of the newest data key (time since a rotation)", "seconds",
                s -> age(s.newestDataKey(), s.at()));
        gauge(meters, "hub.keys.data.oldest.age", "age of the oldest data key still kept", "seconds",
                s -> age(s.oldestDataKey(), s.at()));
        gauge(meters, "hub.keys.master.count", "master keys (KEKs) in the keystore", null, Snapshot::masterKeys);
    }

    private void gauge(MeterRegistry meters, String name, String description, String unit,
            ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, snapshot, held -> held.get() == null ? Double.NaN : value.applyAsDouble(held.get()))
                .description(description).baseUnit(unit).register(meters);
    }

    private static double age(Instant then, Instant now) {
        return then == null ? Double.NaN : Duration.between(then, now).toMillis() / 1000.0;
    }

    /** Reads every figure once and updates the gauges. */
    @Scheduled(initialDelayString = "${hub.metrics.refresh:30s}", fixedDelayString = "${hub.metrics.refresh:30s}")
    void refresh() {
        Instant now = clock.instant();
        List<DataKeyInfo> dataKeys = keys.dataKeys();
        Snapshot read = new Snapshot(backlog.bySubscription(), quarantine.count("OPEN"), audit.status(),
                dataKeys.stream().map(DataKeyInfo::createdAt).max(Instant::compareTo).orElse(null),
                dataKeys.stream().map(DataKeyInfo::createdAt).min(Instant::compareTo).orElse(null),
                keys.masterKeys().size(), adaptersUp(), now);
        snapshot.set(read);
        List<MultiGauge.Row<?>> waitingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> retryingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        for (DeliveryBacklog.Entry entry : read.backlog()) {
            Tags tags = Tags.of("subscription", entry.subscriptionId(), "subscriber", entry.subscriber());
            waitingRows.add(MultiGauge.Row.of(tags, entry.pending()));
            retryingRows.add(MultiGauge.Row.of(tags, entry.retrying()));
            deadRows.add(MultiGauge.Row.of(tags, entry.dead()));
            lagRows.add(MultiGauge.Row.of(tags, entry.oldestPending() == null ? 0 : age(entry.oldestPending(), now)));
        }
        waiting.register(waitingRows, true);
        retrying.register(retryingRows, true);
        dead.register(deadRows, true);
        lag.register(lagRows, true);
        adapters.register(read.adaptersUp().entrySet().stream()
                .map(up -> MultiGauge.Row.of(Tags.of("route", up.getKey()), up.getValue() ? 1 : 0)).toList(), true);
    }

    private Map<String, Boolean> adaptersUp() {
        Map<String, Boolean> up = new TreeMap<>();
        Dashboard.adapterDetails(health).forEach((route, details) -> up.put(route, "Started".equals(details.get("state"))));
        return up;
    }
}
