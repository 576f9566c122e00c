package org.exchangehub.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.exchangehub.audit.AuditQueries;
import org.exchangehub.exchange.DeliveryBacklog;
import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Departments;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Service;

/**
 * What the dashboard shows: per department, records received from it, quarantined from it, delivered to it and
 * dead-lettered owed to it over the last hour or day (from the audit log, so it survives restarts), the same as a
 * time series for the chart, each adapter's state and each subscription's backlog. Counts only.
 */
@Service
class Dashboard {

    /** The period shown, and the bucket size of its chart. */
    enum Range {
        HOUR(Duration.ofHours(1), Duration.ofMinutes(5), "HH:mm"), DAY(Duration.ofDays(1), Duration.ofHours(1), "HH:00");

        final Duration length;
        final Duration bucket;
        final String labelPattern;

        Range(Duration length, Duration bucket, String labelPattern) {
            this.length = length;
            this.bucket = bucket;
            this.labelPattern = labelPattern;
        }

        static Range of(String name) {
            return "day".equalsIgnoreCase(name) ? DAY : HOUR;
        }
    }

    /** Records per outcome. */
    record Counts(long received, long quarantined, long delivered, long deadLettered) {

        Counts plus(String action, long n) {
            return switch (action) {
                case "PUBLISHED" -> new Counts(received + n, quarantined, delivered, deadLettered);
                case "QUARANTINED" -> new Counts(received, quarantined + n, delivered, deadLettered);
                case "DELIVERED" -> new Counts(received, quarantined, delivered + n, deadLettered);
                case "DEAD_LETTERED" -> new Counts(received, quarantined, delivered, deadLettered + n);
                default -> this;
            };
        }
    }

    static final Counts NONE = new Counts(0, 0, 0, 0);

    record DepartmentRow(String code, String nameZh, String nameEn, Counts counts) {
    }

    /**
     * An adapter on the dashboard: its state — Started, Stopped or Suspended (switched off, shown as such, not as a
     * failure), FAILING, or a named condition of its source such as CURSOR_REJECTED with what to do.
     */
    record AdapterRow(String route, String state, String lastCompleted, String lastFailed, String lastFailure,
            Object failuresInARow, String conditionDetail) {

        public boolean failing() {
            return !List.of("Started", "Stopped", "Suspended", "Starting", "Stopping", "Suspending", "Resuming")
                    .contains(state);
        }

        public boolean off() {
            return "Stopped".equals(state) || "Suspended".equals(state);
        }
    }

    /** The chart: bucket labels and one series per outcome. */
    record Series(List<String> labels, long[] received, long[] quarantined, long[] delivered, long[] deadLettered) {
    }

    record Snapshot(Range range, Instant at, Counts total, List<DepartmentRow> departments, List<AdapterRow> adapters,
            List<DeliveryBacklog.Entry> backlog, Series series) {
    }

    private final AuditQueries audit;
    private final DeliveryBacklog backlog;
    private final Departments departments;
    private final Subscriptions subscriptions;
    private final HealthEndpoint health;
    private final ConsoleProperties properties;
    private final Clock clock;

    Dashboard(AuditQueries audit, DeliveryBacklog backlog, Departments departments, Subscriptions subscriptions,
            HealthEndpoint health, ConsoleProperties properties, Clock clock) {
        this.audit = audit;
        this.backlog = backlog;
        this.departments = departments;
        this.subscriptions = subscriptions;
        this.health = health;
        this.properties = properties;
        this.clock = clock;
    }

    Snapshot snapshot(Range range) {
        Tally tally = tally(range);
        return new Snapshot(range, tally.at(), tally.total(), tally.departments(), adapters(), backlog.bySubscription(),
                tally.series());
    }

    /** The chart's series alone (what the chart refreshes), without the adapters and the backlog. */
    Series series(Range range) {
        return tally(range).series();
    }

    /** The period's counts from the audit log, per department and per bucket. */
    private record Tally(Instant at, Counts total, List<DepartmentRow> departments, Series series) {
    }

    private Tally tally(Range range) {
        Instant now = clock.instant();
        long bucketSeconds = range.bucket.toSeconds();
        Instant end = Instant.ofEpochSecond((now.getEpochSecond() / bucketSeconds + 1) * bucketSeconds);
        int buckets = (int) (range.length.toSeconds() / bucketSeconds);
        Instant start = end.minus(range.length);
        Map<String, Counts> byDepartment = new TreeMap<>();
        departments.all().forEach(d -> byDepartment.put(d.code(), NONE));
        long[][] series = new long[4][buckets];
        Counts total = NONE;
        for (AuditQueries.Traffic row : audit.traffic(start, end, range.bucket)) {
            String department = department(row);
            byDepartment.merge(department, NONE.plus(row.action(), row.count()), Dashboard::sum);
            total = total.plus(row.action(), row.count());
            int slot = (int) ((row.bucket().getEpochSecond() - start.getEpochSecond()) / bucketSeconds);
            int outcome = AuditQueries.TRAFFIC_ACTIONS.indexOf(row.action());
            if (slot >= 0 && slot < buckets && outcome >= 0) {
                series[outcome][slot] += row.count();
            }
        }
        DateTimeFormatter label = DateTimeFormatter.ofPattern(range.labelPattern).withZone(properties.timeZone());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            labels.add(label.format(start.plus(range.bucket.multipliedBy(i))));
        }
        Map<String, Department> known = new LinkedHashMap<>();
        departments.all().forEach(d -> known.put(d.code(), d));
        List<DepartmentRow> rows = new ArrayList<>();
        byDepartment.forEach((code, counts) -> {
            Department d = known.get(code);
            rows.add(new DepartmentRow(code, d == null ? code : d.nameZh(), d == null ? code : d.nameEn(), counts));
        });
        return new Tally(now, total, rows, new Series(labels, series[0], series[1], series[2], series[3]));
    }

    /** Received and quarantined count for the source, delivered and dead-lettered for the subscriber. */
    private String department(AuditQueries.Traffic row) {
        String department = switch (row.action()) {
            case "DELIVERED" -> row.targetDepartment();
            case "DEAD_LETTERED" -> row.subscriptionId() == null ? null
                    : subscriptions.byId(row.subscriptionId()).map(Subscription::subscriber).orElse(null);
            default -> row.sourceDepartment();
        };
        return department == null ? "unknown" : department;
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(a.received() + b.received(), a.quarantined() + b.quarantined(), a.delivered() + b.delivered(),
                a.deadLettered() + b.deadLettered());
    }

    private List<AdapterRow> adapters() {
        List<AdapterRow> rows = new ArrayList<>();
        adapterDetails(health).forEach((route, details) -> rows.add(new AdapterRow(route,
                String.valueOf(details.get("state")), time(details.get("lastCompleted")), time(details.get("lastFailed")),
                (String) details.getOrDefault("lastFailure", ""), details.getOrDefault("failuresInARow", 0),
                (String) details.get("conditionDetail"))));
        return rows;
    }

    /** The {@code adapters} health component's details per route (the dashboard's table, the operators' gauges). */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> adapterDetails(HealthEndpoint health) {
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        if (health.healthForPath("adapters") instanceof Health adapters) {
            adapters.getDetails().forEach((route, value) -> routes.put(route,
                    value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of()));
        }
        return routes;
    }

    private String time(Object instant) {
        if (instant == null || "null".equals(String.valueOf(instant))) {
            return "";
        }
        return DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(properties.timeZone())
                .format(Instant.parse(String.valueOf(instant)));
    }
}
