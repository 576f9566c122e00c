package org.exchangehub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.exchangehub.HubHttp;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bad requests and decisions are refused with problem details and change nothing; who may decide and see what
 * (the authorization matrix's department-level rules, with real requests).
 */
class SharingRequestRulesTests extends SharingHub {

    @Test
    void badRequestsAreRefusedWithProblemDetailsAndNothingIsStored() {
        int requestsBefore = count("SELECT COUNT(*) FROM catalog_request");
        int eventsBefore = count("SELECT COUNT(*) FROM audit_event WHERE action = 'REQUESTED'");
        String until = today().plusDays(30).toString();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("unknown resource", new Object[] { 404, form("no-such-resource", "{}", today().plusDays(30), "/x"),
                "no catalog resource 'no-such-resource'" });
        cases.put("NOT_SHARED field", new Object[] { 400, form("police-incident", "{\"summary\": \"CLEAR\"}",
                today().plusDays(30), "/x"), "fields.summary: NOT_SHARED" });
        cases.put("view wider than the catalog allows", new Object[] { 400, form("police-incident",
                "{\"callerIdNumber\": \"CLEAR\"}", today().plusDays(30), "/x"),
                "fields.callerIdNumber: CLEAR is wider than the catalog allows (at most BLIND_INDEX)" });
        cases.put("not a PII field", new Object[] { 400, form("police-incident", "{\"category\": \"CLEAR\"}",
                today().plusDays(30), "/x"), "fields.category: not a PII field" });
        cases.put("OMIT asked for", new Object[] { 400, form("police-incident", "{\"callerName\": \"OMIT\"}",
                today().plusDays(30), "/x"), "fields.callerName: a view is" });
        cases.put("validity in the past", new Object[] { 400, form("police-incident", "{}", today().minusDays(1),
                "/x"), "validUntil:" });
        cases.put("validity beyond the longest", new Object[] { 400, form("police-incident", "{}",
                today().plusYears(4), "/x"), "validUntil: at most 1095 days" });
        cases.put("missing purpose", new Object[] { 400, """
                {"resource": "police-incident", "fields": {}, "legalBasis": "x", "validUntil": "%s",
                 "channel": {"type": "FEED"}}""".formatted(until), "purpose" });
        cases.put("blank legal basis", new Object[] { 400, """
                {"resource": "police-incident", "fields": {}, "purpose": "核查", "legalBasis": " ", "validUntil": "%s",
                 "channel": {"type": "FEED"}}""".formatted(until), "legalBasis" });
        cases.put("FILE channel", new Object[] { 400, """
                {"resource": "police-incident", "fields": {}, "purpose": "核查", "legalBasis": "《条例》", "validUntil": "%s",
                 "channel": {"type": "FILE", "directory": "/etc"}}""".formatted(until), "channel.type: FILE" });
        cases.put("webhook without URL", new Object[] { 400, """
                {"resource": "police-incident", "fields": {}, "purpose": "核查", "legalBasis": "《条例》", "validUntil": "%s",
                 "channel": {"type": "WEBHOOK"}}""".formatted(until), "channel.url" });
        cases.put("not JSON", new Object[] { 400, "{\"resource\": ", "not valid JSON" });
        cases.forEach((name, c) -> {
            HubHttp.Response response = submit(key("civil-affairs"), (String) c[1]);
            assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(c[0]);
            assertThat(response.header("Content-Type")).as(name).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asText()).as(name).contains((String) c[2]);
        });
        HubHttp.Response own = submit(key("police"), form("police-incident", "{}", today().plusDays(30), "/x"));
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.json().get("detail").asText()).contains("does not request its own data");

        assertThat(count("SELECT COUNT(*) FROM catalog_request")).isEqualTo(requestsBefore);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'REQUESTED'")).isEqualTo(eventsBefore);
        assertThat(subscriptions.all()).isEmpty();
    }

    @Test
    void onlyTheProvidersApproversDecideAuditorsReadEverythingAndOtherDepartmentsSeeNothing() {
        String id = request(CIVIL_ADMIN, form("police-incident", "{\"callerIdNumber\": \"BLIND_INDEX\"}",
                today().plusDays(30), "/civil-affairs/inbox")).get("id").asText();
        String path = "/api/v1/sharing-requests/" + id;

        // the requester cannot approve its own request, nor can another department's approver or a department system
        assertThat(decide(id, "approve", CIVIL_ADMIN, "{}").status()).isEqualTo(403);
        assertThat(decide(id, "approve", HEALTH_APPROVER, "{}").status()).isEqualTo(404);
        assertThat(decide(id, "approve", key("police"), "{}").status()).isEqualTo(403);
        assertThat(decide(id, "approve", key("civil-affairs"), "{}").status()).isEqualTo(403);
        assertThat(decide(id, "approve", ADMIN, "{}").status()).isEqualTo(403);
        assertThat(decide(id, "approve", AUDITOR, "{}").status()).isEqualTo(403);
        assertThat(decide(id, "reject", HEALTH_APPROVER, "{\"reason\": \"x\"}").status()).isEqualTo(404);
        assertThat(decide(id, "revoke", HEALTH_APPROVER, "{\"reason\": \"x\"}").status()).isEqualTo(404);
        assertThat(decide(id, "extend", CIVIL_ADMIN, "{\"reason\": \"x\"}").status()).isEqualTo(403);
        assertThat(auditActions(id)).containsExactly("REQUESTED");
        assertThat(http.get(path, CIVIL_ADMIN).json().get("state").asText()).isEqualTo("PENDING");

        // auditors and admins read all requests, read-only; a department not party to it does not see it
        assertThat(http.get(path, AUDITOR).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/sharing-requests", AUDITOR).json().findValuesAsText("id")).contains(id);
        assertThat(http.get("/api/v1/sharing-requests", ADMIN).json().findValuesAsText("id")).contains(id);
        assertThat(http.get(path, POLICE_APPROVER).status()).isEqualTo(200);
        assertThat(http.get(path, key("police")).status()).isEqualTo(200);
        assertThat(http.get(path, key("health")).status()).isEqualTo(404);
        assertThat(http.get(path, HEALTH_APPROVER).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/sharing-requests", key("health")).json().findValuesAsText("id")).doesNotContain(id);
        assertThat(http.get(path + "/preview", HEALTH_APPROVER).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/sharing-requests", TestCreds.SECURITY).status()).isEqualTo(403);

        // wider views than requested are refused at approval; the provider's approver decides
        HubHttp.Response wider = decide(id, "approve", POLICE_APPROVER, "{\"views\": {\"callerIdNumber\": \"CLEAR\"}}");
        assertThat(wider.status()).isEqualTo(400);
        assertThat(wider.json().get("detail").asText()).contains("wider than the BLIND_INDEX requested");
        assertThat(decide(id, "reject", POLICE_APPROVER, "{\"reason\": \"申请依据不足\"}").status()).isEqualTo(200);
        JsonNode rejected = http.get(path, CIVIL_ADMIN).json();
        assertThat(rejected.get("state").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("decisionReason").asText()).isEqualTo("申请依据不足");
        assertThat(rejected.get("fields").get(0).get("status").asText()).isEqualTo("REFUSED");
        assertThat(decide(id, "approve", POLICE_APPROVER, "{}").status()).as("decided already").isEqualTo(409);
        assertThat(subscriptions.versioned(id)).isEmpty();
    }

    @Test
    void grantedSubscriptionsChangeOnlyThroughTheirRequest() {
        String id = request(key("civil-affairs"), form("death-certificate", "{\"deceasedName\": \"MASKED\"}",
                today().plusDays(30), "/civil-affairs/inbox")).get("id").asText();
        assertThat(decide(id, "approve", HEALTH_APPROVER, "{}").status()).isEqualTo(200);
        HubHttp.Response views = http.put("/api/v1/admin/subscriptions/" + id + "/views", ADMIN,
                "{\"views\": {\"deceasedName\": \"CLEAR\"}}");
        assertThat(views.status()).isEqualTo(409);
        assertThat(views.json().get("detail").asText()).contains("granted by sharing request " + id);
        assertThat(http.delete("/api/v1/admin/subscriptions/" + id, ADMIN).status()).isEqualTo(409);
        assertThat(http.post("/api/v1/admin/subscriptions/" + id + "/pause", ADMIN, "{}").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/admin/subscriptions/" + id, ADMIN).json().get("origin").asText())
                .isEqualTo("GRANT");
    }

    @Test
    void previewShowsTheSchemaTheViewsAndAMaskedSampleButNeverData() {
        int requestsBefore = count("SELECT COUNT(*) FROM catalog_request");
        HubHttp.Response preview = http.post("/api/v1/sharing-requests/preview", key("civil-affairs"), form(
                "death-certificate", "{\"deceasedIdNumber\": \"CLEAR\", \"deceasedName\": \"MASKED\","
                        + " \"causeDirect\": \"MASKED\"}", today().plusDays(30), "/x"));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode body = preview.json();
        assertThat(body.get("schema").asText()).contains("\"name\":\"DeathCertificate\"");
        JsonNode sample = body.get("sample");
        assertThat(sample.get("deceasedIdNumber").asText()).isEqualTo("110105********002X");
        assertThat(sample.get("deceasedName").asText()).endsWith("**");
        assertThat(sample.get("causeDirect").asText()).isEqualTo("******");
        assertThat(sample.get("causeUnderlying").isNull()).isTrue();
        assertThat(sample.get("certificateNo").asText()).isNotEmpty();
        JsonNode idField = null;
        for (JsonNode field : body.get("fields")) {
            if (field.get("name").asText().equals("deceasedIdNumber")) {
                idField = field;
            }
        }
        assertThat(idField.get("view").asText()).isEqualTo("CLEAR");
        assertThat(idField.get("category").asText()).isEqualTo("ID_NUMBER");
        assertThat(count("SELECT COUNT(*) FROM catalog_request")).as("a preview stores nothing")
                .isEqualTo(requestsBefore);
        HubHttp.Response refused = http.post("/api/v1/sharing-requests/preview", key("civil-affairs"), form(
                "death-certificate", "{\"causeDirect\": \"CLEAR\"}", today().plusDays(30), "/x"));
        assertThat(refused.status()).isEqualTo(400);
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    /** The security officer, who has no business with sharing requests. */
    static final class TestCreds {
        static final String SECURITY = org.exchangehub.TestCredentials.basic(
                org.exchangehub.TestCredentials.SECURITY_OFFICER);
    }
}
