package org.exchangehub.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.H2Files;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.ingest.InboundRecords;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A database file in the schema of the release before the journal became a log (V17: one outbox row per delivery
 * owed, feed cursors that are outbox row ids), holding what that release leaves behind — deliveries pending, a dead
 * letter, a feed read and acknowledged half way — is upgraded in place by the next start: nothing owed is lost,
 * nothing is delivered twice, the dead letter can still be replayed, and the feed reader goes on from its old cursor.
 *
 * <p>The file is made by a hub of this build (for real protected records, keys and subscriptions), then taken back to
 * the V17 schema with the outbox rows the old release wrote for those records and an empty audit chain.
 */
class UpgradeToCursorsTests {

    @TempDir
    Path dataDir;

    final WireMockServer grid = new WireMockServer(options().dynamicPort());
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        grid.stop();
    }

    @Test
    void anOldReleasesOutboxIsDeliveredOnceAfterTheUpgradeAndItsFeedReaderGoesOn() throws Exception {
        grid.start();
        grid.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(503)));
        Map<String, String> ids = new LinkedHashMap<>();
        try (ConfigurableApplicationContext hub = start()) {
            InboundRecords inbound = hub.getBean(InboundRecords.class);
            for (int n = 1; n <= 6; n++) {
                ids.put("WO-UP-" + n, inbound.receive("work-order", workOrder(n), "PUSH").recordId());
            }
        }
        long oldFeedCursor = rewindToTheOldRelease(ids);

        grid.resetAll();
        grid.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
        try (ConfigurableApplicationContext hub = start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered().size() >= 4);
            Thread.sleep(500);
            assertThat(delivered()).as("the pending rows, once each; not the delivered one nor the dead letter")
                    .containsExactlyInAnyOrder(ids.get("WO-UP-3"), ids.get("WO-UP-4"), ids.get("WO-UP-5"),
                            ids.get("WO-UP-6"));

            DeadLetters deadLetters = hub.getBean(DeadLetters.class);
            assertThat(deadLetters.list()).extracting(DeadLetter::recordId).containsExactly(ids.get("WO-UP-2"));
            assertThat(deadLetters.replay(List.of(deadLetters.list().get(0).id()), "test")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered().contains(ids.get("WO-UP-2")));

            String key = TestCredentials.bearer(hub.getBean(DepartmentKeys.class), "police");
            String feed = "http://127.0.0.1:" + ((WebServerApplicationContext) hub).getWebServer().getPort()
                    + "/api/v1/feeds/orders-to-police";
            JsonNode page = get(feed + "?after=" + oldFeedCursor, key);
            assertThat(recordIds(page)).as("the feed goes on from the old reader's cursor")
                    .containsExactly(ids.get("WO-UP-4"), ids.get("WO-UP-5"), ids.get("WO-UP-6"));
            long next = page.get("nextCursor").asLong();
            assertThat(send(feed + "/ack", key, "{\"upTo\": " + next + "}").get("acknowledged").asInt()).isEqualTo(3);

            String seventh = hub.getBean(InboundRecords.class).receive("work-order", workOrder(7), "PUSH").recordId();
            JsonNode after = get(feed + "?after=" + next, key);
            assertThat(recordIds(after)).containsExactly(seventh);
            assertThat(after.at("/records/0/cursor").asLong()).isGreaterThan(next);
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered().contains(seventh));
            Thread.sleep(300);
            assertThat(delivered()).doesNotHaveDuplicates().hasSize(6);
            assertThat(hub.getBean(AuditVerifier.class).verifyDatabase().ok()).isTrue();
        }
    }

    /**
     * Takes the file back to the V17 schema and gives it the outbox of the old release: for the webhook subscription
     * the first record delivered, the second a dead letter, the others pending; for the feed the first three
     * acknowledged and the others pending. Returns the old feed reader's cursor: the id of its third row.
     */
    private long rewindToTheOldRelease(Map<String, String> ids) {
        JdbcDataSource file = H2Files.database(dataDir);
        JdbcClient jdbc = JdbcClient.create(file);
        jdbc.sql("DELETE FROM exchange_outbox").update();
        jdbc.sql("DROP TABLE exchange_subscription_cursor").update();
        jdbc.sql("ALTER TABLE exchange_outbox DROP COLUMN log_position").update();
        jdbc.sql("DROP INDEX ux_exchange_record_position").update();
        jdbc.sql("ALTER TABLE exchange_record DROP COLUMN log_position").update();
        jdbc.sql("DROP TABLE exchange_log_head").update();
        // the audit chain as a fresh V17 database has it: empty (this build's batch events need V20's records column)
        for (String table : List.of("audit_subject_index", "audit_timestamp", "audit_checkpoint", "audit_event")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        jdbc.sql("DELETE FROM audit_head WHERE id <> 1").update();
        jdbc.sql("UPDATE audit_head SET seq = 0, hash = ? WHERE id = 1").param("0".repeat(64)).update();
        // one chain, as before chains per node (the other audit tables V23 copies by name whatever their columns)
        jdbc.sql("DROP INDEX ux_audit_head_node").update();
        jdbc.sql("ALTER TABLE audit_head DROP COLUMN node_id").update();
        jdbc.sql("DROP TABLE audit_record_index").update();
        jdbc.sql("DROP INDEX ix_audit_event_log").update();
        for (String column : List.of("records", "record_count", "log_from", "log_to")) {
            jdbc.sql("ALTER TABLE audit_event DROP COLUMN " + column).update();
        }
        jdbc.sql("ALTER TABLE ingest_quarantine DROP COLUMN source_key").update();
        jdbc.sql("ALTER TABLE ingest_quarantine DROP COLUMN origin").update();
        for (String table : List.of("cluster_lock", "cluster_configuration", "verification_batch",
                "verification_batch_row", "verification_watch", "verification_watch_change")) {
            jdbc.sql("DROP TABLE " + table).update();
        }
        jdbc.sql("ALTER TABLE exchange_record ADD CONSTRAINT uq_exchange_record_content"
                + " UNIQUE (source_department, record_type, source_key, content_hash)").update();
        jdbc.sql("CREATE INDEX ix_exchange_blind_index_token ON exchange_blind_index (token)").update();
        jdbc.sql("DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('18', '19', '20', '21', '22', '23',"
                + " '24', '25', '26', '27')").update();
        Timestamp now = Timestamp.from(Instant.now());
        List<String> keys = new ArrayList<>(ids.keySet());
        for (int i = 0; i < keys.size(); i++) {
            String status = i == 0 ? "DELIVERED" : i == 1 ? "DEAD" : "PENDING";
            insertOutbox(jdbc, "orders-to-grid", ids.get(keys.get(i)), keys.get(i), status, i == 1 ? 5 : 0, now);
        }
        long cursor = 0;
        for (int i = 0; i < keys.size(); i++) {
            long id = insertOutbox(jdbc, "orders-to-police", ids.get(keys.get(i)), keys.get(i),
                    i < 3 ? "DELIVERED" : "PENDING", 0, now);
            cursor = i == 2 ? id : cursor;
        }
        return cursor;
    }

    private static long insertOutbox(JdbcClient jdbc, String subscription, String recordId, String sourceKey,
            String status, int attempts, Timestamp now) {
        jdbc.sql("""
                INSERT INTO exchange_outbox (subscription_id, record_id, record_key, status, attempts, next_attempt_at,
                    last_error, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(subscription, recordId, "hotline|work-order|" + sourceKey, status, attempts, now,
                        "DEAD".equals(status) ? "HTTP 503" : null, now, "DELIVERED".equals(status) ? now : null)
                .update();
        return jdbc.sql("SELECT MAX(id) FROM exchange_outbox").query(Long.class).single();
    }

    private List<String> delivered() {
        return WorkOrders.delivered(grid);
    }

    private static List<String> recordIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("records").forEach(record -> ids.add(record.get("recordId").asText()));
        return ids;
    }

    private JsonNode get(String url, String authorization) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WorkOrders.read(response.body());
    }

    private JsonNode send(String url, String authorization, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WorkOrders.read(response.body());
    }

    private static JsonNode workOrder(int n) {
        return WorkOrders.workOrder("WO-UP-" + n);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ExchangeHubApplication.class).run(
                "--server.port=0", "--spring.profiles.active=test", "--hub.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub",
                "--hub.care.enabled=false", "--hub.delivery.poll-interval=50ms",
                "--hub.delivery.initial-backoff=100ms", "--hub.delivery.max-backoff=300ms",
                "--hub.subscriptions[0].id=orders-to-grid", "--hub.subscriptions[0].subscriber=grid",
                "--hub.subscriptions[0].record-type=work-order", "--hub.subscriptions[0].purpose=网格员上门处置",
                "--hub.subscriptions[0].legal-basis=《测试条例》第一条", "--hub.subscriptions[0].views.content=CLEAR",
                "--hub.subscriptions[0].channel.type=WEBHOOK",
                "--hub.subscriptions[0].channel.url=" + grid.baseUrl() + "/grid/inbox",
                "--hub.subscriptions[1].id=orders-to-police", "--hub.subscriptions[1].subscriber=police",
                "--hub.subscriptions[1].record-type=work-order", "--hub.subscriptions[1].purpose=警情关联",
                "--hub.subscriptions[1].legal-basis=《测试条例》第一条", "--hub.subscriptions[1].channel.type=FEED");
    }
}
