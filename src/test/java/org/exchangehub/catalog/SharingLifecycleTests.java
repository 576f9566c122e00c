package org.exchangehub.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;

import org.exchangehub.HubHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request's life: unconditional parts at once, conditional ones on approval, deadlines in working days with one
 * extension, overdue flags, and the end of a grant at its validity's end with the deliveries it still owed cancelled.
 */
class SharingLifecycleTests extends SharingHub {

    @Autowired
    SharingRequests requests;

    @Test
    void unconditionalFieldsAreGrantedAtOnceAndConditionalOnesWaitForTheProvider() throws Exception {
        // work orders are unconditional, their caller's name conditional
        JsonNode mixed = request(key("police"), form("work-order", "{\"callerName\": \"MASKED\"}", today().plusDays(30),
                "/police/orders"));
        assertThat(mixed.get("state").asText()).isEqualTo("PENDING");
        assertThat(mixed.get("active").asBoolean()).as("the unconditional part flows at once").isTrue();
        assertThat(mixed.get("fields").get(0).get("status").asText()).isEqualTo("WAITING");
        JsonNode open = request(key("grid"), form("work-order", "{}", today().plusDays(30), "/grid/orders"));
        assertThat(open.get("state").asText()).isEqualTo("APPROVED");
        assertThat(open.get("decidedBy").asText()).isEqualTo("hub");
        assertThat(open.get("deadline").isNull()).isTrue();
        assertThat(auditActions(open.get("id").asText())).containsExactly("REQUESTED", "APPROVED", "ADMIN_CHANGE");

        inbound.receive("work-order", JSON.readTree("""
                {"sourceDepartment": "hotline", "sourceKey": "WO2026112300101", "occurredAt": "2026-11-23T09:00:00+08:00",
                 "workOrderNo": "WO2026112300101", "channel": "HOTLINE", "requestType": "投诉", "content": "夜间施工噪音",
                 "address": "杭州市某区某路9号", "divisionCode": "330106", "callerName": "郑晓燕",
                 "callerPhone": "13706718842", "assignedDepartment": "police", "dueAt": "2026-11-25T18:00:00+08:00"}"""),
                "PUSH");
        JsonNode order = await().atMost(Duration.ofSeconds(15)).until(() -> received("/police/orders"),
                r -> !r.isEmpty()).get(0);
        assertThat(order.get("workOrderNo").asText()).isEqualTo("WO2026112300101");
        assertThat(order.get("callerName").isNull()).as("conditional, not approved yet").isTrue();
        assertThat(order.get("content").isNull()).isTrue();
    }

    @Test
    void deadlinesCountWorkingDaysExtendOnceAndOverdueRequestsAreFlaggedForAdmins() {
        String id = request(CIVIL_ADMIN, form("police-incident", "{\"callerIdNumber\": \"BLIND_INDEX\"}",
                today().plusDays(60), "/civil-affairs/late")).get("id").asText();
        LocalDate deadline = workingDays.plus(today(), 5);
        assertThat(http.get("/api/v1/sharing-requests/" + id, ADMIN).json().get("deadline").asText())
                .isEqualTo(deadline.toString());

        HubHttp.Response extended = decide(id, "extend", POLICE_APPROVER, "{\"reason\": \"需会同法制部门审核\"}");
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
        assertThat(extended.json().get("deadline").asText()).isEqualTo(workingDays.plus(deadline, 5).toString());
        assertThat(extended.json().get("extended").asBoolean()).isTrue();
        HubHttp.Response again = decide(id, "extend", POLICE_APPROVER, "{\"reason\": \"再延一次\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("extended already");
        assertThat(decide(id, "extend", POLICE_APPROVER, "{}").status()).as("a reason is required").isEqualTo(400);

        assertThat(http.get("/api/v1/sharing-requests?overdue=true", ADMIN).json().findValuesAsText("id"))
                .doesNotContain(id);
        // 11 working days are at least 15 calendar days
        CLOCK.shift(Duration.ofDays(16 + 14));
        requests.sweep();
        HubHttp.Response overdue = http.get("/api/v1/sharing-requests?overdue=true", ADMIN);
        assertThat(overdue.json().findValuesAsText("id")).contains(id);
        assertThat(http.get("/api/v1/sharing-requests/" + id, POLICE_APPROVER).json().get("overdue").asBoolean())
                .isTrue();
        assertThat(jdbc.sql("SELECT overdue_flagged FROM catalog_request WHERE id = ?").param(id).query(Boolean.class)
                .single()).isTrue();
        assertThat(decide(id, "approve", POLICE_APPROVER, "{}").status()).as("late, but still answerable")
                .isEqualTo(200);
        assertThat(http.get("/api/v1/sharing-requests?overdue=true", ADMIN).json().findValuesAsText("id"))
                .doesNotContain(id);
    }

    @Test
    void grantStopsAtTheEndOfItsValidityAndDeliveriesStillOwedAreCancelledNotSent() throws Exception {
        department.stubFor(post(urlPathEqualTo("/civil-affairs/down")).willReturn(aResponse().withStatus(503)));
        String id = request(key("civil-affairs"), form("death-certificate", "{\"deceasedIdNumber\": \"BLIND_INDEX\"}",
                today(), "/civil-affairs/down")).get("id").asText();
        assertThat(decide(id, "approve", HEALTH_APPROVER, "{}").status()).isEqualTo(200);
        pushDeath("SW330105202611230101", "330102195507100033");
        await().atMost(Duration.ofSeconds(15)).until(() -> department.countRequestsMatching(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/civil-affairs/down"))
                        .build()).getCount() > 0);

        CLOCK.shift(Duration.ofDays(1));
        assertThat(requests.sweep()).isEqualTo(1);
        JsonNode expired = http.get("/api/v1/sharing-requests/" + id, AUDITOR).json();
        assertThat(expired.get("state").asText()).isEqualTo("EXPIRED");
        assertThat(expired.get("active").asBoolean()).isFalse();
        assertThat(expired.get("cancelledDeliveries").asInt()).isEqualTo(1);
        assertThat(auditActions(id)).contains("EXPIRED");
        String detail = jdbc.sql("SELECT detail FROM audit_event WHERE subscription_id = ? AND action = 'EXPIRED'")
                .param(id).query(String.class).single();
        assertThat(detail).contains("1 pending deliveries cancelled");

        // the department comes back: nothing is sent for the ended grant
        department.stubFor(post(urlPathEqualTo("/civil-affairs/down")).willReturn(aResponse().withStatus(200)));
        int attempts = received("/civil-affairs/down").size();
        pushDeath("SW330105202611230102", "330102195507100033");
        Thread.sleep(1500);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE subscription_id = ? AND action = 'DELIVERED'")
                .param(id).query(Integer.class).single()).isZero();
        assertThat(received("/civil-affairs/down")).hasSize(attempts);
        HubHttp.Response late = decide(id, "approve", HEALTH_APPROVER, "{}");
        assertThat(late.status()).isEqualTo(409);
    }

    @Test
    void aPendingRequestWhoseValidityEndsUnansweredExpiresAndCannotBeApproved() {
        String id = request(CIVIL_ADMIN, form("death-certificate", "{\"deceasedName\": \"MASKED\"}", today(),
                "/civil-affairs/never")).get("id").asText();
        String rejected = request(CIVIL_ADMIN, form("death-certificate", "{\"deceasedName\": \"MASKED\"}", today(),
                "/civil-affairs/never")).get("id").asText();
        assertThat(decide(rejected, "reject", HEALTH_APPROVER, "{\"reason\": \"依据不足\"}").status()).isEqualTo(200);
        CLOCK.shift(Duration.ofDays(1));
        HubHttp.Response approval = decide(id, "approve", HEALTH_APPROVER, "{}");
        assertThat(approval.status()).isEqualTo(409);
        assertThat(approval.json().get("detail").asText()).contains("validity ended");
        requests.sweep();
        assertThat(http.get("/api/v1/sharing-requests/" + id, CIVIL_ADMIN).json().get("state").asText())
                .isEqualTo("EXPIRED");
        assertThat(subscriptions.versioned(id)).isEmpty();
        assertThat(http.get("/api/v1/sharing-requests/" + rejected, CIVIL_ADMIN).json().get("state").asText())
                .as("a plain rejection stays a rejection").isEqualTo("REJECTED");
    }
}
