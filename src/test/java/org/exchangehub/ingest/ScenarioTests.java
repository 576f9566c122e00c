package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.exchange.Journal;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** DOMAIN.md scenarios 2 and 5, end to end over real HTTP to a WireMock subscriber. */
@HubTest
class ScenarioTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    Journal journal;

    WireMockServer departments = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        departments.start();
        departments.stubFor(post(org.exchangehub.ingest.ScenarioTests.anyInbox()).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
    }

    @AfterEach
    void stop() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        departments.stop();
    }

    static com.github.tomakehurst.wiremock.matching.UrlPattern anyInbox() {
        return com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/[a-z-]+/inbox");
    }

    @Test
    void petitionAndPoliceRecordsAboutTheSamePersonAreLinkedWithoutEitherSeeingIdNumbers() throws Exception {
        subscriptions.put(PipelineFixtures.webhook("petitions-to-police", "police", "petition",
                departments.baseUrl() + "/police/inbox", Map.of("petitionerName", FieldView.MASKED,
                        "petitionerIdNumber", FieldView.BLIND_INDEX), SubscriptionFilter.ALL));
        subscriptions.put(PipelineFixtures.webhook("incidents-to-petition", "petition", "police-incident",
                departments.baseUrl() + "/petition/inbox", Map.of("callerName", FieldView.MASKED,
                        "callerIdNumber", FieldView.BLIND_INDEX), SubscriptionFilter.ALL));

        inbound.receive("petition", JSON.readTree("""
                {"sourceDepartment": "petition", "sourceKey": "XF33012026110201", "occurredAt": "2026-11-03T00:00:00+08:00",
                 "petitionNo": "XF33012026110201", "registeredOn": "2026-11-03", "petitionerName": "李建国",
                 "petitionerIdNumber": "330106580807015", "petitionerPhone": "13897366946", "sex": "1", "form": "CALL",
                 "purpose": "APPEAL", "divisionCode": "330106", "summary": "对低保审核结果有异议", "status": "ACCEPTED",
                 "repeated": true, "collective": false}"""), "PUSH");
        inbound.receive("police-incident", JSON.readTree("""
                {"sourceDepartment": "police", "sourceKey": "J330106202611021001", "occurredAt": "2026-11-02T09:15:30+08:00",
                 "incidentNo": "J330106202611021001", "callerName": "李建国", "callerIdNumber": "330106195808070152",
                 "callerPhone": "13915032582", "place": "杭州市某区某街道4号", "divisionCode": "330106", "category": "求助",
                 "summary": "老人摔倒求助"}"""), "PUSH");

        JsonNode atPolice = await().atMost(Duration.ofSeconds(15)).until(() -> received("/police/inbox"), r -> !r.isEmpty()).get(0);
        JsonNode atPetition = await().atMost(Duration.ofSeconds(15)).until(() -> received("/petition/inbox"), r -> !r.isEmpty()).get(0);

        String policeSees = atPolice.get("petitionerIdNumber").asText();
        String petitionSees = atPetition.get("callerIdNumber").asText();
        assertThat(policeSees).startsWith("bi1.").isEqualTo(petitionSees);
        assertThat(atPolice.toString() + atPetition).doesNotContain("330106195808070152")
                .doesNotContain("330106580807015").doesNotContain("19580807");
        assertThat(atPolice.get("petitionerName").asText()).isEqualTo("李**");
        assertThat(atPetition.get("callerName").asText()).isEqualTo("李**");
        assertThat(atPetition.get("summary").isNull()).isTrue();
        assertThat(journal.recordsWithBlindIndex(policeSees))
                .contains(atPolice.get("recordId").asText(), atPetition.get("recordId").asText());
    }

    @Test
    void workOrderReachesItsDepartmentAndTheStatusUpdateReachesTheHotline() throws Exception {
        subscriptions.put(PipelineFixtures.webhook("orders-civil", "civil-affairs", "work-order",
                departments.baseUrl() + "/civil-affairs/inbox", Map.of("content", FieldView.CLEAR,
                        "callerPhone", FieldView.CLEAR), new SubscriptionFilter(null, null, "assignedDepartment",
                                List.of("civil-affairs"))));
        subscriptions.put(PipelineFixtures.webhook("orders-grid", "grid", "work-order",
                departments.baseUrl() + "/grid/inbox", Map.of("content", FieldView.CLEAR),
                new SubscriptionFilter(null, null, "assignedDepartment", List.of("grid"))));
        subscriptions.put(PipelineFixtures.webhook("status-hotline", "hotline", "work-order-status",
                departments.baseUrl() + "/hotline/inbox", Map.of("note", FieldView.CLEAR), SubscriptionFilter.ALL));

        inbound.receive("work-order", JSON.readTree(PipelineFixtures.workOrder("WO2026112000042", "咨询低保申请条件",
                "civil-affairs")), "PUSH");
        JsonNode order = await().atMost(Duration.ofSeconds(15)).until(() -> received("/civil-affairs/inbox"),
                r -> !r.isEmpty()).get(0);
        inbound.receive("work-order-status", JSON.readTree("""
                {"sourceDepartment": "civil-affairs", "sourceKey": "WO2026112000042-RESOLVED",
                 "occurredAt": "2026-11-20T15:00:00+08:00", "workOrderNo": "%s", "status": "RESOLVED",
                 "handlingDepartment": "civil-affairs", "note": "已电话告知申请条件"}"""
                .formatted(order.get("workOrderNo").asText())), "PUSH");

        JsonNode status = await().atMost(Duration.ofSeconds(15)).until(() -> received("/hotline/inbox"),
                r -> !r.isEmpty()).get(0);
        assertThat(order.get("callerPhone").asText()).isEqualTo("13730246633");
        assertThat(order.get("callerName").isNull()).isTrue();
        assertThat(status.get("workOrderNo").asText()).isEqualTo("WO2026112000042");
        assertThat(status.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(status.get("note").asText()).isEqualTo("已电话告知申请条件");
        assertThat(received("/grid/inbox")).isEmpty();
    }

    private List<JsonNode> received(String path) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (var request : departments.findAll(postRequestedFor(urlEqualTo(path)))) {
            JSON.readTree(request.getBodyAsString()).get("records").forEach(r -> records.add(r.get("record")));
        }
        return records;
    }
}
