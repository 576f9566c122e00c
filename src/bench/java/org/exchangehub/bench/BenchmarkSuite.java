package org.exchangehub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.CanonicalJson;
import org.exchangehub.audit.ChainFormat;
import org.exchangehub.audit.ChainVerifier;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./mvnw -Pbench verify}: runs the benchmarks and writes {@code target/bench/summary.json} and a table on
 * stdout: end-to-end throughput, latency and scaling ({@link EndToEndBenchmark}), field crypto (JMH) and the audit
 * log; with a PostgreSQL server named, the same scenario on PostgreSQL with one node and two ({@link #postgresql}).
 * {@code -Dbench.only=e2e|crypto|audit|verification|postgresql} runs one part.
 */
class BenchmarkSuite {

    private static final Path OUT = Path.of("target/bench");
    private static final int APPENDS = 20_000;
    private static final int CHAIN = 1_000_000;

    private final Map<String, Object> summary = new LinkedHashMap<>();

    @Test
    void runBenchmarksAndWriteTheSummary() throws Exception {
        FileSystemUtils.deleteRecursively(OUT);
        Files.createDirectories(OUT);
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        summary.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        summary.put("suite", "SM");
        String only = System.getProperty("bench.only", "all");
        // crypto first, on a quiet machine: after the end-to-end run the OS still writes back gigabytes of the
        // closed hub's database file, which made the same build's field figures 10-15 % slower and noisier
        if (only.equals("all") || only.equals("crypto")) {
            fieldCrypto();
        }
        if (only.equals("all") || only.equals("e2e")) {
            endToEnd();
        }
        if (only.equals("all") || only.equals("audit")) {
            audit();
        }
        if (only.equals("all") || only.equals("verification")) {
            VerificationBenchmark.measure(OUT.resolve("verification"), summary);
        }
        String postgresql = System.getProperty("bench.postgresql", System.getenv("HUB_TEST_POSTGRESQL"));
        if ((only.equals("all") || only.equals("postgresql")) && postgresql != null && !postgresql.isBlank()) {
            postgresql(postgresql);
        }
        Files.writeString(OUT.resolve("summary.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        System.out.println("\n| metric | value |\n|---|---|");
        summary.forEach((metric, value) -> System.out.println("| " + metric + " | " + value + " |"));
        System.out.println("\nwritten to " + OUT.resolve("summary.json").toAbsolutePath());
    }

    /**
     * End to end on one hub: warm-up until the JIT compiler has nearly settled (rounds of 10,000 records until it
     * takes less than 10 % of the CPU, at most {@code bench.warmup.rounds}, 20: it still took 25–40 % in every round
     * up to 80,000 records, 10–13 % over the next 100,000 and 2–3 % after 250,000), then
     * {@code bench.warmup.steady-seconds} (30) at 1,000 records/s for the compiler to catch up
     * ({@link EndToEndBenchmark#warmUp}), then 10,000 and
     * {@code bench.e2e.records} (100,000) measured, the plain loop, the steady-rate latency, and last
     * {@code bench.scaling.records} (100,000 by default, to stay within the 15-minute budget; the issue asks for
     * 1,000,000) for the scaling ratio against the 10,000 run.
     */
    private void endToEnd() throws Exception {
        int records = Integer.getInteger("bench.e2e.records", 100_000);
        int large = Integer.getInteger("bench.scaling.records", 100_000);
        int latencySeconds = Integer.getInteger("bench.latency.seconds", 60);
        try (EndToEndBenchmark e2e = new EndToEndBenchmark(OUT.resolve("e2e"))) {
            int next = e2e.warmUp(0, Integer.getInteger("bench.warmup.rounds", 20),
                    Integer.getInteger("bench.warmup.steady-seconds", 30));
            summary.put("e2e_warmup_records", next);
            double small = e2e.throughput(next, 10_000);
            next += 10_000;
            double rate = e2e.throughput(next, records);
            double[] costs = e2e.lastCosts();
            next += records;
            e2e.raw(next, 5_000);
            double raw = e2e.raw(next + 5_000, 50_000);
            summary.put("e2e_records_per_s", Math.round(rate));
            summary.put("raw_records_per_s", Math.round(raw));
            summary.put("overhead_ratio", round2(raw / rate));
            summary.put("btree_entries_per_record", round2(costs[0]));
            summary.put("cpu_us_outside_store_per_record", Math.round(costs[1]));
            System.out.printf("e2e: %,.0f records/s, plain loop %,.0f records/s%n", rate, raw);
            double[] latencies = e2e.latency(next, 1_000, latencySeconds);
            next += 1_000 * latencySeconds;
            summary.put("p50_ms", round2(EndToEndBenchmark.percentile(latencies, 50)));
            summary.put("p99_ms", round2(EndToEndBenchmark.percentile(latencies, 99)));
            System.out.printf("e2e latency at 1,000 records/s: p50 %s ms, p99 %s ms%n", summary.get("p50_ms"),
                    summary.get("p99_ms"));
            double scaled = e2e.throughput(next, large);
            summary.put("e2e_10k_records_per_s", Math.round(small));
            summary.put("e2e_" + (large / 1000) + "k_records_per_s", Math.round(scaled));
            summary.put("scaling_ratio", round2(scaled / small));
            e2e.idle(Integer.getInteger("bench.idle.seconds", 60));
        }
    }

    /**
     * The end-to-end scenario on PostgreSQL with one node and with two on one database ({@link ClusterBenchmark}),
     * when {@code bench.postgresql} (or {@code HUB_TEST_POSTGRESQL}) names a server: a warm-up of
     * {@code bench.pg.warmup} records (20,000), then {@code bench.pg.records} (50,000) measured.
     */
    private void postgresql(String server) throws Exception {
        int warmUp = Integer.getInteger("bench.pg.warmup", 20_000);
        int records = Integer.getInteger("bench.pg.records", 50_000);
        for (int nodes : List.of(1, 2)) {
            try (ClusterBenchmark cluster = new ClusterBenchmark(OUT.resolve("pg-" + nodes), server, nodes)) {
                cluster.throughput(0, warmUp);
                double rate = cluster.throughput(warmUp, records);
                summary.put("pg_" + nodes + (nodes == 1 ? "_node" : "_nodes") + "_records_per_s", Math.round(rate));
            }
        }
    }

    /**
     * JMH runs every fork of a benchmark before the next one, so "field" and "raw" measured in one run lay a minute
     * apart, and a machine that slowed down in between (the OS writing back an earlier run's files, another tenant)
     * moved the ratio by a third (1.53 on a quiet machine, 2.07 in a run whose iterations kept slowing). So: rounds of
     * one fork each, which measure each pair seconds apart, the ratio of each round, and the median of the rounds,
     * which sets a disturbed round aside; the nanoseconds reported are the medians too.
     */
    private void fieldCrypto() throws Exception {
        var options = new OptionsBuilder().include(FieldCryptoBenchmark.class.getName()).forks(1)
                .warmupIterations(5).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).jvmArgsAppend("-Xms512m").build();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 0; round < CRYPTO_ROUNDS; round++) {
            for (RunResult result : new Runner(options).run()) {
                String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                scores.computeIfAbsent(method + "/" + result.getParams().getParam("suiteName"), k -> new ArrayList<>())
                        .add(result.getPrimaryResult().getScore());
            }
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String suite : List.of("SM", "INTL")) {
            List<Double> field = scores.get("field/" + suite);
            List<Double> raw = scores.get("raw/" + suite);
            List<Double> perRound = new ArrayList<>();
            for (int round = 0; round < CRYPTO_ROUNDS; round++) {
                perRound.add(field.get(round) / raw.get(round));
            }
            ratios.put(suite, median(perRound));
            System.out.printf("crypto %s: field / raw per round %s, median %.2f%n", suite,
                    perRound.stream().map(r -> String.format("%.2f", r)).toList(), ratios.get(suite));
        }
        summary.put("sm4_gcm_field_ns", round(median(scores.get("field/SM"))));
        summary.put("aes_gcm_field_ns", round(median(scores.get("field/INTL"))));
        summary.put("raw_sm4_gcm_ns", round(median(scores.get("raw/SM"))));
        summary.put("raw_aes_gcm_ns", round(median(scores.get("raw/INTL"))));
        summary.put("field_crypto_ratio", round2(Math.max(ratios.get("SM"), ratios.get("INTL"))));
    }

    private static final int CRYPTO_ROUNDS = 3;

    /** The median; of an even count, the mean of the middle two. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private void audit() throws Exception {
        Path data = OUT.resolve("hub");
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(ExchangeHubApplication.class).run(
                "--server.port=0", "--spring.profiles.active=test", "--hub.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data.toAbsolutePath() + "/db/hub",
                // no timed checkpoint while the benchmark rewrites the chain under the hub's feet
                "--hub.care.enabled=false", "--hub.audit.checkpoint-interval=1d")) {
            AuditLog log = hub.getBean(AuditLog.class);
            for (int i = 0; i < 2_000; i++) {
                log.append(entry(i));
            }
            long started = System.nanoTime();
            for (int i = 0; i < APPENDS; i++) {
                log.append(entry(i));
            }
            summary.put("audit_append_per_s", Math.round(APPENDS / seconds(started)));

            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            AuditSigningKey key = hub.getBean(AuditSigningKey.class);
            writeChain(jdbc, key);
            started = System.nanoTime();
            ChainVerifier.Verdict verdict = hub.getBean(AuditVerifier.class).verifyDatabase();
            double verifySeconds = seconds(started);
            if (!verdict.ok() || verdict.events() != CHAIN) {
                throw new IllegalStateException("benchmark chain does not verify: " + verdict.detail());
            }
            summary.put("audit_verify_1m_s", round2(verifySeconds));
        }
    }

    /** A chain of a million delivery events with a checkpoint every 1000, written in batches. */
    private static void writeChain(JdbcTemplate jdbc, AuditSigningKey key) {
        jdbc.update("DELETE FROM audit_checkpoint");
        jdbc.update("DELETE FROM audit_subject_index");
        jdbc.update("DELETE FROM audit_event");
        String previous = ChainFormat.GENESIS;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Object[]> rows = new ArrayList<>();
        Map<String, String> fields = Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED");
        for (long seq = 1; seq <= CHAIN; seq++) {
            Instant at = start.plusMillis(seq * 31);
            AuditEvent event = new AuditEvent(seq, at, "hub", "DELIVERED", "%036d".formatted(seq),
                    "death-certificate-value", 3, "health", "civil-affairs", "death-to-civil-affairs", "停发低保",
                    "《社会救助暂行办法》第十三条", fields, Map.of(), "OK", null, previous, null);
            String hash = ChainFormat.chainHash(key.suite(), previous, event.canonicalJson());
            rows.add(new Object[] { seq, Timestamp.from(at), event.recordId(), CanonicalJson.write(fields), previous, hash });
            if (seq % 1000 == 0) {
                jdbc.update("INSERT INTO audit_checkpoint (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                        seq, hash, Timestamp.from(at), key.keyId(),
                        Base64.getEncoder().encodeToString(key.sign(ChainFormat.checkpointMessage(seq, hash, at))));
            }
            if (rows.size() == 10_000) {
                insert(jdbc, rows);
            }
            previous = hash;
        }
        insert(jdbc, rows);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", CHAIN, previous);
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("""
                INSERT INTO audit_event (seq, at, actor, action, record_id, subject, schema_id, source_department,
                    target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail,
                    prev_hash, hash) VALUES (?, ?, 'hub', 'DELIVERED', ?, 'death-certificate-value', 3, 'health',
                    'civil-affairs', 'death-to-civil-affairs', '停发低保', '《社会救助暂行办法》第十三条', ?, '{}', 'OK', NULL,
                    ?, ?)""", rows);
        rows.clear();
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry("hub", "DELIVERED", "%036d".formatted(i), "death-certificate-value", 3, "health",
                "civil-affairs", "death-to-civil-affairs", "停发低保", "《社会救助暂行办法》第十三条",
                Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED"), Map.of("deceasedIdNumber", "bi1.AAAAAAAAAAAAAAAAAAAAAA"),
                "OK", null);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value);
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
