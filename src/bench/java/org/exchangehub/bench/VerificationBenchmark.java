package org.exchangehub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.ingest.InboundRecords;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * One verification at a steady rate: a hub on a durable H2 file holding {@code people} subsistence allowances, police
 * granted {@code allowance-status} through the catalog (requested and approved over the API), then questions over
 * HTTP at a fixed rate, half about people on file and half about others; each question's latency is measured from
 * the time it was due (so a hub falling behind shows, not hides, its queue). Also a batch file of questions, and the
 * query service {@code household-registration} against a WireMock household registry in a process of its own
 * answering after a fixed delay, called through the hub and directly.
 */
final class VerificationBenchmark implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURPOSE = "基准测试 (benchmark)";
    private static final int PROVIDER_DELAY_MS = 20;

    private final int policePort;
    private final String policeUrl;
    private HouseholdRegistry police;
    private final ConfigurableApplicationContext hub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final SteadyLoad load = new SteadyLoad();
    private final String base;
    private final String url;
    private final String key;
    private final String queryKey;
    private final int people;

    VerificationBenchmark(Path data, int people) throws Exception {
        FileSystemUtils.deleteRecursively(data);
        this.people = people;
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        policePort = port;
        policeUrl = "http://127.0.0.1:" + port;
        hub = new SpringApplicationBuilder(ExchangeHubApplication.class).run("--server.port=0",
                "--spring.profiles.active=test", "--hub.data-dir=" + data, "--hub.care.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:" + data.toAbsolutePath() + "/db/hub" + System.getProperty("bench.db.options", ""),
                "--hub.security.rate-limit.requests-per-second=100000", "--hub.security.rate-limit.burst=100000",
                "--hub.verification.rate-per-second=100000", "--hub.verification.burst=100000",
                "--hub.verification.daily-quota=100000000", "--hub.verification.probe-identities=10000000",
                "--hub.adapters.police.url=" + policeUrl, "--logging.level.org.exchangehub=WARN");
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) hub).getWebServer().getPort();
        url = base + "/api/v1/verifications/allowance-status";
        InboundRecords inbound = hub.getBean(InboundRecords.class);
        for (int from = 0; from < people; from += 500) {
            List<JsonNode> batch = new ArrayList<>();
            for (int i = from; i < Math.min(people, from + 500); i++) {
                batch.add(JSON.readTree(FictionalAllowances.record(i)));
            }
            inbound.receiveAll("subsistence-allowance", batch, "PUSH");
        }
        key = "Bearer " + hub.getBean(DepartmentKeys.class).issue("police", "benchmark", Duration.ofDays(1), "bench")
                .key();
        JsonNode request = JSON.readTree(post(base + "/api/v1/sharing-requests", key, """
                {"resource": "allowance-status", "purpose": "%s", "legalBasis": "《测试条例》第一条", "validUntil": "%s"}"""
                .formatted(PURPOSE, LocalDate.now().plusDays(30))).body());
        post(base + "/api/v1/sharing-requests/" + request.get("id").asText() + "/approve",
                TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN), "{}");
        queryKey = "Bearer " + hub.getBean(DepartmentKeys.class).issue("hotline", "benchmark", Duration.ofDays(1),
                "bench").key();
        JsonNode query = JSON.readTree(post(base + "/api/v1/sharing-requests", queryKey, """
                {"resource": "household-registration", "purpose": "%s", "legalBasis": "《测试条例》第一条",
                 "validUntil": "%s", "fields": {"name": "MASKED", "address": "CLEAR"}}"""
                .formatted(PURPOSE, LocalDate.now().plusDays(30))).body());
        post(base + "/api/v1/sharing-requests/" + query.get("id").asText() + "/approve",
                TestCredentials.basic(TestCredentials.POLICE_APPROVER), "{}");
    }

    /**
     * Sends a CSV batch of {@code rows} questions (half about people on file, one bad row in a thousand) and waits
     * until the job is done; returns the seconds from sending the file to the job's end.
     */
    double batchSeconds(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("idNumber,caseReference\r\n");
        for (int i = 0; i < rows; i++) {
            String person = FictionalAllowances.idNumber(i % 2 == 0 ? i / 2 % people : people + i / 2 % people);
            csv.append(i % 1000 == 999 ? "12345" : person).append(",BATCH-").append(i).append("\r\n");
        }
        long start = System.nanoTime();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/verifications/allowance-status/batches?purpose="
                + URLEncoder.encode(PURPOSE, StandardCharsets.UTF_8))).header("Authorization", key)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("batch refused: " + submitted.statusCode() + " " + submitted.body());
        }
        String job = base + "/api/v1/verifications/batches/" + JSON.readTree(submitted.body()).get("id").asText();
        while (true) {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(job))
                    .header("Authorization", key).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            switch (state.get("state").asText()) {
                case "DONE" -> {
                    return (System.nanoTime() - start) / 1e9;
                }
                case "FAILED" -> throw new IllegalStateException("batch failed: " + state);
                default -> Thread.sleep(100);
            }
        }
    }

    /**
     * Calls the query service {@code household-registration} {@code perSecond} times a second for {@code seconds}
     * through the hub and as many times directly, the calls interleaved, so that both meet the same machine (a
     * collector's pause, the other process's work); the provider (WireMock) answers after {@value #PROVIDER_DELAY_MS}
     * ms. Returns the direct and the hub's latencies in ms, each sorted.
     */
    double[][] queryLatencies(int perSecond, int seconds) throws Exception {
        SteadyLoad.Call direct = query(true);
        SteadyLoad.Call through = query(false);
        double[] both = load.timed(2 * perSecond, seconds, n -> (n % 2 == 0 ? direct : through).make(n / 2));
        double[][] split = { new double[both.length / 2], new double[both.length / 2] };
        for (int n = 0; n < both.length / 2 * 2; n++) {
            split[n % 2][n / 2] = both[n];
        }
        Arrays.sort(split[0]);
        Arrays.sort(split[1]);
        return split;
    }

    /** Calls the query service through the hub until the compilers have settled; returns the seconds it took. */
    int warmUpQueries(int perSecond) throws Exception {
        return load.warmUp(perSecond, 10, Integer.getInteger("bench.query.warmup-seconds", 120), query(false));
    }

    private SteadyLoad.Call query(boolean direct) throws Exception {
        if (police == null) {
            // only for the query part, so that its start does not disturb the parts before
            police = new HouseholdRegistry(policePort, PROVIDER_DELAY_MS);
        }
        String to = direct ? policeUrl + HouseholdRegistry.QUERY : base + "/api/v1/services/police/household-registration";
        return n -> load.post(to, queryKey, """
                {"purpose": "%s", "caseReference": "Q-%d", "query": {"idNumber": "%s"}}"""
                .formatted(PURPOSE, n, FictionalAllowances.idNumber(n % people)));
    }

    /**
     * The verification part of the suite, into {@code summary}: {@code bench.verification.people} (20,000) allowances
     * on file; warm-up at the rate until the JIT compilers have settled ({@link SteadyLoad#warmUp}: at least 30 s, at
     * most {@code bench.verification.warmup-seconds}, 180); then {@code bench.verification.rate} (500) questions a
     * second for {@code bench.verification.seconds} (30), half about people on file: latency from when each question
     * was due, the process's CPU per question (hub and client), the collectors' time per second, group commits per
     * question. Then a batch of {@code bench.verification.batch-rows} (100,000) questions, and the query service at
     * {@code bench.query.rate} (200) calls a second against a provider answering in 20 ms — warmed up through the
     * hub the same way (at most {@code bench.query.warmup-seconds}, 120), then through the hub and directly, the
     * calls interleaved: the overhead is the difference of the two p99s.
     */
    static void measure(Path data, Map<String, Object> summary) throws Exception {
        int rate = Integer.getInteger("bench.verification.rate", 500);
        int seconds = Integer.getInteger("bench.verification.seconds", 30);
        try (VerificationBenchmark bench = new VerificationBenchmark(data,
                Integer.getInteger("bench.verification.people", 20_000))) {
            summary.put("verification_warmup_s", bench.load.warmUp(rate, 30,
                    Integer.getInteger("bench.verification.warmup-seconds", 180), bench.question()));
            long cpu = SteadyLoad.processCpuNanos();
            long gc = SteadyLoad.collectionMillis();
            long commits = bench.commits();
            double[] latencies;
            String paused;
            try (CollectorPauses pauses = new CollectorPauses()) {
                latencies = bench.latency(rate, seconds);
                paused = pauses.into(summary, "verification");
            }
            summary.put("verification_commits_per_call",
                    BenchmarkSuite.round2((bench.commits() - commits) / (double) latencies.length));
            summary.put("verification_commit_wait_p99_ms", bench.commitWaitP99Ms());
            summary.put("verification_cpu_us_per_call", Math.round((SteadyLoad.processCpuNanos() - cpu) / 1e3 / latencies.length));
            summary.put("verification_gc_ms_per_s", BenchmarkSuite.round2((SteadyLoad.collectionMillis() - gc) / (double) seconds));
            summary.put("verification_rate_per_s", rate);
            summary.put("verification_p50_ms", BenchmarkSuite.round2(EndToEndBenchmark.percentile(latencies, 50)));
            summary.put("verification_p99_ms", BenchmarkSuite.round2(EndToEndBenchmark.percentile(latencies, 99)));
            System.out.printf("verification at %d a second: p50 %s ms, p99 %s ms; %s µs CPU per question, GC %s ms/s"
                    + " (%s), %s commits per question%n", rate, summary.get("verification_p50_ms"),
                    summary.get("verification_p99_ms"), summary.get("verification_cpu_us_per_call"),
                    summary.get("verification_gc_ms_per_s"), paused, summary.get("verification_commits_per_call"));
            int rows = Integer.getInteger("bench.verification.batch-rows", 100_000);
            summary.put("verification_batch_rows", rows);
            summary.put("verification_batch_s", BenchmarkSuite.round2(bench.batchSeconds(rows)));
            System.out.printf("verification batch of %d rows: %s s%n", rows, summary.get("verification_batch_s"));
            bench.measureQueries(summary, Integer.getInteger("bench.query.rate", 200),
                    Integer.getInteger("bench.query.windows", 3), seconds);
        }
    }

    /**
     * The query service's part: warm-up, then {@code windows} windows of {@code seconds} each, calls through the hub
     * and direct ones interleaved; each key is the median of its windows (one window's stall — a collector's pause
     * of the provider's JVM, the machine's other work — moves a p99 by tens of ms on two cores), the windows' own
     * values under {@code *_windows}.
     */
    private void measureQueries(Map<String, Object> summary, int perSecond, int windows, int seconds)
            throws Exception {
        summary.put("query_warmup_s", warmUpQueries(perSecond));
        List<Double> provider = new ArrayList<>();
        List<Double> through = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        String paused;
        try (CollectorPauses pauses = new CollectorPauses()) {
            for (int window = 0; window < windows; window++) {
                double[][] providerAndThrough = queryLatencies(perSecond, seconds);
                provider.add(BenchmarkSuite.round2(EndToEndBenchmark.percentile(providerAndThrough[0], 99)));
                through.add(BenchmarkSuite.round2(EndToEndBenchmark.percentile(providerAndThrough[1], 99)));
                overhead.add(BenchmarkSuite.round2(through.get(window) - provider.get(window)));
            }
            paused = pauses.into(summary, "query");
        }
        summary.put("query_rate_per_s", perSecond);
        summary.put("query_provider_p99_ms", BenchmarkSuite.median(provider));
        summary.put("query_p99_ms", BenchmarkSuite.median(through));
        summary.put("query_overhead_p99_ms", BenchmarkSuite.median(overhead));
        summary.put("query_overhead_p99_ms_windows", overhead);
        summary.put("query_commit_wait_p99_ms", commitWaitP99Ms());
        System.out.printf("query service at %d a second: provider p99 %s ms, through the hub p99 %s ms, overhead"
                + " p99 %s ms (windows: %s); %s%n", perSecond, summary.get("query_provider_p99_ms"),
                summary.get("query_p99_ms"), summary.get("query_overhead_p99_ms"), overhead, paused);
    }

    /**
     * Asks {@code perSecond} questions a second for {@code seconds}; returns the latencies in ms, sorted.
     *
     * @throws IllegalStateException when a question was not answered 200
     */
    double[] latency(int perSecond, int seconds) throws Exception {
        return load.run(perSecond, seconds, question());
    }

    /** One question: half about people on file, half about others (indexes beyond those seeded). */
    private SteadyLoad.Call question() {
        return n -> {
            String person = FictionalAllowances.idNumber(n % 2 == 0 ? n / 2 % people : people + n / 2 % people);
            return load.post(url, key, """
                    {"idNumber": "%s", "purpose": "%s", "caseReference": "BENCH-%d"}"""
                    .formatted(person, PURPOSE, n));
        };
    }

    /** The 99th percentile of the group commit's waits, over about the last two minutes (Micrometer's window). */
    private double commitWaitP99Ms() {
        ValueAtPercentile[] percentiles = hub.getBean(MeterRegistry.class).timer("hub.journal.commit.wait")
                .takeSnapshot().percentileValues();
        return BenchmarkSuite.round2(percentiles[percentiles.length - 1].value(TimeUnit.MILLISECONDS));
    }

    /** The hub's group commits so far. */
    private long commits() {
        return hub.getBean(MeterRegistry.class).summary("hub.journal.commits").count();
    }

    private HttpResponse<String> post(String to, String authorization, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(to)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        load.close();
        hub.close();
        if (police != null) {
            police.close();
        }
    }
}
