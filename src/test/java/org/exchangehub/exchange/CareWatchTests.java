package org.exchangehub.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.MovableClock;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.convention.TestBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** Scenario 4 (一网统防): no activity signal for an elderly resident living alone → a visit by the grid worker. */
@HubTest
class CareWatchTests {

    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-10T02:00:00Z"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TestBean(name = "clock")
    Clock clock;

    @Autowired
    CareWatch care;

    @Autowired
    InboundRecords inbound;

    @Autowired
    Subscriptions subscriptions;

    WireMockServer grid = new WireMockServer(options().dynamicPort());

    static Clock clock() {
        return CLOCK;
    }

    @AfterEach
    void stop() {
        grid.stop();
    }

    @Test
    void residentLivingAloneWithoutActivityGetsAVisitOnceAndActivityStopsTheNext() throws Exception {
        grid.start();
        grid.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(new Subscription("care-to-grid", "grid", "work-order", "上门探访独居老人", "《测试条例》第一条",
                new SubscriptionFilter(null, List.of(), "assignedDepartment", List.of("grid")),
                Map.of("content", FieldView.CLEAR, "address", FieldView.CLEAR, "callerName", FieldView.CLEAR),
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, grid.baseUrl() + "/grid/inbox", null, null)));
        inbound.receive("person", person("P-0001", "11010519491231002X", true), "PUSH");
        inbound.receive("person", person("P-0002", "330105199001010177", true), "PUSH");
        inbound.receive("person", person("P-0003", "440524188001010014", false), "PUSH");

        assertThat(care.check()).isZero();
        CLOCK.advance(Duration.ofDays(8));
        assertThat(care.check()).isEqualTo(1);
        assertThat(care.check()).as("once a day").isZero();

        JsonNode order = await().atMost(Duration.ofSeconds(15))
                .until(() -> grid.findAll(postRequestedFor(urlEqualTo("/grid/inbox"))), r -> !r.isEmpty()).get(0)
                .getBodyAsString().transform(this::firstRecord);
        assertThat(order.get("sourceDepartment").asText()).isEqualTo("hub");
        assertThat(order.get("channel").asText()).isEqualTo("SYSTEM");
        assertThat(order.get("assignedDepartment").asText()).isEqualTo("grid");
        assertThat(order.get("address").asText()).isEqualTo("北京市某区某街道1号");
        assertThat(order.get("callerName").asText()).isEqualTo("赵淑芬");
        assertThat(order.get("content").asText()).contains("8天");

        inbound.receive("police-incident", JSON.readTree("""
                {"sourceDepartment": "police", "sourceKey": "J110105202611180001", "occurredAt": "2026-11-18T10:00:00+08:00",
                 "incidentNo": "J110105202611180001", "callerName": "赵淑芬", "callerIdNumber": "110105491231002",
                 "divisionCode": "110105", "category": "求助", "summary": "独居老人家中无人应答"}"""), "PUSH");
        CLOCK.advance(Duration.ofDays(1));
        assertThat(care.check()).as("recent police incident about her is an activity signal").isZero();
    }

    private JsonNode person(String key, String idNumber, boolean livesAlone) throws Exception {
        return JSON.readTree("""
                {"sourceDepartment": "civil-affairs", "sourceKey": "%s", "occurredAt": "2026-01-05T09:00:00+08:00",
                 "idNumber": "%s", "name": "赵淑芬", "sex": "2", "phone": "13812345678", "address": "北京市某区某街道1号",
                 "divisionCode": "110105", "livesAlone": %s}""".formatted(key, idNumber, livesAlone));
    }

    private JsonNode firstRecord(String body) {
        try {
            return JSON.readTree(body).get("records").get(0).get("record");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
