package org.exchangehub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.exchange.internal.GroupCommit;
import org.exchangehub.ingest.InboundRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A subscriber's batches follow each other without waiting for the committer, which under load is busy writing a
 * large group of pushes: the marking of a batch that went through (its audit event, its cursor) commits while the
 * next batch goes out. One marking at a time, in the order of the batches: the batch after next waits for it.
 */
class DeliveryWhileMarkingTests {

    private static final Pattern RECORD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path dataDir;

    @Test
    void theNextBatchGoesOutWhileThePreviousMarkingWaitsForTheCommitterAndTheMarkingsCommitInOrder() throws Exception {
        ExecutorService test = Executors.newSingleThreadExecutor();
        try (FirstCallHeld grid = new FirstCallHeld(); ConfigurableApplicationContext hub = start(grid.url())) {
            List<String> bodies = grid.bodies();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            List<JsonNode> orders = new ArrayList<>();
            for (int n = 0; n < 15; n++) {
                orders.add(WorkOrders.workOrder("WO-MARKING-" + n));
            }
            // three full batches of five, in one commit
            hub.getBean(InboundRecords.class).receiveAll("work-order", orders, "PUSH");
            assertThat(grid.firstArrived()).as("the first batch is out").isTrue();
            long cursorBefore = cursor(jdbc);

            CountDownLatch committerBusy = new CountDownLatch(1);
            CountDownLatch releaseCommitter = new CountDownLatch(1);
            Future<?> busy = test.submit(() -> hub.getBean(GroupCommit.class).run(1, () -> {
                committerBusy.countDown();
                FirstCallHeld.waitFor(releaseCommitter);
                return null;
            }));
            assertThat(committerBusy.await(10, TimeUnit.SECONDS)).isTrue();
            grid.answerFirst();

            await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 2);
            Thread.sleep(500);
            assertThat(bodies).as("the second batch went out while the first one's marking waits; the third waits")
                    .hasSize(2);
            assertThat(cursor(jdbc)).as("nothing marked while the committer is busy").isEqualTo(cursorBefore);

            releaseCommitter.countDown();
            busy.get(10, TimeUnit.SECONDS);
            long last = jdbc.queryForObject("SELECT MAX(log_position) FROM exchange_record", Long.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> cursor(jdbc) == last);
            assertThat(bodies).hasSize(3);
            for (int n = 0; n < 15; n++) {
                String key = "\"WO-MARKING-" + n + "\"";
                assertThat(bodies.stream().filter(body -> body.contains(key)).count()).as(key + " sent once")
                        .isEqualTo(1);
            }
            List<String> inLogOrder = jdbc.queryForList("SELECT record_id FROM exchange_record"
                    + " WHERE source_key LIKE 'WO-MARKING-%' ORDER BY log_position", String.class);
            List<String> inAuditOrder = new ArrayList<>();
            for (String records : jdbc.queryForList("SELECT records FROM audit_event WHERE action = 'DELIVERED'"
                    + " AND subscription_id = 'orders-to-grid' ORDER BY seq", String.class)) {
                Matcher ids = RECORD_ID.matcher(records);
                while (ids.find()) {
                    if (inLogOrder.contains(ids.group()) && !inAuditOrder.contains(ids.group())) {
                        inAuditOrder.add(ids.group());
                    }
                }
            }
            assertThat(inAuditOrder).as("every delivery audited, the batches' events chained in their order")
                    .isEqualTo(inLogOrder);
        } finally {
            test.shutdownNow();
        }
    }

    private static long cursor(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT position FROM exchange_subscription_cursor"
                + " WHERE subscription_id = 'orders-to-grid'", Long.class);
    }

    private ConfigurableApplicationContext start(String gridUrl) {
        return new SpringApplicationBuilder(ExchangeHubApplication.class).run("--server.port=0",
                "--spring.profiles.active=test", "--hub.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub",
                "--hub.care.enabled=false", "--hub.delivery.poll-interval=50ms", "--hub.delivery.batch-size=5",
                "--hub.subscriptions[0].id=orders-to-grid", "--hub.subscriptions[0].subscriber=grid",
                "--hub.subscriptions[0].record-type=work-order", "--hub.subscriptions[0].purpose=网格员上门处置",
                "--hub.subscriptions[0].legal-basis=《测试条例》第一条", "--hub.subscriptions[0].views.content=CLEAR",
                "--hub.subscriptions[0].channel.type=WEBHOOK", "--hub.subscriptions[0].channel.url=" + gridUrl);
    }
}
