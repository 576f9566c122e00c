package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.springframework.jdbc.core.simple.JdbcClient;

/** Department systems authenticate with API keys an admin issues; every refusal is a 401 or 403 and audited. */
@HubTest
class DepartmentCredentialsTests {

    static final String WORK_ORDER = """
            {"sourceDepartment": "%s", "sourceKey": "%s", "occurredAt": "2026-11-20T09:12:00+08:00",
             "workOrderNo": "%2$s", "channel": "HOTLINE", "requestType": "咨询", "content": "咨询低保申请条件",
             "address": null, "divisionCode": "330106", "callerName": null, "callerPhone": null,
             "assignedDepartment": "civil-affairs", "dueAt": "2026-11-22T09:12:00+08:00"}""";

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    AuditQueries audit;

    @Autowired
    JdbcClient jdbc;

    HubHttp http;
    final String admin = TestCredentials.basic(TestCredentials.ADMIN);

    @BeforeEach
    void connect() {
        http = new HubHttp(port);
    }

    @Test
    void issuedKeyIsShownOnceWorksForItsDepartmentAndIsStoredOnlyAsADigest() {
        HubHttp.Response issued = http.post("/api/v1/admin/departments/hotline/api-keys", admin,
                "{\"label\": \"12345 adapter\", \"validityDays\": 30}");

        assertThat(issued.status()).isEqualTo(201);
        String key = issued.json().get("key").asText();
        String keyId = issued.json().get("keyId").asText();
        assertThat(key).matches("ehk1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
        HubHttp.Response listed = http.get("/api/v1/admin/departments/hotline/api-keys", admin);
        assertThat(listed.body()).contains(keyId).contains("ACTIVE").doesNotContain(key.substring(22));
        assertThat(jdbc.sql("SELECT secret_hash FROM admin_api_key WHERE key_id = ?").param(keyId).query(String.class)
                .single()).hasSize(64).isNotEqualTo(key.substring(22));
        assertThat(push("Bearer " + key, "hotline", "WO-KEY-1").status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v1/inbound/work-order", null, "application/json",
                WORK_ORDER.formatted("hotline", "WO-KEY-2"), Map.of("X-API-Key", key)).status()).isEqualTo(200);
        assertThat(events("ADMIN_CHANGE")).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo(TestCredentials.ADMIN);
            assertThat(event.detail()).contains("api key ISSUED " + keyId).doesNotContain(key.substring(22));
        });
    }

    @Test
    void aKeyAnAdminIssuedInADepartmentsNameIsSeenAndRevokedByThatDepartmentsPeople() {
        HubHttp.Response issued = http.post("/api/v1/admin/departments/police/api-keys", admin,
                "{\"label\": \"admin's own reader\"}");
        String key = issued.json().get("key").asText();
        String keyId = issued.json().get("keyId").asText();
        String approver = TestCredentials.basic(TestCredentials.POLICE_APPROVER);

        HubHttp.Response listed = http.get("/api/v1/departments/police/api-keys", approver);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(keyId).contains(TestCredentials.ADMIN).contains("admin's own reader")
                .doesNotContain(key.substring(22));
        assertThat(http.get("/api/v1/departments/police/api-keys",
                TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN)).status()).as("another department's people")
                .isEqualTo(404);
        assertThat(http.get("/api/v1/departments/police/api-keys", "Bearer " + key).status())
                .as("the department system itself (its key checked, and held by the hub)").isEqualTo(403);
        assertThat(http.delete("/api/v1/departments/police/api-keys/" + keyId,
                TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN)).status()).isEqualTo(404);

        HubHttp.Response revoked = http.delete("/api/v1/departments/police/api-keys/" + keyId, approver);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo(TestCredentials.POLICE_APPROVER);
        assertThat(http.get("/api/v1/feeds/matrix-none", "Bearer " + key).status())
                .as("the next request after the revocation").isEqualTo(401);
        assertThat(events("ADMIN_CHANGE")).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo(TestCredentials.POLICE_APPROVER);
            assertThat(event.detail()).isEqualTo("api key REVOKED " + keyId);
        });
    }

    @Test
    void malformedUnknownExpiredRevokedAndDisabledDepartmentKeysGet401AndEachRefusalIsAudited() throws Exception {
        var expired = keys.issue("grid", "short", Duration.ofMillis(1), TestCredentials.ADMIN);
        var revoked = keys.issue("grid", "revoked", Duration.ofDays(1), TestCredentials.ADMIN);
        assertThat(http.delete("/api/v1/admin/departments/grid/api-keys/" + revoked.keyId(), admin).json()
                .get("status").asText()).isEqualTo("REVOKED");
        var disabled = keys.issue("petition", "disabled", Duration.ofDays(1), TestCredentials.ADMIN);
        assertThat(http.post("/api/v1/admin/departments/petition/disable", admin, null).json().get("enabled")
                .asBoolean()).isFalse();
        Thread.sleep(5);

        Map<String, String> presented = Map.of("API_KEY_MALFORMED", "not-a-key", "API_KEY_UNKNOWN",
                "ehk1.0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "API_KEY_EXPIRED", expired.key(),
                "API_KEY_REVOKED", revoked.key(), "API_KEY_DEPARTMENT_DISABLED", disabled.key());
        presented.forEach((reason, key) -> {
            HubHttp.Response response = http.get("/api/v1/feeds/anything", "Bearer " + key);
            assertThat(response.status()).as(reason).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(events("ACCESS_DENIED")).as(reason).anySatisfy(event -> assertThat(event.detail())
                    .isEqualTo("401 GET /api/v1/feeds/anything: " + reason));
        });
        assertThat(events("ACCESS_DENIED")).allSatisfy(event -> presented.values().forEach(key -> {
            if (key.length() > 22) {
                assertThat(event.detail()).doesNotContain(key.substring(22));
            }
        }));

        http.post("/api/v1/admin/departments/petition/enable", admin, null);
        assertThat(http.get("/registry/subjects", "Bearer " + disabled.key()).status()).isEqualTo(200);
    }

    @Test
    void departmentCannotPushAnotherDepartmentsRecordsAndNothingOfTheRequestIsStored() {
        String hotline = TestCredentials.bearer(keys, "hotline");
        long before = jdbc.sql("SELECT COUNT(*) FROM exchange_record").query(Long.class).single();

        HubHttp.Response foreign = push(hotline, "police", "WO-FOREIGN-1");
        HubHttp.Response mixed = http.post("/api/v1/inbound/work-order", hotline, "[" + WORK_ORDER.formatted("hotline",
                "WO-MIXED-1") + "," + WORK_ORDER.formatted("grid", "WO-MIXED-2") + "]");

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(mixed.status()).isEqualTo(403);
        assertThat(mixed.body()).doesNotContain("WO-MIXED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_record").query(Long.class).single()).isEqualTo(before);
        assertThat(events("ACCESS_DENIED")).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo("hotline");
            assertThat(event.detail()).isEqualTo("403 POST /api/v1/inbound/work-order: FORBIDDEN");
        });
    }

    @Test
    void recordWithoutASourceDepartmentIsStampedWithTheCallers() {
        HubHttp.Response answer = http.post("/api/v1/inbound/work-order", TestCredentials.bearer(keys, "hotline"),
                WORK_ORDER.formatted("hotline", "WO-STAMP-1").replace("\"sourceDepartment\": \"hotline\", ", ""));

        assertThat(answer.json().at("/results/0/status").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.sql("SELECT source_department FROM exchange_record WHERE source_key = 'WO-STAMP-1'")
                .query(String.class).single()).isEqualTo("hotline");
    }

    @Test
    void repeatedFailedLoginsLockTheAccountEvenForTheRightPasswordAndAreAudited() {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("test-lockout:guess".getBytes());
        String right = "Basic " + java.util.Base64.getEncoder().encodeToString("test-lockout:test-lockout-pw".getBytes());
        assertThat(http.get("/api/v1/audit/events", right).status()).isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            assertThat(http.get("/api/v1/audit/events", wrong).status()).isEqualTo(401);
        }
        HubHttp.Response locked = http.get("/api/v1/audit/events", right);

        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().get("detail").asText()).contains("too many failed logins");
        List<AuditEvent> denials = events("ACCESS_DENIED").stream().filter(e -> e.actor().equals("test-lockout"))
                .toList();
        assertThat(denials).extracting(AuditEvent::detail).contains(
                "401 GET /api/v1/audit/events: BAD_CREDENTIALS", "401 GET /api/v1/audit/events: LOCKED");
    }

    @Test
    void responsesCarrySecurityHeadersAndStateChangesFromOtherSitesAreRefused() {
        HubHttp.Response list = http.get("/api/v1/admin/departments", admin);
        assertThat(list.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(list.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(list.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(list.header("Cache-Control")).contains("no-store");

        HubHttp.Response crossSite = http.send("POST", "/api/v1/admin/departments/grid/disable", admin,
                "application/json", "{}", Map.of("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/departments/grid", admin).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void oversizedAndMalformedAdminRequestsGetProblemDetailsNamingTheField() {
        HubHttp.Response huge = http.post("/api/v1/admin/departments", admin, "{\"nameZh\": \""
                + "x".repeat(1_100_000) + "\"}");
        HubHttp.Response invalid = http.post("/api/v1/admin/departments", admin,
                "{\"code\": \"Not A Code\", \"nameZh\": \"测试局\", \"nameEn\": \"\"}");
        HubHttp.Response wrongType = http.post("/api/v1/admin/departments/grid/api-keys", admin,
                "{\"validityDays\": \"soon\"}");

        assertThat(huge.status()).isEqualTo(413);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").asText()).contains("code:").contains("nameEn:");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("detail").asText()).startsWith("validityDays");
        assertThat(http.get("/api/v1/admin/departments", admin).body()).doesNotContain("Not A Code");
    }

    private HubHttp.Response push(String authorization, String source, String key) {
        return http.post("/api/v1/inbound/work-order", authorization, WORK_ORDER.formatted(source, key));
    }

    private List<AuditEvent> events(String action) {
        return audit.search(new AuditQueries.Query(null, null, null, null, action, null, null, 0, 1000)).events();
    }
}
