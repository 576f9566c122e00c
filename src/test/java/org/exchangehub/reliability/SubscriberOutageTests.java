package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One subscriber (health) is down (answers 503) for 30 s — 5 minutes under {@code -Preliability} — while civil
 * affairs keeps pushing 100 records/s. When it is back its backlog drains, in full and once; the two subscribers
 * that stayed up see no more delay while it is down than before. Delivery runs with the shipped retry settings, except
 * that the short variant waits at most 5 s between retries (default 1 min) so that it drains within the build.
 * Its hub is its own JVM and most of its minute is waiting, so it runs beside the build's other test classes.
 */
@Tag(HubProcess.OWN_JVM)
@Execution(ExecutionMode.CONCURRENT)
class SubscriberOutageTests {

    static final String DOWN = "health";
    static final int PER_SECOND = 100;
    static final int PER_BATCH = 20;

    @TempDir
    Path dataDir;

    @Test
    void aSubscriberThatIsDownGetsItsBacklogWhenBackAndTheOthersDoNotWait() throws Exception {
        boolean longVariant = ReliabilitySummary.longVariant();
        int outageSeconds = longVariant ? 300 : 30;
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, Long> pushedAt = new ConcurrentHashMap<>();
        try (RecordingSubscribers subscribers = new RecordingSubscribers(AllowanceFlow.SUBSCRIBERS,
                AllowanceFlow::asSent);
                HubProcess hub = new HubProcess(dataDir, longVariant ? AllowanceFlow.arguments(subscribers)
                        : AllowanceFlow.arguments(subscribers, "--hub.delivery.max-backoff=5s",
                                "--hub.delivery.breaker-open=5s"))) {
            hub.start();
            HubHttp http = hub.http();
            String key = AllowanceFlow.civilAffairsKey(http);
            AtomicBoolean pushing = new AtomicBoolean(true);
            ExecutorService pusher = Executors.newSingleThreadExecutor();
            Future<Integer> pushed = pusher.submit(() -> {
                long interval = TimeUnit.SECONDS.toNanos(1) * PER_BATCH / PER_SECOND;
                long next = System.nanoTime();
                int from = 0;
                while (pushing.get()) {
                    for (int i = from; i < from + PER_BATCH; i++) {
                        pushedAt.put(FictionalAllowances.sourceKey(i), System.nanoTime());
                    }
                    AllowanceFlow.push(http, key, from, PER_BATCH, accepted);
                    from += PER_BATCH;
                    next += interval;
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                return from;
            });

            Thread.sleep(10_000);
            Set<String> before = Set.copyOf(accepted);
            subscribers.takeDown(DOWN);
            Thread.sleep(outageSeconds * 1000L);
            Set<String> during = ConcurrentHashMap.newKeySet();
            during.addAll(accepted);
            during.removeAll(before);
            subscribers.bringBack(DOWN);
            long back = System.nanoTime();
            Set<String> owedAtReturn = Set.copyOf(accepted);
            while (!AllowanceFlow.arrived(subscribers, DOWN, owedAtReturn)
                    && System.nanoTime() - back < TimeUnit.MINUTES.toNanos(5)) {
                Thread.sleep(100);
            }
            double drainSeconds = (System.nanoTime() - back) / 1e9;
            Thread.sleep(5_000);
            pushing.set(false);
            int records = pushed.get(1, TimeUnit.MINUTES);
            pusher.shutdown();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!AllowanceFlow.allArrived(subscribers, accepted) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000);

            double othersBefore = p99(subscribers, pushedAt, before);
            double othersDuring = p99(subscribers, pushedAt, during);
            long lost = AllowanceFlow.lost(subscribers, accepted);
            long duplicated = AllowanceFlow.duplicated(subscribers);
            int deadLetters = http.get("/api/v1/admin/dead-letters", TestCredentials.basic(TestCredentials.ADMIN))
                    .json().size();
            System.out.printf("outage: %d s down, %,d records pushed (%,d while down); backlog drained %.1f s after "
                    + "the subscriber came back; others' p99 %.0f ms before, %.0f ms during; lost %d, duplicated %d, "
                    + "dead letters %d%n", outageSeconds, records, during.size(), drainSeconds, othersBefore,
                    othersDuring, lost, duplicated, deadLetters);
            ReliabilitySummary.record(Map.of("outage_seconds", outageSeconds, "outage_records", accepted.size(),
                    "outage_lost", lost, "outage_duplicated", duplicated, "outage_drain_s", round(drainSeconds),
                    "outage_others_p99_before_ms", Math.round(othersBefore),
                    "outage_others_p99_during_ms", Math.round(othersDuring)));

            assertThat(lost).as("records some subscriber never received").isZero();
            assertThat(duplicated).isZero();
            assertThat(subscribers.mismatches()).isZero();
            assertThat(deadLetters).isZero();
            assertThat(during).hasSizeGreaterThan(outageSeconds * PER_SECOND / 2);
            assertThat(othersDuring).as("the others' p99 while one subscriber is down")
                    .isLessThan(Math.max(2_000, 3 * othersBefore));
        }
    }

    /** p99 push → arrival (ms) at the subscribers that stayed up, of the given records. */
    private static double p99(RecordingSubscribers subscribers, Map<String, Long> pushedAt, Set<String> keys) {
        double[] latencies = AllowanceFlow.SUBSCRIBERS.stream().filter(s -> !s.equals(DOWN))
                .flatMap(s -> subscribers.firstArrivals(s).entrySet().stream())
                .filter(e -> keys.contains(e.getKey()))
                .mapToDouble(e -> (e.getValue() - pushedAt.get(e.getKey())) / 1e6).sorted().toArray();
        return latencies.length == 0 ? Double.NaN
                : latencies[Math.min(latencies.length - 1, (int) Math.ceil(0.99 * latencies.length) - 1)];
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
