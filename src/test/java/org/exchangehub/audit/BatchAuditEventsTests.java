package org.exchangehub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.console.ConsoleSession;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Audit per batch, still exact: a push of many records is one PUBLISHED event naming each record with its version
 * and log position, a delivery batch one DELIVERED event naming each record with the view of every field it
 * disclosed and the subscription; every record is named exactly once per publication and per subscription, the
 * records are hashed with their event, and the auditor's search by record id finds the events that name it.
 */
@HubTest
class BatchAuditEventsTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditQueries queries;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    final WireMockServer departments = new WireMockServer(options().dynamicPort());

    @AfterEach
    void stop() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        departments.stop();
    }

    @Test
    void aPushAndItsDeliveriesAreEventsThatNameEveryRecordExactlyOnce() {
        departments.start();
        departments.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(subscription("batch-grid", "grid", Map.of("content", FieldView.CLEAR,
                "callerPhone", FieldView.MASKED)));
        subscriptions.put(subscription("batch-police", "police", Map.of("callerPhone", FieldView.BLIND_INDEX)));
        long before = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_event").query(Long.class).single();

        List<JsonNode> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(workOrder(i));
        }
        List<String> ids = inbound.receiveAll("work-order", orders, "PUSH").stream().map(InboundOutcome::recordId)
                .toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> named(before, "DELIVERED").size() == 2 * ids.size());

        List<AuditEvent> published = events(before, "PUBLISHED");
        assertThat(published).as("one event for the push").hasSize(1);
        assertThat(named(before, "PUBLISHED")).extracting(named -> named.get("recordId"))
                .containsExactlyElementsOf(ids);
        assertThat(named(before, "PUBLISHED")).allSatisfy(named -> {
            assertThat(named.get("version")).isEqualTo(1);
            assertThat(((Number) named.get("position")).longValue()).isPositive();
            assertThat(named.get("subjectIndexes").toString()).contains("callerPhone=bi1.");
        });
        List<AuditEvent> delivered = events(before, "DELIVERED");
        assertThat(delivered.size()).as("batches, not records").isLessThan(ids.size());
        for (String subscription : List.of("batch-grid", "batch-police")) {
            List<Object> namedFor = new ArrayList<>();
            delivered.stream().filter(event -> event.subscriptionId().equals(subscription))
                    .forEach(event -> event.records().forEach(named -> namedFor.add(named.get("recordId"))));
            assertThat(namedFor).as(subscription).containsExactlyInAnyOrderElementsOf(ids);
        }
        assertThat(delivered).filteredOn(event -> event.subscriptionId().equals("batch-grid"))
                .allSatisfy(event -> {
                    assertThat(event.targetDepartment()).isEqualTo("grid");
                    assertThat(event.purpose()).isEqualTo("测试用途");
                    assertThat(event.records()).allSatisfy(named -> assertThat(named.get("fields"))
                            .isEqualTo(Map.of("content", "CLEAR", "callerPhone", "MASKED")));
                });
        assertThat(queries.search(new AuditQueries.Query(null, null, null, null, null, null, ids.get(17), 0, 10))
                .events()).extracting(AuditEvent::action).containsExactlyInAnyOrder("PUBLISHED", "DELIVERED",
                        "DELIVERED");
        assertThat(verifier.verifyDatabase().ok()).isTrue();
        ConsoleSession auditor = new ConsoleSession(port);
        auditor.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
        java.net.http.HttpResponse<String> page = auditor.get("/console/audit/events/" + published.get(0).seq());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("the console lists the records an event names").contains(ids.get(0), ids.get(39));

        long seq = delivered.get(0).seq();
        String original = jdbc.sql("SELECT records FROM audit_event WHERE seq = ?").param(seq).query(String.class)
                .single();
        jdbc.sql("UPDATE audit_event SET records = REPLACE(records, '\"MASKED\"', '\"OMIT\"') WHERE seq = ?")
                .param(seq).update();
        jdbc.sql("UPDATE audit_event SET records = REPLACE(records, '\"BLIND_INDEX\"', '\"OMIT\"') WHERE seq = ?")
                .param(seq).update();
        ChainVerifier.Verdict tampered = verifier.verifyDatabase();
        assertThat(tampered.ok()).as("a view changed in the records of a batch event").isFalse();
        assertThat(tampered.firstBadSeq()).isEqualTo(seq);
        jdbc.sql("UPDATE audit_event SET records = ? WHERE seq = ?").params(original, seq).update();
        assertThat(verifier.verifyDatabase().ok()).isTrue();
    }

    private List<AuditEvent> events(long after, String action) {
        return jdbc.sql("SELECT * FROM audit_event WHERE seq > ? AND action = ? ORDER BY seq").params(after, action)
                .query(AuditVerifier.EVENT).list();
    }

    private List<Map<String, Object>> named(long after, String action) {
        List<Map<String, Object>> named = new ArrayList<>();
        events(after, action).forEach(event -> named.addAll(event.namedRecords()));
        return named;
    }

    private Subscription subscription(String id, String subscriber, Map<String, FieldView> views) {
        return new Subscription(id, subscriber, "work-order", "测试用途", "《测试条例》第一条", SubscriptionFilter.ALL, views,
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, departments.baseUrl() + "/" + subscriber, null, null));
    }

    private JsonNode workOrder(int n) {
        try {
            return JSON.readTree("""
                    {"sourceDepartment": "hotline", "sourceKey": "WO-BATCH-%1$d", "occurredAt": "2026-11-20T09:00:00+08:00",
                     "workOrderNo": "WO-BATCH-%1$d", "channel": "HOTLINE", "requestType": "求助", "content": "路灯不亮",
                     "divisionCode": "330102", "callerPhone": "13730246633", "assignedDepartment": "grid",
                     "dueAt": "2026-11-22T18:00:00+08:00"}""".formatted(n));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
