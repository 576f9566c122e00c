package org.exchangehub.admin.subscriptions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.exchange.Subscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * No disclosure by one person alone: a subscription an admin makes, or changes, to send personal data in clear (or
 * in any view but OMIT) delivers nothing until the providing department's approver — or the security officer —
 * approves it; the admin cannot approve, another department's approver cannot see it, and every step is audited.
 * Subscriptions that disclose nothing personal are the admin's alone.
 */
@HubTest
class SubscriptionApprovalTests {

    static final String SUBSCRIPTION = """
            {"id": "%s", "subscriber": "civil-affairs", "recordType": "death-certificate", "purpose": "停发低保",
             "legalBasis": "《社会救助暂行办法》第十三条", "views": %s,
             "channel": {"type": "WEBHOOK", "url": "%s/civil/inbox"}}""";
    static final String DEATH = """
            {"sourceDepartment": "health", "sourceKey": "%1$s", "occurredAt": "2026-11-06T03:30:00+08:00",
             "certificateNo": "%1$s", "hospitalName": "某市第一人民医院", "hospitalUscc": "91350100M000100Y43",
             "deceasedName": "陈𠇔", "deceasedIdNumber": "33010519390615002X", "sex": "2", "birthDate": "1939-06-15",
             "address": "杭州市某区某街道8号", "divisionCode": "330105", "deathTime": "2026-11-06T03:30:00+08:00",
             "causeDirect": "急性心肌梗死", "causeUnderlying": "冠状动脉粥样硬化性心脏病", "icd10": "I21.9"}""";

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    AuditQueries audit;

    final WireMockServer civil = new WireMockServer(options().dynamicPort());
    final String admin = TestCredentials.basic(TestCredentials.ADMIN);
    final String healthApprover = TestCredentials.basic(TestCredentials.HEALTH_APPROVER);
    final String policeApprover = TestCredentials.basic(TestCredentials.POLICE_APPROVER);
    HubHttp http;

    @BeforeEach
    void start() {
        civil.start();
        civil.stubFor(post(urlEqualTo("/civil/inbox")).willReturn(aResponse().withStatus(200)));
        http = new HubHttp(port);
    }

    @AfterEach
    void stop() {
        subscriptions.all().stream().filter(s -> s.id().startsWith("approval-"))
                .forEach(subscription -> subscriptions.remove(subscription.id()));
        civil.stop();
    }

    @Test
    void aClearViewDeliversNothingUntilTheProvidersApproverApproves() {
        HubHttp.Response created = http.post("/api/v1/admin/subscriptions", admin,
                SUBSCRIPTION.formatted("approval-clear", "{\"deceasedName\": \"CLEAR\"}", civil.baseUrl()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("state").asText()).isEqualTo("PENDING_APPROVAL");

        push("DC-FOUR-EYES-1");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivered().isEmpty());
        assertThat(http.post("/api/v1/admin/subscriptions/approval-clear/resume", admin, null).status())
                .as("the admin cannot start it himself").isEqualTo(409);
        assertThat(http.post("/api/v1/subscription-approvals/approval-clear/approve", admin, null).status())
                .isEqualTo(403);
        assertThat(http.get("/api/v1/subscription-approvals", policeApprover).json()).as("not police's data").isEmpty();
        assertThat(http.post("/api/v1/subscription-approvals/approval-clear/approve", policeApprover, null).status())
                .isEqualTo(404);

        assertThat(http.get("/api/v1/subscription-approvals", healthApprover).json().get(0).toString())
                .contains("approval-clear").contains("\"deceasedName\":\"CLEAR\"")
                .contains("\"proposedBy\":\"" + TestCredentials.ADMIN + "\"");
        HubHttp.Response approved = http.post("/api/v1/subscription-approvals/approval-clear/approve", healthApprover,
                null);
        assertThat(approved.json().get("state").asText()).isEqualTo("ACTIVE");

        push("DC-FOUR-EYES-2");
        await().atMost(Duration.ofSeconds(15)).until(() -> delivered().stream().anyMatch(b -> b.contains("DC-FOUR-EYES-2")));
        assertThat(delivered()).as("what was journaled while it waited was never queued for it")
                .noneMatch(body -> body.contains("DC-FOUR-EYES-1"));
        List<AuditEvent> changes = audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE",
                "approval-clear", null, 0, 10)).events();
        assertThat(changes.get(0).actor()).isEqualTo(TestCredentials.HEALTH_APPROVER);
        assertThat(changes.get(0).detail()).startsWith("subscription APPROVED v2");
        assertThat(changes.get(1).detail()).contains("PENDING_APPROVAL");
    }

    @Test
    void widerViewsOfAnActiveSubscriptionWaitForApprovalAgainAndTheSecurityOfficerMayRejectThem() {
        String securityOfficer = TestCredentials.basic(TestCredentials.SECURITY_OFFICER);
        HubHttp.Response created = http.post("/api/v1/admin/subscriptions", admin,
                SUBSCRIPTION.formatted("approval-views", "{}", civil.baseUrl()));
        assertThat(created.json().get("state").asText()).as("nothing personal: the admin's alone").isEqualTo("ACTIVE");

        HubHttp.Response widened = http.put("/api/v1/admin/subscriptions/approval-views/views", admin,
                "{\"views\": {\"deceasedIdNumber\": \"MASKED\"}}");
        assertThat(widened.json().get("state").asText()).isEqualTo("PENDING_APPROVAL");
        push("DC-FOUR-EYES-3");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivered().isEmpty());

        assertThat(http.post("/api/v1/subscription-approvals/approval-views/reject", securityOfficer, null).status())
                .isEqualTo(200);
        assertThat(http.get("/api/v1/admin/subscriptions/approval-views", admin).status()).isEqualTo(404);
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", "approval-views", null,
                0, 10)).events().get(0).detail()).startsWith("subscription REJECTED");
    }

    private void push(String certificateNo) {
        HubHttp.Response pushed = http.send("POST", "/api/v1/inbound/death-certificate",
                TestCredentials.bearer(keys, "health"), "application/json", DEATH.formatted(certificateNo),
                java.util.Map.of());
        assertThat(pushed.json().at("/results/0/status").asText()).as(pushed.body()).isEqualTo("ACCEPTED");
    }

    private List<String> delivered() {
        return civil.findAll(postRequestedFor(urlEqualTo("/civil/inbox"))).stream().map(r -> r.getBodyAsString())
                .toList();
    }
}
