package org.exchangehub.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.ResidentIdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Watches over HTTP: police watches whether a person died — NOT_ON_FILE at once; health's death certificate arrives
 * and the watch's answer changes to MATCH within seconds, a change police reads and acknowledges, recorded as a
 * VERIFIED event naming the watch and listed in the person's data-subject report; a watch is ended by its department
 * only, and keeps no ID number.
 */
@HubTest
class WatchVerificationTests extends ServiceCallTest {

    static final String PURPOSE = "户籍注销持续核查 (watch)";

    @Autowired
    InboundRecords inbound;

    @Autowired
    DataSubjectReport reports;

    @Test
    void aWatchedPersonsAnswerChangesWhenTheDeathCertificateArrivesAndPoliceIsToldOnce() throws Exception {
        String first17 = "33010519440907121";
        String person = first17 + ResidentIdNumber.checkCharacter(first17);
        ServiceGrants.grant(http(), key("police"), "death-status", PURPOSE, TestCredentials.HEALTH_APPROVER);

        HubHttp.Response created = http().post("/api/v1/verifications/death-status/watches", key("police"), """
                {"idNumber": "%s", "purpose": "%s", "caseReference": "HJ-2026-W1"}""".formatted(person, PURPOSE));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/verifications/watches/" + id);
        assertThat(created.json().get("answer").asText()).isEqualTo("NOT_ON_FILE");
        assertThat(changesOf(id)).isEmpty();
        assertThat(http().get("/api/v1/verifications/watches", key("police")).json())
                .anySatisfy(watch -> assertThat(watch.get("id").asText()).isEqualTo(id));

        InboundOutcome certificate = inbound.receive("death-certificate", JSON.readTree("""
                {"sourceDepartment": "health", "sourceKey": "DC-W-0001", "occurredAt": "2026-12-01T03:10:00+08:00",
                 "certificateNo": "DC-W-0001", "hospitalName": "某市第一人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "冯志刚", "deceasedIdNumber": "%s", "sex": "1", "birthDate": "1944-09-07",
                 "address": "杭州市某区某街道3号", "divisionCode": "330105", "deathTime": "2026-12-01T03:10:00+08:00",
                 "causeDirect": "呼吸衰竭", "causeUnderlying": "慢性阻塞性肺疾病", "icd10": "J96.9"}""".formatted(person)),
                "PUSH");
        assertThat(certificate.recordId()).as(certificate.toString()).isNotNull();

        JsonNode change = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> changesOf(id), changes -> changes.size() == 1).get(0);
        assertThat(change.get("previous").asText()).isEqualTo("NOT_ON_FILE");
        assertThat(change.get("answer").asText()).isEqualTo("MATCH");
        assertThat(change.get("caseReference").asText()).isEqualTo("HJ-2026-W1");
        assertThat(jdbc.sql("SELECT outcome || ' ' || detail FROM audit_event WHERE node_id = ? AND seq = ?")
                .params(change.get("auditNode").asText(), change.get("auditSeq").asLong()).query(String.class)
                .single()).startsWith("MATCH service=death-status; case=HJ-2026-W1;").endsWith("; watch=" + id);
        HubHttp.Response acknowledged = http().post("/api/v1/verifications/watches/changes/ack", key("police"),
                "{\"seqs\": [" + change.get("seq").asLong() + "]}");
        assertThat(acknowledged.json().get("acknowledged").asInt()).isEqualTo(1);
        assertThat(changesOf(id)).as("told once").isEmpty();
        assertThat(reports.forIdNumber(person, "auditor").checks()).extracting(DataSubjectReport.Check::answer)
                .containsExactly("NOT_ON_FILE", "MATCH");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM verification_watch WHERE id = ? AND token LIKE 'bi1.%'"
                + " AND question NOT LIKE ?").params(id, "%" + person + "%").query(Long.class).single())
                .as("the watch keeps the blind index, no ID number").isEqualTo(1);

        assertThat(http().delete("/api/v1/verifications/watches/" + id, key("health")).status())
                .as("another department's watch").isEqualTo(404);
        assertThat(http().delete("/api/v1/verifications/watches/" + id, key("police")).status()).isEqualTo(204);
        assertThat(http().delete("/api/v1/verifications/watches/" + id, key("police")).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/verifications/watches", key("police")).json())
                .noneSatisfy(watch -> assertThat(watch.get("id").asText()).isEqualTo(id));
    }

    @Test
    void aWatchIsRefusedLikeAQuestionWithoutAGrantOrWithABadIdNumber() {
        String first17 = "33010519440907122";
        String person = first17 + ResidentIdNumber.checkCharacter(first17);
        assertThat(http().post("/api/v1/verifications/death-status/watches", key("hotline"), """
                {"idNumber": "%s", "purpose": "无授权", "caseReference": "RX-1"}""".formatted(person)).status())
                .isEqualTo(403);
        HubHttp.Response bad = http().post("/api/v1/verifications/death-status/watches", key("police"), """
                {"idNumber": "33010519440907121", "purpose": "%s", "caseReference": "HJ-1"}""".formatted(PURPOSE));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("idNumber");
    }

    private List<JsonNode> changesOf(String watch) {
        List<JsonNode> found = new ArrayList<>();
        http().get("/api/v1/verifications/watches/changes", key("police")).json().forEach(change -> {
            if (change.get("watch").asText().equals(watch)) {
                found.add(change);
            }
        });
        return found;
    }

}
