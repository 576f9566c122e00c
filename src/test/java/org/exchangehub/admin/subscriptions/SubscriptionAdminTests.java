package org.exchangehub.admin.subscriptions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.exchange.Subscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Admins manage subscriptions over HTTP while records flow: changes apply without restart (a views change to the
 * very next delivery), each is a version, and each is an audit event with the admin, before and after.
 */
@HubTest
class SubscriptionAdminTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GRID = """
            {"id": "%s", "subscriber": "grid", "recordType": "work-order", "purpose": "网格员上门处置",
             "legalBasis": "《测试条例》第一条", "filter": {"field": "assignedDepartment", "values": ["grid"]},
             "views": {"content": "CLEAR", "address": "CLEAR", "callerName": "MASKED", "callerPhone": "MASKED"},
             "channel": {"type": "WEBHOOK", "url": "%s/grid/inbox", "secret": "grid-webhook-secret-value"}}""";

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    AuditQueries audit;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    final WireMockServer grid = new WireMockServer(options().dynamicPort());
    final String admin = TestCredentials.basic(TestCredentials.ADMIN);
    HubHttp http;

    @BeforeEach
    void start() {
        grid.start();
        grid.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        http = new HubHttp(port);
    }

    @AfterEach
    void stop() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        grid.stop();
    }

    @Test
    void viewsChangeAppliesToTheNextDeliveryAndEveryChangeIsAVersionAndAnAuditedAdminChange() {
        HubHttp.Response created = http.post("/api/v1/admin/subscriptions", admin, GRID.formatted("api-grid-views", grid.baseUrl()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/channel/secretSet").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain("grid-webhook-secret-value");
        assertThat(created.json().get("state").asText()).as("it discloses personal data").isEqualTo("PENDING_APPROVAL");
        approve("api-grid-views");

        assertThat(delivered(push("WO-API-1")).get("callerName").asText()).isEqualTo("王**");

        assertThat(http.post("/api/v1/admin/subscriptions/api-grid-views/pause", admin, null).json().get("state").asText())
                .isEqualTo("PAUSED");
        String queued = push("WO-API-2");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> recordsFor(queued).isEmpty());
        HubHttp.Response changed = http.put("/api/v1/admin/subscriptions/api-grid-views/views", admin,
                "{\"views\": {\"content\": \"CLEAR\", \"callerName\": \"CLEAR\", \"callerPhone\": \"BLIND_INDEX\"}}");
        assertThat(changed.json().get("state").asText()).as("disclosing more waits for a second person again")
                .isEqualTo("PENDING_APPROVAL");
        approve("api-grid-views");

        JsonNode next = delivered(queued);
        assertThat(next.get("callerName").asText()).isEqualTo("王秀英");
        assertThat(next.get("callerPhone").asText()).startsWith("bi1.");
        assertThat(next.get("address").isNull()).as("no longer in the views").isTrue();
        assertThat(grid.findAll(postRequestedFor(urlEqualTo("/grid/inbox"))).get(0).getHeader("X-ExchangeHub-Signature"))
                .as("the secret set through the API signs deliveries").matches("t=\\d+,hmac-sm3=[0-9a-f]{64}");

        JsonNode versions = http.get("/api/v1/admin/subscriptions/api-grid-views/versions", admin).json();
        List<String> states = new ArrayList<>();
        versions.forEach(v -> states.add(v.get("version").asInt() + ":" + v.get("change").asText()));
        assertThat(states).containsExactly("1:CREATED", "2:APPROVED", "3:PAUSED", "4:REPLACED", "5:APPROVED");
        assertThat(versions.get(0).at("/definition/channel/secret").isNull()).as("history keeps no secret").isTrue();

        List<AuditEvent> changes = audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE",
                "api-grid-views", null, 0, 100)).events();
        assertThat(changes).hasSize(5).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo(event.detail().startsWith("subscription APPROVED")
                    ? TestCredentials.SECURITY_OFFICER : TestCredentials.ADMIN);
            assertThat(event.detail()).doesNotContain("grid-webhook-secret-value");
        });
        assertThat(changes.get(1).detail()).startsWith("subscription REPLACED v4; changes ")
                .contains("\"views\":{\"after\":{\"callerName\":\"CLEAR\"").contains("\"before\":{\"address\":\"CLEAR\"");
        assertThat(changes.get(4).detail()).startsWith("subscription CREATED v1; changes ").contains("\"secretSet\"");
        assertThat(verifier.verifyDatabase().ok()).isTrue();
    }

    @Test
    void deletingASubscriptionCancelsWhatItStillOwedAndAudits() {
        http.post("/api/v1/admin/subscriptions", admin, GRID.formatted("api-grid-delete", grid.baseUrl()));
        approve("api-grid-delete");
        http.post("/api/v1/admin/subscriptions/api-grid-delete/pause", admin, null);
        String owed = push("WO-API-3");

        assertThat(http.delete("/api/v1/admin/subscriptions/api-grid-delete", admin).status()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT o.status FROM exchange_outbox o JOIN exchange_record r ON r.record_id = o.record_id"
                + " WHERE r.source_key = 'WO-API-3' AND o.status = 'PENDING'").query(String.class).list())
                .as("nothing left owed").isEmpty();
        assertThat(http.get("/api/v1/admin/subscriptions/api-grid-delete", admin).status()).isEqualTo(404);
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", "api-grid-delete", null, 0, 1))
                .events().get(0).detail()).startsWith("subscription REMOVED v4; 1 pending deliveries cancelled");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> recordsFor(owed).isEmpty());
    }

    @Test
    void invalidSubscriptionsAreRefusedNamingTheFieldAndChangeNothing() {
        String valid = GRID.formatted("api-grid-invalid", grid.baseUrl());
        HubHttp.Response noPurpose = http.post("/api/v1/admin/subscriptions", admin,
                valid.replace("\"purpose\": \"网格员上门处置\",", ""));
        HubHttp.Response badView = http.post("/api/v1/admin/subscriptions", admin,
                valid.replace("\"callerName\": \"MASKED\"", "\"callerName\": \"PEEK\""));
        HubHttp.Response notPii = http.post("/api/v1/admin/subscriptions", admin,
                valid.replace("\"content\": \"CLEAR\"", "\"dueAt\": \"CLEAR\""));
        HubHttp.Response unknownSubscriber = http.post("/api/v1/admin/subscriptions", admin,
                valid.replace("\"subscriber\": \"grid\"", "\"subscriber\": \"nobody\""));

        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.json().get("detail").asText()).contains("purpose");
        assertThat(badView.status()).isEqualTo(400);
        assertThat(badView.json().get("detail").asText()).startsWith("views.callerName");
        assertThat(notPii.status()).isEqualTo(400);
        assertThat(notPii.json().get("detail").asText()).contains("'dueAt' is not a PII field");
        assertThat(unknownSubscriber.status()).isEqualTo(400);
        assertThat(unknownSubscriber.json().get("detail").asText()).contains("subscriber 'nobody'");
        assertThat(http.get("/api/v1/admin/subscriptions", admin).json()).isEmpty();
    }

    /** The second person: the security officer approves what the admin proposed. */
    private void approve(String id) {
        HubHttp.Response approved = http.post("/api/v1/subscription-approvals/" + id + "/approve",
                TestCredentials.basic(TestCredentials.SECURITY_OFFICER), null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    private String push(String number) {
        HubHttp.Response answer = http.post("/api/v1/inbound/work-order", TestCredentials.bearer(keys, "hotline"), """
                {"sourceDepartment": "hotline", "sourceKey": "%1$s", "occurredAt": "2026-11-20T09:12:00+08:00",
                 "workOrderNo": "%1$s", "channel": "HOTLINE", "requestType": "求助", "content": "独居老人请求上门探访",
                 "address": "杭州市某区某街道6号", "divisionCode": "330102", "callerName": "王秀英",
                 "callerPhone": "13730246633", "assignedDepartment": "grid", "dueAt": "2026-11-22T18:00:00+08:00"}"""
                .formatted(number));
        assertThat(answer.json().at("/results/0/status").asText()).as(answer.body()).isEqualTo("ACCEPTED");
        return answer.json().at("/results/0/recordId").asText();
    }

    private JsonNode delivered(String recordId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !recordsFor(recordId).isEmpty());
        return recordsFor(recordId).get(0).get("record");
    }

    private List<JsonNode> recordsFor(String recordId) {
        List<JsonNode> records = new ArrayList<>();
        grid.findAll(postRequestedFor(urlEqualTo("/grid/inbox"))).forEach(request -> {
            try {
                JSON.readTree(request.getBodyAsString()).get("records").forEach(record -> {
                    if (record.get("recordId").asText().equals(recordId)) {
                        records.add(record);
                    }
                });
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return records;
    }
}
