package org.exchangehub.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.internal.ElementFormats;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.ProtectedRecord;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.RecordJson;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hub end to end, as a department sees it: subsistence-allowance records (3 PII fields) pushed as civil affairs
 * through the push API in batches, validated, encrypted with the SM suite, journaled in a durable H2 file database
 * with their audit events, and delivered by webhook to 3 subscribers with different views
 * ({@link WebhookSubscribers}). Also the same per-record work in a plain loop.
 */
final class EndToEndBenchmark implements AutoCloseable {

    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUBSCRIBERS = List.of("police", "health", "grid");

    private final ConfigurableApplicationContext hub;
    private final WebhookSubscribers subscribers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String pushUrl;
    private final String key;
    private final HubCounters counters;

    EndToEndBenchmark(Path data) throws IOException {
        FileSystemUtils.deleteRecursively(data);
        subscribers = new WebhookSubscribers(SUBSCRIBERS);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
                "--hub.data-dir=" + data, "--hub.care.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:" + data.toAbsolutePath() + "/db/hub"
                        + System.getProperty("bench.db.options", ""),
                "--hub.security.rate-limit.requests-per-second=1000", "--hub.security.rate-limit.burst=1000",
                "--logging.level.org.exchangehub=WARN"));
        // -Dbench.db.options=";PAGE_SIZE=2048" tries H2 settings, -Dbench.hub.args="--hub.delivery.batch-size=500 ..." tries a setting without changing the defaults
        String extra = System.getProperty("bench.hub.args", "").trim();
        if (!extra.isEmpty()) {
            arguments.addAll(List.of(extra.split("\\s+")));
        }
        hub = new SpringApplicationBuilder(ExchangeHubApplication.class).run(arguments.toArray(String[]::new));
        Subscriptions subscriptions = hub.getBean(Subscriptions.class);
        subscriptions.all().forEach(s -> subscriptions.remove(s.id()));
        subscriptions.put(subscription("bench-police", "police", subscribers.url("police"), Map.of("recipientName",
                FieldView.CLEAR, "recipientIdNumber", FieldView.BLIND_INDEX)));
        subscriptions.put(subscription("bench-health", "health", subscribers.url("health"), Map.of("recipientName",
                FieldView.MASKED, "recipientIdNumber", FieldView.MASKED, "address", FieldView.MASKED)));
        subscriptions.put(subscription("bench-grid", "grid", subscribers.url("grid"), Map.of("recipientName", FieldView.CLEAR,
                "recipientIdNumber", FieldView.CLEAR, "address", FieldView.CLEAR)));
        int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        pushUrl = "http://127.0.0.1:" + port + "/api/v1/inbound/subsistence-allowance";
        counters = new HubCounters(hub.getBean(javax.sql.DataSource.class));
        key = hub.getBean(DepartmentKeys.class).issue("civil-affairs", "benchmark", Duration.ofDays(1), "bench").key();
    }

    /** What the last {@link #throughput} run cost: B-tree entries added and pipeline CPU outside H2, per record. */
    double[] lastCosts() {
        return new double[] { counters.entries(), counters.outsideStoreMicros() };
    }

    /**
     * Pushes {@code count} records from {@code first} in batches from 2 client threads and waits until every
     * subscriber acknowledged all of them; returns records per second from the first push to the last delivery.
     */
    double throughput(int first, int count) throws Exception {
        long before = subscribers.delivered();
        long callsBefore = subscribers.calls();
        counters.start();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> pushes = new ArrayList<>();
            for (int from = first; from < first + count; from += BATCH) {
                int start = from;
                int size = Math.min(BATCH, first + count - from);
                pushes.add(clients.submit(() -> push(http, pushUrl, key, FictionalAllowances.batch(start, size))));
            }
            for (Future<?> push : pushes) {
                push.get();
            }
        } finally {
            clients.shutdown();
        }
        System.out.printf("e2e: pushes of %,d records done after %.1f s%n", count, (System.nanoTime() - started) / 1e9);
        long target = before + (long) count * SUBSCRIBERS.size();
        while (subscribers.delivered() < target) {
            Thread.sleep(5);
        }
        double perSecond = count / ((System.nanoTime() - started) / 1e9);
        System.out.printf("e2e: %,d records from %,d: %,.0f records/s, %s%n%s", count, first, perSecond,
                batches(target - before, subscribers.calls() - callsBefore), counters.perRecord(count));
        return perSecond;
    }

    /**
     * Warms the hub up in rounds of {@value #WARM_UP_ROUND} records until the JIT compiler takes under 10 % of the
     * process's CPU in a round, at most {@code maxRounds}; then, at most {@value #SETTLING_CYCLES} times,
     * {@code steadySeconds} at 1,000 records/s and {@value #SETTLING_ROUND} records at full speed, until the compiler
     * took under 5 % in that round; returns the records used. On two saturated cores the compiler threads get little
     * time: the rounds alone left it at 16–29 % of the CPU in the measured records, one steady phase after them
     * 8–15 %; what runs at full speed is compiled at leisure in the steady phase after it. Without load it does not
     * catch up: HotSpot drops queued compilations of methods no longer called (docs/performance.md).
     */
    int warmUp(int first, int maxRounds, int steadySeconds) throws Exception {
        int used = 0;
        for (int round = 1; round <= maxRounds; round++) {
            throughput(first + used, WARM_UP_ROUND);
            used += WARM_UP_ROUND;
            if (counters.compilerShare() < 0.10) {
                break;
            }
        }
        int steady = 0;
        for (int cycle = 1; cycle <= SETTLING_CYCLES && steadySeconds > 0; cycle++) {
            latency(first + used, 1_000, steadySeconds);
            used += 1_000 * steadySeconds;
            steady += 1_000 * steadySeconds;
            throughput(first + used, SETTLING_ROUND);
            used += SETTLING_ROUND;
            if (counters.compilerShare() < 0.05) {
                break;
            }
        }
        System.out.printf("e2e: warmed up with %,d records, %,d of them at 1,000 records/s%n", used, steady);
        return used;
    }

    private static final int SETTLING_CYCLES = 3;
    private static final int SETTLING_ROUND = 50_000;
    private static final int WARM_UP_ROUND = 10_000;

    /** Leaves the hub without load for a while and shows what its storage housekeeping did to the database file. */
    void idle(int seconds) throws InterruptedException {
        counters.start();
        for (int waited = 0; waited < seconds; waited += 15) {
            Thread.sleep(Math.min(15, seconds - waited) * 1000L);
            System.out.printf("e2e: after %d s without load:%n%s", Math.min(waited + 15, seconds),
                    counters.fileState());
        }
    }

    /** Push → delivery latencies (ms, every record to every subscriber) at a steady rate. */
    double[] latency(int first, int perSecond, int seconds) throws Exception {
        Map<String, Long> times = subscribers.noteArrivals();
        long callsBefore = subscribers.calls();
        Map<String, Long> pushed = new ConcurrentHashMap<>();
        int perBatch = Math.max(1, perSecond / 50);
        long interval = 1_000_000_000L / (perSecond / perBatch);
        int total = perSecond * seconds;
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> pushes = new ArrayList<>();
        for (int i = 0, n = 0; n < total; i++, n += perBatch) {
            long due = start + i * interval;
            // parked, not spinning: on 2 cores a spinning pacer took one of them from the hub it measures
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int from = first + n;
            pushes.add(clients.submit(() -> {
                String body = FictionalAllowances.batch(from, perBatch);
                long sent = System.nanoTime();
                for (int r = from; r < from + perBatch; r++) {
                    pushed.put(FictionalAllowances.sourceKey(r), sent);
                }
                push(http, pushUrl, key, body);
                return null;
            }));
        }
        for (Future<?> push : pushes) {
            push.get();
        }
        clients.shutdown();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (times.size() < (long) pushed.size() * SUBSCRIBERS.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        subscribers.stopNoting();
        System.out.printf("e2e: latency run: %s%n", batches(times.size(), subscribers.calls() - callsBefore));
        double[] latencies = times.entrySet().stream()
                .mapToDouble(e -> (e.getValue() - pushed.get(e.getKey().substring(e.getKey().indexOf('|') + 1))) / 1e6)
                .sorted().toArray();
        if (latencies.length < (long) pushed.size() * SUBSCRIBERS.size()) {
            throw new IllegalStateException("only " + latencies.length + " of " + pushed.size() * SUBSCRIBERS.size()
                    + " deliveries arrived");
        }
        return latencies;
    }

    /**
     * The same per-record work without Camel, HTTP or database: JSON to record, element checks, encryption of the
     * PII fields with blind indexes, wire encoding, and the 3 subscribers' views; records per second.
     */
    double raw(int first, int count) throws Exception {
        CanonicalSchemas schemas = hub.getBean(CanonicalSchemas.class);
        RecordProtection protection = hub.getBean(RecordProtection.class);
        RecordCodec codec = hub.getBean(RecordCodec.class);
        var schema = schemas.forRecordType("subsistence-allowance").orElseThrow();
        Subscriptions subscriptions = hub.getBean(Subscriptions.class);
        List<SubscriberView> views = subscriptions.all().stream().map(subscriptions::viewOf).toList();
        long sink = 0;
        long started = System.nanoTime();
        for (int i = first; i < first + count; i++) {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(FictionalAllowances.record(i));
            json.put("recordId", java.util.UUID.randomUUID().toString());
            json.put("ingestedAt", java.time.OffsetDateTime.now().toString());
            GenericRecord clear = RecordJson.fromJson(json, schema.schema());
            if (!ElementFormats.check(clear).isEmpty()) {
                throw new IllegalStateException("benchmark record " + i + " is invalid");
            }
            sink += protection.fingerprint(clear).length();
            ProtectedRecord sealed = protection.protect(clear, schema.subject());
            byte[] wire = codec.encode(sealed.record());
            GenericRecord stored = codec.decode(wire);
            for (SubscriberView view : views) {
                sink += RecordJson.toJson(protection.view(new ProtectedRecord(stored, sealed.blindIndexes()),
                        schema.subject(), view)).size();
            }
        }
        double perSecond = count / ((System.nanoTime() - started) / 1e9);
        return sink > 0 ? perSecond : 0;
    }

    /** Pushes a batch of allowances as civil affairs; fails unless the hub took every record of it. */
    static void push(HttpClient http, String pushUrl, String key, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pushUrl))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("QUARANTINED")) {
                throw new IllegalStateException("push answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(300, response.body().length())));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String batches(long deliveries, long calls) {
        return String.format("%,d webhook calls of %.1f records on average", calls, (double) deliveries / calls);
    }

    static Subscription subscription(String id, String subscriber, String url, Map<String, FieldView> views) {
        return new Subscription(id, subscriber, "subsistence-allowance", "基准测试 (benchmark)", "《测试条例》第一条",
                SubscriptionFilter.ALL, views, new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, url,
                        DeliveryChannel.Format.JSON, "bench-secret-" + subscriber));
    }

    static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    @Override
    public void close() {
        hub.close();
        subscribers.close();
    }
}
