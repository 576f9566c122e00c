package org.exchangehub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubHttp;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DOMAIN.md scenario 3, end to end over HTTP: civil affairs asks to verify a subsistence-allowance applicant against
 * police and health data; the requests carry purpose and legal basis; nothing flows before each provider approves;
 * then exactly the approved fields in the approved views; nothing after revocation; the audit chain and the
 * data-subject report show every step.
 */
class ConditionalSharingScenarioTests extends SharingHub {

    static final String APPLICANT = "330106196203150023";
    static final String DECEASED = "330105194002220042";

    @Autowired
    AuditVerifier verifier;

    @Test
    void civilAffairsGetsPoliceAndHealthDataOnlyAfterApprovalExactlyAsApprovedAndNothingAfterRevocation()
            throws Exception {
        // a control subscription shows the pipeline runs meanwhile: records do flow, only not to civil affairs
        subscriptions.put(new Subscription("control-incidents", "petition", "police-incident", "对照 (control)",
                "《测试条例》第一条", SubscriptionFilter.ALL, Map.of(), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                        department.baseUrl() + "/control/inbox", null, null)));

        // 1. civil affairs requests (its system's key for police, its DEPARTMENT_ADMIN for health)
        JsonNode police = request(key("civil-affairs"), form("police-incident",
                "{\"callerIdNumber\": \"BLIND_INDEX\", \"callerName\": \"MASKED\", \"place\": \"MASKED\"}",
                today().plusDays(90), "/civil-affairs/verification"));
        JsonNode health = request(CIVIL_ADMIN, form("death-certificate",
                "{\"deceasedIdNumber\": \"CLEAR\", \"deceasedName\": \"MASKED\", \"causeDirect\": \"MASKED\"}",
                today().plusDays(90), "/civil-affairs/verification"));
        String policeId = police.get("id").asText();
        String healthId = health.get("id").asText();
        assertThat(policeId).matches("sr-\\d{4}-\\d{6}");
        assertThat(police.get("state").asText()).isEqualTo("PENDING");
        assertThat(police.get("requester").asText()).isEqualTo("civil-affairs");
        assertThat(police.get("provider").asText()).isEqualTo("police");
        assertThat(police.get("active").asBoolean()).isFalse();
        assertThat(police.get("deadline").asText()).isEqualTo(workingDays.plus(today(), 5).toString());
        assertThat(police.get("fields").findValuesAsText("status")).containsOnly("WAITING");
        assertThat(police.get("channel").get("secretSet").asBoolean()).isTrue();
        assertThat(police.toString()).doesNotContain("verification-secret");

        // 2. before approval: records flow elsewhere, never to civil affairs
        pushIncident("J330106202611230001", APPLICANT);
        pushDeath("SW330105202611200007", DECEASED);
        await().atMost(Duration.ofSeconds(15)).until(() -> received("/control/inbox").size() == 1);
        Thread.sleep(500);
        assertThat(received("/civil-affairs/verification")).isEmpty();
        assertThat(auditActions(policeId)).containsExactly("REQUESTED");

        // 3. each provider approves its own: police narrows (no name), health narrows the ID number to a blind index
        HubHttp.Response approvedPolice = decide(policeId, "approve", POLICE_APPROVER,
                "{\"views\": {\"callerName\": \"OMIT\"}, \"comment\": \"仅核查警情，不提供姓名\"}");
        assertThat(approvedPolice.status()).as(approvedPolice.body()).isEqualTo(200);
        assertThat(approvedPolice.json().get("state").asText()).isEqualTo("APPROVED");
        assertThat(approvedPolice.json().get("granted")).hasSize(2);
        HubHttp.Response approvedHealth = decide(healthId, "approve", HEALTH_APPROVER,
                "{\"views\": {\"deceasedIdNumber\": \"BLIND_INDEX\"}}");
        assertThat(approvedHealth.status()).as(approvedHealth.body()).isEqualTo(200);
        assertThat(approvedHealth.json().get("active").asBoolean()).isTrue();

        // 4. exactly the approved fields in the approved views flow, and only records from after the approval
        pushIncident("J330106202611230002", APPLICANT);
        pushDeath("SW330105202611200008", DECEASED);
        List<JsonNode> verification = await().atMost(Duration.ofSeconds(15))
                .until(() -> received("/civil-affairs/verification"), r -> r.size() == 2);
        JsonNode incident = verification.stream().filter(r -> r.has("incidentNo")).findFirst().orElseThrow();
        JsonNode death = verification.stream().filter(r -> r.has("certificateNo")).findFirst().orElseThrow();
        assertThat(incident.get("incidentNo").asText()).isEqualTo("J330106202611230002");
        assertThat(incident.get("callerIdNumber").asText()).startsWith("bi1.");
        assertThat(incident.get("place").asText()).isNotEqualTo("杭州市某区某社区12幢").contains("*");
        assertThat(incident.get("callerName").isNull()).isTrue();
        assertThat(incident.get("callerPhone").isNull()).isTrue();
        assertThat(incident.get("summary").isNull()).isTrue();
        assertThat(death.get("deceasedIdNumber").asText()).startsWith("bi1.");
        assertThat(death.get("deceasedName").asText()).isEqualTo("吴**");
        assertThat(death.get("causeDirect").asText()).isEqualTo("******");
        assertThat(death.get("causeUnderlying").isNull()).isTrue();
        assertThat(death.get("icd10").isNull()).isTrue();
        assertThat(death.get("address").isNull()).isTrue();
        assertThat(verification.toString()).doesNotContain(APPLICANT).doesNotContain(DECEASED);

        // 5. police revokes, civil affairs withdraws from health's: nothing flows any more
        HubHttp.Response revoked = decide(policeId, "revoke", POLICE_APPROVER, "{\"reason\": \"核查已完成\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("state").asText()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(decide(healthId, "revoke", CIVIL_ADMIN, "{\"reason\": \"不再需要\"}").status()).isEqualTo(200);
        pushIncident("J330106202611230003", APPLICANT);
        pushDeath("SW330105202611200009", DECEASED);
        await().atMost(Duration.ofSeconds(15)).until(() -> received("/control/inbox").size() == 3);
        Thread.sleep(500);
        assertThat(received("/civil-affairs/verification")).hasSize(2);

        // 6. the audit chain shows each step, linked to the request, and still verifies
        assertThat(auditActions(policeId)).containsSubsequence("REQUESTED", "APPROVED", "DELIVERED", "REVOKED");
        assertThat(auditActions(healthId)).containsSubsequence("REQUESTED", "APPROVED", "DELIVERED", "REVOKED");
        Map<String, Object> approval = jdbc.sql("SELECT actor, purpose, legal_basis, fields FROM audit_event"
                + " WHERE subscription_id = ? AND action = 'APPROVED'").param(policeId).query().singleRow();
        assertThat(approval.get("ACTOR")).isEqualTo("test-police-approver");
        assertThat(approval.get("LEGAL_BASIS")).isEqualTo("《社会救助暂行办法》第十一条");
        assertThat(approval.get("FIELDS").toString()).contains("callerIdNumber").doesNotContain("callerName");
        assertThat(verifier.verifyDatabase().ok()).isTrue();

        // 7. the data-subject report shows the police disclosure with its legal basis and the approval behind it
        HubHttp.Response report = http.post("/api/v1/audit/subject-reports", AUDITOR,
                "{\"idNumber\": \"" + APPLICANT + "\"}");
        assertThat(report.status()).isEqualTo(200);
        JsonNode deliveries = report.json().get("records").findValues("deliveries").stream()
                .flatMap(d -> java.util.stream.StreamSupport.stream(d.spliterator(), false))
                .filter(d -> policeId.equals(d.get("subscriptionId").asText())).findFirst().orElseThrow();
        assertThat(deliveries.get("to").asText()).isEqualTo("civil-affairs");
        assertThat(deliveries.get("legalBasis").asText()).isEqualTo("《社会救助暂行办法》第十一条");
        assertThat(deliveries.get("authority").asText()).startsWith("APPROVED " + policeId + " by test-police-approver");
        assertThat(report.body()).doesNotContain(APPLICANT);
    }
}
