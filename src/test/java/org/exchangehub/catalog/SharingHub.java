package org.exchangehub.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.ShiftedClock;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.InboundRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.convention.TestBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The hub of the sharing tests: one context for all of them, with a clock that can jump days ahead (deadlines,
 * validity), a WireMock server standing in for the requesting department's systems, and the people and keys that
 * take part: civil affairs (requester: its key and its DEPARTMENT_ADMIN), police's and health's APPROVERs.
 */
@HubTest
abstract class SharingHub {

    static final ShiftedClock CLOCK = new ShiftedClock();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String CIVIL_ADMIN = TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN);
    static final String POLICE_APPROVER = TestCredentials.basic(TestCredentials.POLICE_APPROVER);
    static final String HEALTH_APPROVER = TestCredentials.basic(TestCredentials.HEALTH_APPROVER);
    static final String AUDITOR = TestCredentials.basic(TestCredentials.AUDITOR);
    static final String ADMIN = TestCredentials.basic(TestCredentials.ADMIN);

    @TestBean(name = "clock")
    Clock clock;

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkingDays workingDays;

    HubHttp http;
    WireMockServer department = new WireMockServer(options().dynamicPort());

    static Clock clock() {
        return CLOCK;
    }

    @BeforeEach
    void startSharingHub() {
        http = new HubHttp(port);
        department.start();
        department.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
    }

    @AfterEach
    void stopSharingHub() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        department.stop();
        CLOCK.reset();
    }

    String key(String departmentCode) {
        return TestCredentials.bearer(keys, departmentCode);
    }

    LocalDate today() {
        return LocalDate.ofInstant(CLOCK.instant(), ZONE);
    }

    /** A request form as JSON: fields as a JSON object text, e.g. {@code {"callerIdNumber": "BLIND_INDEX"}}. */
    String form(String resource, String fields, LocalDate validUntil, String inbox) {
        return """
                {"resource": "%s", "fields": %s,
                 "purpose": "核查最低生活保障申请人家庭情况 (verify a subsistence allowance applicant)",
                 "legalBasis": "《社会救助暂行办法》第十一条", "validUntil": "%s",
                 "channel": {"type": "WEBHOOK", "url": "%s", "secret": "verification-secret"}}"""
                .formatted(resource, fields, validUntil, department.baseUrl() + inbox);
    }

    HubHttp.Response submit(String authorization, String form) {
        return http.post("/api/v1/sharing-requests", authorization, form);
    }

    /** Files a request and returns it, asserting it was accepted. */
    JsonNode request(String authorization, String form) {
        HubHttp.Response response = submit(authorization, form);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    HubHttp.Response decide(String id, String action, String authorization, String body) {
        return http.post("/api/v1/sharing-requests/" + id + "/" + action, authorization, body);
    }

    /** Records the department's inbox received, each batch flattened. */
    List<JsonNode> received(String inbox) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (var request : department.findAll(postRequestedFor(urlPathEqualTo(inbox)))) {
            JSON.readTree(request.getBodyAsString()).get("records").forEach(r -> records.add(r.get("record")));
        }
        return records;
    }

    /** The audit actions about a subscription or sharing request, in chain order. */
    List<String> auditActions(String subscriptionId) {
        return jdbc.sql("SELECT action FROM audit_event WHERE subscription_id = ? ORDER BY seq").param(subscriptionId)
                .query(String.class).list();
    }

    void pushIncident(String number, String idNumber) throws Exception {
        inbound.receive("police-incident", JSON.readTree("""
                {"sourceDepartment": "police", "sourceKey": "%1$s", "occurredAt": "2026-11-21T20:05:10+08:00",
                 "incidentNo": "%1$s", "callerName": "周桂兰", "callerIdNumber": "%2$s", "callerPhone": "13588217460",
                 "place": "杭州市某区某社区12幢", "divisionCode": "330106", "category": "纠纷", "summary": "邻里纠纷调解"}"""
                .formatted(number, idNumber)), "PUSH");
    }

    void pushDeath(String number, String idNumber) throws Exception {
        inbound.receive("death-certificate", JSON.readTree("""
                {"sourceDepartment": "health", "sourceKey": "%1$s", "occurredAt": "2026-11-20T06:40:00+08:00",
                 "certificateNo": "%1$s", "hospitalName": "某市第二人民医院", "hospitalUscc": "91110000802100433B",
                 "deceasedName": "吴德明", "deceasedIdNumber": "%2$s", "sex": "1", "birthDate": "1940-02-22",
                 "address": "杭州市某区某路27号", "divisionCode": "330105", "deathTime": "2026-11-20T06:40:00+08:00",
                 "causeDirect": "呼吸衰竭", "causeUnderlying": "慢性阻塞性肺疾病", "icd10": "J44.9"}"""
                .formatted(number, idNumber)), "PUSH");
    }
}
