package org.exchangehub.audit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.BundleVerifier;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.AuditSigningKey;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/** The auditor's API over HTTP: search, event detail, data-subject report, export verified offline, verify now. */
@HubTest
class AuditApiTests {

    static final String ID_NUMBER = "33010519390615002X";

    @LocalServerPort
    int port;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    AuditSigningKey signingKey;

    final WireMockServer civilAffairs = new WireMockServer(options().dynamicPort());
    final String auditor = TestCredentials.basic(TestCredentials.AUDITOR);
    HubHttp http;

    @BeforeEach
    void start() {
        civilAffairs.start();
        civilAffairs.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(new Subscription("audit-api-civil", "civil-affairs", "death-certificate", "停发低保",
                "《社会救助暂行办法》第十三条", SubscriptionFilter.ALL, Map.of("deceasedName", FieldView.CLEAR,
                        "deceasedIdNumber", FieldView.MASKED, "causeDirect", FieldView.OMIT),
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, civilAffairs.baseUrl() + "/inbox", null, null)));
        http = new HubHttp(port);
    }

    @AfterEach
    void stop() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        civilAffairs.stop();
    }

    @Test
    void auditorFindsTheDeliveryReportsOnThePersonExportsAndVerifies(@TempDir Path dir) throws Exception {
        String recordId = http.post("/api/v1/inbound/death-certificate", TestCredentials.bearer(keys, "health"), """
                {"sourceDepartment": "health", "sourceKey": "S-AUDIT-API", "occurredAt": "2026-11-06T03:30:00+08:00",
                 "certificateNo": "S-AUDIT-API", "hospitalName": "某市第一人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "陈𠇔", "deceasedIdNumber": "%s", "sex": "2", "birthDate": "1939-06-15",
                 "address": "杭州市某区某街道8号", "divisionCode": "330105", "deathTime": "2026-11-06T03:30:00+08:00",
                 "causeDirect": "急性心肌梗死", "causeUnderlying": null, "icd10": "I21.9"}""".formatted(ID_NUMBER))
                .json().at("/results/0/recordId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/audit/events?action=DELIVERED&recordId="
                + recordId, auditor).json().get("total").asInt() == 1);

        JsonNode delivered = http.get("/api/v1/audit/events?action=DELIVERED&recordId=" + recordId, auditor).json()
                .at("/events/0");
        assertThat(delivered.get("targetDepartment").asText()).isEqualTo("civil-affairs");
        // a batch event: each record it names carries the view of every field it disclosed
        assertThat(delivered.at("/records/0/recordId").asText()).isEqualTo(recordId);
        assertThat(delivered.at("/records/0/fields").toString())
                .isEqualTo("{\"deceasedIdNumber\":\"MASKED\",\"deceasedName\":\"CLEAR\"}");
        JsonNode detail = http.get("/api/v1/audit/events/" + delivered.get("seq").asLong(), auditor).json();
        assertThat(detail.at("/event/hash").asText()).hasSize(64);
        assertThat(detail.get("headSeq").asLong()).isGreaterThanOrEqualTo(delivered.get("seq").asLong());

        HubHttp.Response report = http.post("/api/v1/audit/subject-reports", auditor,
                "{\"idNumber\": \"" + ID_NUMBER.toLowerCase() + "\"}");
        assertThat(report.status()).isEqualTo(200);
        JsonNode ours = null;
        for (JsonNode record : report.json().get("records")) {
            if (record.get("recordId").asText().equals(recordId)) {
                ours = record;
            }
        }
        assertThat(ours).as("the report lists the record").isNotNull();
        assertThat(ours.at("/deliveries/0/legalBasis").asText()).isEqualTo("《社会救助暂行办法》第十三条");
        assertThat(ours.at("/deliveries/0/to").asText()).isEqualTo("civil-affairs");
        assertThat(report.body()).doesNotContain(ID_NUMBER).doesNotContain(ID_NUMBER.toLowerCase())
                .doesNotContain("陈𠇔");
        HubHttp.Response csv = http.send("POST", "/api/v1/audit/subject-reports", auditor, "application/json",
                "{\"idNumber\": \"" + ID_NUMBER + "\"}", Map.of("Accept", "text/csv"));
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("subject,recordId").contains(recordId).doesNotContain(ID_NUMBER);
        HubHttp.Response invalid = http.post("/api/v1/audit/subject-reports", auditor,
                "{\"idNumber\": \"330105193906150021\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("ID_CHECK_CHAR").doesNotContain("330105193906150021");

        Path bundle = dir.resolve("audit-export.zip");
        Files.write(bundle, http.bytes("POST", "/api/v1/audit/exports", auditor, "{}"));
        assertThat(BundleVerifier.verify(bundle, signingKey.publicKey()).ok()).isTrue();
        assertThat(http.post("/api/v1/audit/verification", auditor, null).json().get("ok").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/audit/public-key", auditor).body()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(http.get("/api/v1/audit/events?action=AUDIT_EXPORTED", auditor).json().at("/events/0/actor")
                .asText()).isEqualTo(TestCredentials.AUDITOR);
        assertThat(http.get("/api/v1/audit/events?action=NOT_AN_ACTION", auditor).status()).isEqualTo(400);
    }
}
