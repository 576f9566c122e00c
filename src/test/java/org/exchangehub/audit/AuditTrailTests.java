package org.exchangehub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.exchangehub.HubTest;
import org.exchangehub.exchange.DeadLetter;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.KeyManagement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** Every delivery, quarantine, dead letter, replay, key event and subscription change leaves exactly one event. */
@HubTest
@TestPropertySource(properties = { "hub.audit.checkpoint-every=5", "hub.data-dir=target/test-data-audit" })
class AuditTrailTests {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // a keystore of its own, created by this context: its first-start key events are part of the count
        org.springframework.util.FileSystemUtils.deleteRecursively(new java.io.File("target/test-data-audit"));
    }

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    KeyManagement keys;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditQueries queries;

    @Test
    void eachHappeningLeavesExactlyOneEvent() throws Exception {
        WireMockServer grid = new WireMockServer(options().dynamicPort());
        grid.start();
        try {
            grid.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
            grid.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
            subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
            Map<String, Integer> before = counts();

            subscriptions.put(subscription("audit-ok", grid.baseUrl() + "/ok"));
            subscriptions.put(subscription("audit-down", grid.baseUrl() + "/down"));
            String recordId = inbound.receive("work-order", JSON.readTree("""
                    {"sourceDepartment": "hotline", "sourceKey": "WO-AUDIT-1", "occurredAt": "2026-11-20T09:00:00+08:00",
                     "workOrderNo": "WO-AUDIT-1", "channel": "HOTLINE", "requestType": "求助", "content": "路灯不亮",
                     "divisionCode": "330102", "callerPhone": "13730246633", "assignedDepartment": "grid",
                     "dueAt": "2026-11-22T18:00:00+08:00"}"""), "PUSH").recordId();
            inbound.receive("work-order", JSON.readTree("{\"sourceDepartment\": \"hotline\"}"), "PUSH");
            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.list().size() == 1);
            grid.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(200)));
            deadLetters.replay(deadLetters.list().stream().map(DeadLetter::id).toList(), "auditor-test");
            await().atMost(Duration.ofSeconds(20)).until(() -> delta(before, "DELIVERED") == 2);
            keys.rotateMasterKey();
            subscriptions.remove("audit-down");

            Map<String, Integer> after = counts();
            assertThat(delta(before, "ADMIN_CHANGE")).isEqualTo(3);
            assertThat(delta(before, "PUBLISHED")).isEqualTo(1);
            assertThat(delta(before, "QUARANTINED")).isEqualTo(1);
            assertThat(delta(before, "DELIVERED")).isEqualTo(2);
            assertThat(delta(before, "DELIVERY_FAILED")).isEqualTo(3);
            assertThat(delta(before, "DEAD_LETTERED")).isEqualTo(1);
            assertThat(delta(before, "REPLAYED")).isEqualTo(1);
            assertThat(delta(before, "KEY_ROTATED")).isEqualTo(1);
            int keysInStore = jdbc.sql("SELECT COUNT(*) FROM protect_data_key").query(Integer.class).single();
            assertThat(after.get("KEY_CREATED")).as("data keys, 2 master keys, the signing key")
                    .isEqualTo(keysInStore + 2 + 1);
            // each delivery is named, with the view of every field disclosed, in a DELIVERED batch event
            assertThat(queries.search(new AuditQueries.Query(null, null, null, null, "DELIVERED", null, recordId, 0, 10))
                    .events()).hasSize(2).allSatisfy(event -> assertThat(event.records()).singleElement()
                            .satisfies(named -> {
                                assertThat(named.get("recordId")).isEqualTo(recordId);
                                assertThat(named.get("fields")).isEqualTo(Map.of("callerPhone", "MASKED", "content",
                                        "CLEAR"));
                            }));
            assertThat(verifier.verifyDatabase().ok()).isTrue();
        } finally {
            grid.stop();
        }
    }

    private static Subscription subscription(String id, String url) {
        return new Subscription(id, "grid", "work-order", "网格员上门处置", "《测试条例》第一条", SubscriptionFilter.ALL,
                Map.of("content", FieldView.CLEAR, "callerPhone", FieldView.MASKED),
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, url, null, null));
    }

    private int delta(Map<String, Integer> before, String action) {
        return counts().getOrDefault(action, 0) - before.getOrDefault(action, 0);
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.sql("SELECT action, COUNT(*) FROM audit_event GROUP BY action")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

}
