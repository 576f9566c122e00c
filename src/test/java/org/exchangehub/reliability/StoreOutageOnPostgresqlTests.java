package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.PostgresTestDatabases;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;


/**
 * The hub as its own JVM on PostgreSQL while civil affairs pushes 250 records a second and three subscribers
 * receive; for 30 seconds the database is away — the server stopped when the build may control it (as in CI), else
 * the test database refusing connections and ending the hub's open ones ({@link DatabaseOutage}) — and then comes
 * back. Meanwhile a push is answered 503 with {@code Retry-After}
 * and problem {@code store-unavailable} (the pusher sends it again), health is DOWN; afterwards the hub goes on by
 * itself, and every record it accepted reaches every subscriber once with the audit chain exact. Runs in the
 * build's {@code postgresql} test execution.
 * The hub is its own JVM and most of the test is waiting, so it runs beside the execution's other test classes; the
 * database it loses is on a server of its own when the build gives it one ({@link DatabaseOutage}), else only its
 * own database refuses connections: the others' hubs never notice.
 */
@Tag(HubProcess.OWN_JVM)
@Execution(ExecutionMode.CONCURRENT)
class StoreOutageOnPostgresqlTests {

    static final int BATCH = 100;
    static final int RATE = 250;
    static final int OUTAGE_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void thirtySecondsWithoutTheDatabaseLoseNothingAndTheHubRecoversByItself() throws Exception {
        int records = 12_000;
        String database = DatabaseOutage.createDatabase();
        Map<String, String> connection = PostgresTestDatabases.connection(database);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> arguments = new ArrayList<>();
        connection.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--spring.datasource.hikari.connection-timeout=1000");
        try (RecordingSubscribers subscribers = new RecordingSubscribers(AllowanceFlow.SUBSCRIBERS,
                AllowanceFlow::asSent);
                HubProcess hub = new HubProcess(Files.createDirectories(dir.resolve("hub")),
                        AllowanceFlow.arguments(subscribers, arguments.toArray(String[]::new)))) {
            hub.start();
            HubHttp http = hub.http();
            String key = AllowanceFlow.civilAffairsKey(http);
            ExecutorService pusher = Executors.newSingleThreadExecutor();
            Future<int[]> pushed = pusher.submit(() -> AllowanceFlow.pushPaced(List.of(http), key, accepted, RATE,
                    BATCH, from -> from < records));
            Thread.sleep(5_000);

            try (DatabaseOutage outage = new DatabaseOutage(database)) {
                outage.begin();
                System.out.printf("outage: %s%n", outage.kind());
                int acceptedAtOutage = accepted.size();
                Thread.sleep(3_000);
                HubHttp.Response refused = http.post("/api/v1/inbound/subsistence-allowance", "Bearer " + key,
                        FictionalAllowances.batch(records, 1));
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().get("retry-after")).containsExactly("5");
                assertThat(refused.body()).contains("store-unavailable");
                HubHttp.Response health = http.get("/actuator/health", TestCredentials.basic(TestCredentials.ADMIN));
                System.out.printf("outage: health answers %d%n", health.status());
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("DOWN");
                Thread.sleep((OUTAGE_SECONDS - 3) * 1_000L);
                System.out.printf("outage: %,d accepted when the database went away, %,d when it came back%n",
                        acceptedAtOutage, accepted.size());
                outage.end();
            }

            int retried = pushed.get(10, TimeUnit.MINUTES)[1];
            pusher.shutdown();
            AllowanceFlow.awaitArrival(subscribers, accepted, 120);
            FlowOutcome outcome = FlowOutcome.of(http, subscribers, accepted);
            System.out.printf("outage: accepted %,d (push retries %d), %s%n", accepted.size(), retried,
                    outcome.line());
            ReliabilitySummary.record(Map.of("store_outage_records", accepted.size(), "store_outage_lost",
                    outcome.lost(), "store_outage_duplicated", outcome.duplicated()));
            assertThat(retried).as("pushes refused during the outage and sent again").isPositive();
            assertThat(hub.healthy()).isTrue();
            outcome.assertExact(accepted, records);
        }
    }
}
