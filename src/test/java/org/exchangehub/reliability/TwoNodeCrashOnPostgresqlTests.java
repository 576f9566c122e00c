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

import org.exchangehub.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Two hub JVMs on one PostgreSQL database ({@code hub.cluster.enabled}), civil affairs pushing to both (a batch
 * goes to the other node while one is down, as behind a load balancer), the petition bureau dropping exports in the
 * inbox that the leader's file adapter polls, and three subscribers receiving: one node is killed with SIGKILL
 * mid-stream and restarted, then the other is killed and stays dead, and the departments go on pushing to the one
 * left for a few seconds. Each petition must be journaled once, whichever
 * node read its file and even when a node died while reading it. Every record a node
 * accepted must reach every subscriber under exactly one delivery cursor with the content sent, and the audit chain
 * — which both nodes append to — must verify with exactly one PUBLISHED naming per record and one DELIVERED naming
 * per record and subscriber. Runs in the build's {@code postgresql} test execution.
 */
class TwoNodeCrashOnPostgresqlTests {

    static final int BATCH = 200;
    static final int RATE = 250;
    static final int PETITIONS_PER_FILE = 5;

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
            ExecutorService pusher = Executors.newFixedThreadPool(2);
            Future<int[]> pushed = pusher.submit(() -> AllowanceFlow.pushPaced(List.of(a.http(), b.http()), key,
                    accepted, RATE, BATCH, from -> !enough.get() || from < atLeast));
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
            pusher.shutdown();
            AllowanceFlow.awaitArrival(subscribers, accepted, 120 + records / 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (petitionsTaken(database).size() < dropped && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            Map<String, Integer> taken = petitionsTaken(database);
            System.out.printf("two-node crash: %d petitions in files, %d journaled, none twice: %b%n", dropped,
                    taken.size(), taken.values().stream().allMatch(n -> n == 1));
            FlowOutcome outcome = FlowOutcome.of(a.http(), subscribers, accepted);
            System.out.printf("two-node crash: accepted %,d (push retries %d), %s%n", accepted.size(), retried,
                    outcome.line());
            ReliabilitySummary.record(Map.of("cluster_crash_records", accepted.size(), "cluster_crash_lost",
                    outcome.lost(), "cluster_crash_duplicated", outcome.duplicated(), "cluster_crash_redelivered",
                    outcome.redelivered()));
            assertThat(taken).as("each petition of the polled files journaled once").hasSize(dropped)
                    .allSatisfy((sourceKey, versions) -> assertThat(versions).isEqualTo(1));
            outcome.assertExact(accepted, records);
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
                csv.append("XF3301202612%04d,2026-12-02,王秀英,33010219460312038x,13730246633,0,来信,求决,330102,"
                        .formatted(petitions)).append("反映小区供暖不足,已登记,否,否\n");
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
