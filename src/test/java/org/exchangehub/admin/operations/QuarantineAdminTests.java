package org.exchangehub.admin.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Admins fix quarantined records without reading personal data: inspection masks it, a fix names fields and new
 * values which the hub applies to the encrypted input; discarding needs a reason; each step is audited.
 */
@HubTest
class QuarantineAdminTests {

    static final String WRONG_CHECK_CHAR = "330105199001010170";
    static final String RIGHT = "33010519390615002X";

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    AuditQueries audit;

    HubHttp http;
    final String admin = TestCredentials.basic(TestCredentials.ADMIN);

    @BeforeEach
    void connect() {
        http = new HubHttp(port);
    }

    @Test
    void inspectionMasksPersonalDataAndAFixAppliedByTheHubIsAccepted() {
        String id = quarantined("S-Q-FIX");

        HubHttp.Response inspected = http.get("/api/v1/admin/quarantine/" + id, admin);
        JsonNode input = inspected.json().get("maskedInput");
        assertThat(inspected.json().at("/entry/problems/0/code").asText()).isEqualTo("ID_CHECK_CHAR");
        assertThat(input.get("deceasedIdNumber").asText()).isEqualTo("330105********0170");
        assertThat(input.get("certificateNo").asText()).as("non-personal data stays readable").isEqualTo("S-Q-FIX");
        assertThat(inspected.body()).doesNotContain(WRONG_CHECK_CHAR).doesNotContain("陈𠇔")
                .doesNotContain("急性心肌梗死").doesNotContain("某街道");

        HubHttp.Response fixed = http.post("/api/v1/admin/quarantine/" + id + "/resubmit", admin,
                "{\"fixes\": {\"deceasedIdNumber\": \"" + RIGHT + "\"}}");

        assertThat(fixed.json().get("status").asText()).as(fixed.body()).isEqualTo("ACCEPTED");
        assertThat(fixed.body()).doesNotContain(RIGHT);
        assertThat(http.get("/api/v1/admin/quarantine/" + id, admin).json().at("/entry/status").asText())
                .isEqualTo("RESUBMITTED");
        assertThat(http.post("/api/v1/admin/quarantine/" + id + "/resubmit", admin,
                "{\"fixes\": {\"deceasedIdNumber\": \"" + RIGHT + "\"}}").status()).as("only open entries").isEqualTo(404);
        assertThat(changes()).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo(TestCredentials.ADMIN);
            assertThat(event.detail()).startsWith("quarantine " + id + " RESUBMITTED with fixes to [deceasedIdNumber]: ACCEPTED")
                    .doesNotContain(RIGHT);
        });
    }

    @Test
    void discardingNeedsAReasonAndIsAudited() {
        String id = quarantined("S-Q-DISCARD");

        assertThat(http.post("/api/v1/admin/quarantine/" + id + "/discard", admin, "{}").status()).isEqualTo(400);
        HubHttp.Response discarded = http.post("/api/v1/admin/quarantine/" + id + "/discard", admin,
                "{\"reason\": \"卫健委已重新上报 (re-sent by the health commission)\"}");

        assertThat(discarded.json().get("status").asText()).isEqualTo("DISCARDED");
        assertThat(http.get("/api/v1/admin/quarantine?status=DISCARDED", admin).body()).contains(id);
        assertThat(changes()).extracting(AuditEvent::detail)
                .contains("quarantine " + id + " DISCARDED: 卫健委已重新上报 (re-sent by the health commission)");
    }

    private String quarantined(String certificateNo) {
        HubHttp.Response answer = http.post("/api/v1/inbound/death-certificate", TestCredentials.bearer(keys, "health"), """
                {"sourceDepartment": "health", "sourceKey": "%1$s", "occurredAt": "2026-11-06T03:30:00+08:00",
                 "certificateNo": "%1$s", "hospitalName": "某市第一人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "陈𠇔", "deceasedIdNumber": "%2$s", "sex": "2", "birthDate": "1939-06-15",
                 "address": "杭州市某区某街道8号", "divisionCode": "330105", "deathTime": "2026-11-06T03:30:00+08:00",
                 "causeDirect": "急性心肌梗死", "causeUnderlying": null, "icd10": "I21.9"}"""
                .formatted(certificateNo, WRONG_CHECK_CHAR));
        assertThat(answer.json().at("/results/0/status").asText()).isEqualTo("QUARANTINED");
        return answer.json().at("/results/0/quarantineId").asText();
    }

    private java.util.List<AuditEvent> changes() {
        return audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 200)).events();
    }
}
