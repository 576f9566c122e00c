package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.exchangehub.HubTest;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditExport;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.BundleVerifier;
import org.exchangehub.audit.ChainVerifier;
import org.exchangehub.audit.Checkpoint;
import org.exchangehub.protect.PemKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Item 5 of the reliability suite: a seeded campaign of random insider edits to the audit tables (each applied in
 * a transaction that is rolled back after the verdict, so every case starts from the intact chain) and to an
 * exported bundle, each checked by the verifier an auditor uses with the witness's record of checkpoints. Edits
 * that recompute the hashes (a forger who knows the format) are placed before the last signed checkpoint: after it
 * only the head row vouches for the chain, which is the documented window ({@code hub.audit.checkpoint-every/-interval}).
 */
@HubTest
@TestPropertySource(properties = { "hub.audit.checkpoint-every=25", "hub.audit.checkpoint-interval=1h" })
class TamperingTests {

    static final int EVENTS = 300;

    @Autowired
    AuditLog log;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditExport export;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @TempDir
    Path dir;

    @Test
    void everyEditOfTheAuditTablesOrOfAnExportIsDetected() throws Exception {
        appendVariedEvents(new Random(7));
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        export.export(1, 0, "reliability-test", bundle);
        assertThat(verifier.verifyDatabase().ok()).isTrue();
        List<Checkpoint> witnessed = jdbc.sql(AuditVerifier.CHECKPOINTS_WITH_TOKENS + " ORDER BY c.seq")
                .query(AuditVerifier.ANCHORED_CHECKPOINT).list();
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.println("TamperingTests seed " + seed + " (rerun with -Dreliability.seed=" + seed + ")");
        Random random = new Random(seed);
        int perTarget = ReliabilitySummary.longVariant() ? 5_000 : 500;
        Tally tally = new Tally();

        TransactionTemplate rollback = new TransactionTemplate(transactions);
        TamperedTables tables = new TamperedTables(jdbc, random);
        for (int i = 0; i < perTarget; i++) {
            String kind = tables.randomKind();
            ChainVerifier.Verdict verdict = rollback.execute(status -> {
                status.setRollbackOnly();
                tables.apply(kind);
                return verifier.verifyDatabase(witnessed);
            });
            tally.count("database " + kind, !verdict.ok());
        }
        assertThat(verifier.verifyDatabase().ok()).as("the rolled-back edits left the chain intact").isTrue();

        TamperedBundle bundles = new TamperedBundle(bundle.toByteArray(), random);
        PublicKey trusted = PemKeys.readPublicKey(bundles.original(TamperedBundle.KEY));
        Path file = dir.resolve("tampered.zip");
        for (int i = 0; i < perTarget; i++) {
            String kind = bundles.randomKind();
            Files.write(file, bundles.apply(kind));
            tally.count("bundle " + kind, !BundleVerifier.verify(file, kind.startsWith("re-signed") ? null : trusted,
                    witnessed, null).ok());
        }
        Files.write(file, bundle.toByteArray());
        assertThat(BundleVerifier.verify(file, trusted).ok()).as("the untouched bundle verifies").isTrue();

        tally.print();
        ReliabilitySummary.record(Map.of("tamper_cases", tally.cases, "tamper_detected", tally.detected));
        assertThat(tally.undetected).as("tampering the verifier did not notice").isEmpty();
    }

    /** Audit events as the hub writes them: actions, departments, views, subject indexes, nulls. */
    private void appendVariedEvents(Random random) {
        List<String> departments = List.of("police", "health", "civil-affairs", "petition", "hotline-12345", "grid");
        for (int i = 1; i <= EVENTS; i++) {
            String source = departments.get(random.nextInt(departments.size()));
            String target = departments.get(random.nextInt(departments.size()));
            boolean delivered = random.nextBoolean();
            Map<String, String> fields = delivered ? Map.of("applicantName", random.nextBoolean() ? "CLEAR" : "MASKED",
                    "applicantIdNumber", "MASKED") : Map.of();
            Map<String, String> indexes = random.nextInt(3) == 0 ? Map.of()
                    : Map.of("applicantIdNumber", "bi1." + Long.toHexString(random.nextLong()));
            String recordId = "00000000-0000-4000-8000-%012d".formatted(i);
            if (random.nextInt(3) == 0) {
                // a batch event, as the pipeline writes them: the records it names are hashed with it
                List<Map<String, Object>> named = new java.util.ArrayList<>();
                for (int r = 0; r <= random.nextInt(4); r++) {
                    named.add(AuditEntry.record(recordId.substring(0, 30) + r + "00000", "subsistence-allowance-value",
                            1 + random.nextInt(4), 1 + random.nextInt(3), 100L * i + r, fields,
                            delivered ? Map.of() : indexes));
                }
                log.append(new AuditEntry(delivered ? "hub" : source, delivered ? "DELIVERED" : "PUBLISHED", null,
                        "subsistence-allowance-value", null, source, delivered ? target : null,
                        delivered ? source + "-to-" + target : null, delivered ? "核对低保资格" : null,
                        delivered ? "《社会救助暂行办法》第十一条" : null, null, null, "OK", named.size() + " records",
                        new AuditEntry.Batch(named, 100L * i, 100L * i + named.size() - 1, List.of())));
                continue;
            }
            log.append(new AuditEntry(delivered ? "hub" : "api-key:" + source, delivered ? "DELIVERED" : "PUBLISHED",
                    recordId, "subsistence-allowance-value", 1 + random.nextInt(4),
                    source, delivered ? target : null, delivered ? source + "-to-" + target : null,
                    delivered ? "核对低保资格" : null, delivered ? "《社会救助暂行办法》第十一条" : null, fields, indexes,
                    random.nextInt(10) == 0 ? "FAILED" : "OK", random.nextInt(5) == 0 ? "HTTP_503" : null));
        }
    }

    /** Cases and detections per kind of edit. */
    static final class Tally {

        final Map<String, int[]> kinds = new TreeMap<>();
        final List<String> undetected = new ArrayList<>();
        int cases;
        int detected;

        void count(String kind, boolean found) {
            int[] counts = kinds.computeIfAbsent(kind, k -> new int[2]);
            counts[0]++;
            cases++;
            if (found) {
                counts[1]++;
                detected++;
            } else if (undetected.size() < 20) {
                undetected.add(kind);
            }
        }

        void print() {
            StringBuilder table = new StringBuilder("kind of edit                          cases  detected\n");
            kinds.forEach((kind, counts) -> table.append("%-36s %6d %9d%n".formatted(kind, counts[0], counts[1])));
            table.append("%-36s %6d %9d%n".formatted("total", cases, detected));
            System.out.print(table);
        }
    }

    static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
