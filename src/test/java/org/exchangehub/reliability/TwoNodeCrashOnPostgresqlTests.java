package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.exchangehub.PostgresTestDatabases;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two hub JVMs on one PostgreSQL database ({@code hub.cluster.enabled}), civil affairs pushing to both (a batch
 * goes to the other node while one is down, as behind a load balancer), the petition bureau dropping exports in the
 * inbox that the leader's file adapter polls, and three subscribers receiving: one node is killed with SIGKILL
 * mid-stream and restarted, then the other is killed and stays dead, and the departments go on pushing to the one
 * left for a few seconds; meanwhile versions of a few keys go to the nodes in turn. Each petition must be journaled
 * once, whichever node read its file and even when a node died while reading it. Every record a node accepted must
 * reach every subscriber under exactly one delivery cursor with the content sent, and every version of a key in
 * order; the audit chains — one per node — must each verify, with exactly one PUBLISHED naming per record and one
 * DELIVERED naming per record and subscriber across them; the petitioner's data-subject report lists every
 * petition, whichever node's chain published it. Runs in the build's {@code postgresql} test execution.
 */
@Tag(HubProcess.OWN_JVM)
@Isolated("two hub JVMs paced at 250 records/s beside other tests would only slow both")
class TwoNodeCrashOnPostgresqlTests {

    static final int BATCH = 200;
    static final int RATE = 250;
    static final int PETITIONS_PER_FILE = 5;
    /** Keys whose versions are sent one after the other, each to the next node. */
    static final int VERSIONED_KEYS = 5;
    /** The one (fictional) petitioner of every petition file. */
    static final String PETITIONER = "33010219460312038X";

    @TempDir
    Path dir;

    @Test
    void killingOneNodeAndThenTheOtherLosesAndDuplicatesNothing() throws Exception {
        int atLeast = ReliabilitySummary.longVariant() ? 50_000 : 0;
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("two-node crash: seed %d%n", seed);
        AtomicBoolean enough = new AtomicBoolean();
        String database = PostgresTestDatabases.create();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (RecordingSubscribers subscribers = new RecordingSubscribers(AllowanceFlow.SUBSCRIBERS,
                AllowanceFlow::asSent);
                HubProcess a = node(subscribers, database, "node-a");
                HubProcess b = node(subscribers, database, "node-b")) {
            a.start();
            b.start();
            String key = AllowanceFlow.civilAffairsKey(a.http());
            ExecutorService pusher = Executors.newFixedThreadPool(3);
            Future<int[]> pushed = pusher.submit(() -> AllowanceFlow.pushPaced(List.of(a.http(), b.http()), key,
                    accepted, RATE, BATCH, from -> !enough.get() || from < atLeast));
            Future<Integer> versioned = pusher.submit(() -> AllowanceFlow.pushVersions(List.of(a.http(), b.http()),
                    key, VERSIONED_KEYS, () -> !enough.get()));
            Future<Integer> petitions = pusher.submit(() -> dropPetitionFiles(dir.resolve("petition-inbox")));
            long started = System.nanoTime();

            while (accepted.size() < 1_000) {
                Thread.sleep(100);
            }
            Thread.sleep(random.nextInt(3_000));
            a.kill();
            System.out.printf("two-node crash: node-a killed after %.1f s with %,d accepted%n",
                    (System.nanoTime() - started) / 1e9, accepted.size());
            a.start();
            Thread.sleep(500 + random.nextInt(1_500));
            b.kill();
            System.out.printf("two-node crash: node-b killed after %.1f s with %,d accepted; node-a goes on alone%n",
                    (System.nanoTime() - started) / 1e9, accepted.size());
            // the departments go on pushing for a while after the second kill, to node-a alone
            Thread.sleep(8_000);
            enough.set(true);

            int records = pushed.get(20, TimeUnit.MINUTES)[0];
            int retried = pushed.get()[1];
            int dropped = petitions.get(5, TimeUnit.MINUTES);
            int versions = versioned.get(5, TimeUnit.MINUTES);
            pusher.shutdown();
            AllowanceFlow.awaitArrival(subscribers, accepted, 120 + records / 100);
            List<Integer> inOrder = IntStream.rangeClosed(1, versions).boxed().toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((petitionsTaken(database).size() < dropped || !AllowanceFlow.versionsArrived(subscribers,
                    VERSIONED_KEYS).stream().allMatch(arrived -> arrived.endsWith(": " + inOrder)))
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            Map<String, Integer> taken = petitionsTaken(database);
            System.out.printf("two-node crash: %d petitions in files, %d journaled, none twice: %b%n", dropped,
                    taken.size(), taken.values().stream().allMatch(n -> n == 1));
            FlowOutcome outcome = FlowOutcome.of(a.http(), subscribers, accepted);
            System.out.printf("two-node crash: accepted %,d (push retries %d) and %d versions of %d keys, %s%n",
                    accepted.size(), retried, versions, VERSIONED_KEYS, outcome.line());
            ReliabilitySummary.record(Map.of("cluster_crash_records", accepted.size(), "cluster_crash_lost",
                    outcome.lost(), "cluster_crash_duplicated", outcome.duplicated(), "cluster_crash_redelivered",
                    outcome.redelivered()));
            assertThat(taken).as("each petition of the polled files journaled once").hasSize(dropped)
                    .allSatisfy((sourceKey, times) -> assertThat(times).isEqualTo(1));
            outcome.assertExact(accepted, records, versions * VERSIONED_KEYS);
            assertThat(AllowanceFlow.versionsArrived(subscribers, VERSIONED_KEYS)).as("versions of a key, sent to the"
                    + " two nodes in turn across both kills, reach every subscriber complete and in order")
                    .allSatisfy(arrived -> assertThat(arrived).endsWith(": " + inOrder));
            List<String> chains = new ArrayList<>();
            outcome.verdict().get("chains").forEach(chain -> {
                assertThat(chain.get("ok").asBoolean()).as(chain.toString()).isTrue();
                chains.add(chain.get("node").asText() + (chain.get("events").asLong() > 0 ? "" : " (empty)"));
            });
            assertThat(chains).as("each node wrote its own chain, and each verifies").containsExactly("node-a", "node-b");
            // the petitioner's report spans both chains: her petitions were read by whichever node led at the time
            JsonNode report = a.http().post("/api/v1/audit/subject-reports", TestCredentials.basic(
                    TestCredentials.AUDITOR), "{\"idNumber\":\"" + PETITIONER + "\"}").json();
            assertThat(report.get("records")).as("the petitioner's records in the data-subject report").hasSize(dropped);
        }
    }

    private HubProcess node(RecordingSubscribers subscribers, String database, String id) throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve(id));
        List<String> arguments = new ArrayList<>();
        PostgresTestDatabases.connection(database).forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of("--hub.cluster.enabled=true", "--hub.cluster.node-id=" + id,
                "--hub.cluster.lease-time=5s", "--hub.cluster.heartbeat=500ms",
                "--hub.protect.keystore=" + dir.resolve("hub-keys.bcfks").toAbsolutePath(),
                "--hub.delivery.initial-backoff=100ms", "--hub.delivery.max-backoff=1s",
                "--hub.adapters.petition.inbox=" + dir.resolve("petition-inbox").toAbsolutePath()));
        return new HubProcess(dataDir, AllowanceFlow.arguments(subscribers, arguments.toArray(String[]::new)));
    }

    /**
     * Drops the petition bureau's exports in the inbox the leader's file adapter polls, one every 2 seconds: 20
     * files of {@value #PETITIONS_PER_FILE} petitions in GB18030, each written under another name and renamed, as a
     * transfer job would; returns how many petitions they hold.
     */
    private static int dropPetitionFiles(Path inbox) throws Exception {
        Files.createDirectories(inbox);
        Charset gb18030 = Charset.forName("GB18030");
        int petitions = 0;
        for (int file = 0; file < 20; file++) {
            StringBuilder csv = new StringBuilder("信访件编号,登记日期,信访人姓名,身份证号,联系电话,性别,信访形式,信访目的,"
                    + "问题属地,内容摘要,办理状态,是否重复信访,是否集体访\n");
            for (int row = 0; row < PETITIONS_PER_FILE; row++, petitions++) {
                csv.append("XF3301202612%04d,2026-12-02,王秀英,%s,13730246633,0,来信,求决,330102,"
                        .formatted(petitions, PETITIONER)).append("反映小区供暖不足,已登记,否,否\n");
            }
            Path part = inbox.resolve("export-" + file + ".part");
            Files.write(part, csv.toString().getBytes(gb18030));
            Files.move(part, inbox.resolve("export-" + file + ".csv"));
            Thread.sleep(2_000);
        }
        return petitions;
    }

    /** The petitions journaled, by source key, with how many versions each has. */
    private static Map<String, Integer> petitionsTaken(String database) throws Exception {
        Map<String, Integer> taken = new HashMap<>();
        Map<String, String> connection = PostgresTestDatabases.connection(database);
        try (Connection db = DriverManager.getConnection(database, connection.get("spring.datasource.username"),
                connection.get("spring.datasource.password"));
                ResultSet rows = db.createStatement().executeQuery("SELECT source_key, COUNT(*) FROM exchange_record"
                        + " WHERE source_department = 'petition' GROUP BY source_key")) {
            while (rows.next()) {
                taken.put(rows.getString(1), rows.getInt(2));
            }
        }
        return taken;
    }
}
