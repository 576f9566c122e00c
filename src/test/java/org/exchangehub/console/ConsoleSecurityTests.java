package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's door over plain HTTP: sign-in by form with CSRF token and a new session id, pages by role (the
 * console part of the authorization matrix), refusals and failed sign-ins audited, lockout shared with the API,
 * sign-out, and htmx requests of an ended session sent to sign in.
 */
@HubTest
@OwnHub("its failed sign-ins lock accounts out, which would refuse the other classes' people")
class ConsoleSecurityTests {

    /** Console pages and the roles that may open each, comma-separated ({@code *}: every person). */
    static final Map<String, String> PAGES = Map.ofEntries(Map.entry("/console/dashboard", "*"),
            Map.entry("/console/dashboard/panel", "*"), Map.entry("/console/dashboard/series", "*"),
            Map.entry("/console/routes", "ADMIN"), Map.entry("/console/subscriptions", "ADMIN"),
            Map.entry("/console/quarantine", "ADMIN"), Map.entry("/console/dead-letters", "ADMIN"),
            Map.entry("/console/record-types", "ADMIN"),
            Map.entry("/console/audit", "AUDITOR"), Map.entry("/console/audit/events/1", "AUDITOR"),
            Map.entry("/console/audit/subject-report", "AUDITOR"), Map.entry("/console/keys", "SECURITY_OFFICER"),
            Map.entry("/console/catalog", "*"), Map.entry("/console/catalog/police-incident", "*"),
            Map.entry("/console/requests", "ADMIN,AUDITOR,APPROVER,DEPARTMENT_ADMIN"),
            Map.entry("/console/requests/sr-none", "ADMIN,AUDITOR,APPROVER,DEPARTMENT_ADMIN"));
    /**
     * Console actions and the roles that may take each; every other person's attempt (with a valid form token)
     * must be refused. The allowed role's own use is exercised by the browser tests.
     */
    static final Map<String, String> ACTIONS = Map.ofEntries(Map.entry("/console/routes/hub-status/stop", "ADMIN"),
            Map.entry("/console/routes/files/hub-status.camel.yaml/rollback", "ADMIN"),
            Map.entry("/console/subscriptions/none/pause", "ADMIN"), Map.entry("/console/subscriptions", "ADMIN"),
            Map.entry("/console/departments", "ADMIN"), Map.entry("/console/departments/police/disable", "ADMIN"),
            Map.entry("/console/departments/police/api-keys", "ADMIN"),
            Map.entry("/console/quarantine/none/discard", "ADMIN"), Map.entry("/console/dead-letters/replay", "ADMIN"),
            Map.entry("/console/record-types/mappings", "ADMIN"),
            Map.entry("/console/keys/data/rotate", "SECURITY_OFFICER"),
            Map.entry("/console/keys/master/rotate", "SECURITY_OFFICER"),
            Map.entry("/console/audit/export", "AUDITOR"), Map.entry("/console/audit/verify", "AUDITOR"),
            Map.entry("/console/audit/subject-report", "AUDITOR"),
            Map.entry("/console/catalog/police-incident/request", "DEPARTMENT_ADMIN"),
            Map.entry("/console/requests/sr-none/approve", "APPROVER,DEPARTMENT_ADMIN"),
            Map.entry("/console/requests/sr-none/revoke", "APPROVER,DEPARTMENT_ADMIN"));
    static final Map<String, String> ROLES = Map.of(TestCredentials.ADMIN, "ADMIN", TestCredentials.SECURITY_OFFICER,
            "SECURITY_OFFICER", TestCredentials.AUDITOR, "AUDITOR", TestCredentials.POLICE_APPROVER, "APPROVER",
            TestCredentials.CIVIL_AFFAIRS_ADMIN, "DEPARTMENT_ADMIN");

    @LocalServerPort
    int port;

    @Autowired
    AuditQueries audit;

    @Autowired
    DepartmentKeys keys;

    @Test
    void everyPersonOpensExactlyTheConsolePagesOfTheirRole() {
        for (Map.Entry<String, String> person : ROLES.entrySet()) {
            ConsoleSession session = new ConsoleSession(port);
            assertThat(session.signIn(person.getKey(), TestCredentials.password(person.getKey())).headers()
                    .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console/dashboard"));
            PAGES.forEach((page, role) -> {
                int status = session.get(page).statusCode();
                boolean allowed = role.equals("*") || List.of(role.split(",")).contains(person.getValue());
                if (allowed) {
                    // pages of later increments answer 404 for their role until they exist; never 403
                    assertThat(status).as(person.getKey() + " " + page).isIn(200, 404);
                } else {
                    assertThat(status).as(person.getKey() + " " + page).isEqualTo(403);
                }
            });
        }
        assertThat(events("ACCESS_DENIED")).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo(TestCredentials.AUDITOR);
            assertThat(event.detail()).isEqualTo("403 GET /console/routes: FORBIDDEN");
        });
    }

    @Test
    void everyConsoleActionIsRefusedToTheOtherRolesEvenWithAValidFormToken() {
        for (Map.Entry<String, String> person : ROLES.entrySet()) {
            ConsoleSession session = new ConsoleSession(port);
            session.signIn(person.getKey(), TestCredentials.password(person.getKey()));
            ACTIONS.forEach((action, role) -> {
                if (!List.of(role.split(",")).contains(person.getValue())) {
                    session.get("/console/dashboard");
                    assertThat(session.post(action, Map.of("reason", "x", "name", "x"), true).statusCode())
                            .as(person.getKey() + " POST " + action).isEqualTo(403);
                }
            });
        }
        ConsoleSession auditor = new ConsoleSession(port);
        auditor.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
        auditor.get("/console/dashboard");
        assertThat(auditor.post("/console/audit/verify", Map.of(), true).statusCode())
                .as("the same token lets the right role through").isEqualTo(200);
    }

    @Test
    void signInNeedsTheFormsTokenAndStartsANewSession() {
        ConsoleSession session = new ConsoleSession(port);
        HttpResponse<String> page = session.get("/console/dashboard");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
        HttpResponse<String> login = session.get("/console/login");
        String before = login.headers().allValues("Set-Cookie").toString();

        HttpResponse<String> forged = session.post("/console/login",
                Map.of("username", TestCredentials.ADMIN, "password", TestCredentials.password(TestCredentials.ADMIN)),
                false);
        assertThat(forged.statusCode()).isEqualTo(403);

        HttpResponse<String> signedIn = session.signIn(TestCredentials.ADMIN,
                TestCredentials.password(TestCredentials.ADMIN));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().allValues("Set-Cookie").toString()).contains("JSESSIONID").isNotEqualTo(before);
        HttpResponse<String> dashboard = session.get("/console/dashboard");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(dashboard.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        assertThat(session.post("/console/logout", Map.of(), false).statusCode()).isEqualTo(403);
        HttpResponse<String> signedOut = session.post("/console/logout", Map.of(), true);
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?signedOut");
        assertThat(session.get("/console/dashboard").statusCode()).isEqualTo(302);
    }

    @Test
    void anHtmxRequestWithoutASessionIsSentToSignIn() {
        HttpResponse<String> fragment = new ConsoleSession(port).get("/console/dashboard/panel", "HX-Request", "true");

        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/console/login?expired");
    }

    @Test
    void failedSignInsAreAuditedAndLockTheAccountLikeTheApi() {
        ConsoleSession session = new ConsoleSession(port);
        for (int i = 0; i < 5; i++) {
            assertThat(session.signIn("test-lockout", "guess").headers().firstValue("Location").orElseThrow())
                    .endsWith("/console/login?error");
        }
        assertThat(session.signIn("test-lockout", "test-lockout-pw").headers().firstValue("Location").orElseThrow())
                .endsWith("/console/login?locked");
        assertThat(session.signIn("33010619400101001X", "guess").headers().firstValue("Location").orElseThrow())
                .endsWith("/console/login?error");

        List<AuditEvent> denials = events("ACCESS_DENIED");
        assertThat(denials).filteredOn(e -> e.actor().equals("test-lockout")).extracting(AuditEvent::detail)
                .contains("401 POST /console/login: BAD_CREDENTIALS", "401 POST /console/login: LOCKED");
        assertThat(denials).extracting(AuditEvent::actor).doesNotContain("33010619400101001X").contains("#");
    }

    @Test
    void aSubscriptionGrantedBySharingRequestIsChangedOnlyThroughItsRequest() {
        HubHttp http = new HubHttp(port);
        HubHttp.Response filed = http.post("/api/v1/sharing-requests", TestCredentials.bearer(keys, "civil-affairs"), """
                {"resource": "police-incident", "fields": {"callerIdNumber": "BLIND_INDEX"}, "purpose": "核查",
                 "legalBasis": "《社会救助暂行办法》第十一条", "validUntil": "%s", "channel": {"type": "FEED"}}"""
                .formatted(java.time.LocalDate.now().plusDays(30)));
        String id = filed.json().get("id").asText();
        assertThat(http.post("/api/v1/sharing-requests/" + id + "/approve",
                TestCredentials.basic(TestCredentials.POLICE_APPROVER), "{}").status()).isEqualTo(200);

        ConsoleSession admin = new ConsoleSession(port);
        admin.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
        assertThat(admin.get("/console/subscriptions").body()).contains(id).contains("granted by request");
        HttpResponse<String> edit = admin.get("/console/subscriptions/" + id);
        assertThat(edit.statusCode()).isEqualTo(302);
        assertThat(edit.headers().firstValue("Location").orElseThrow()).endsWith("/console/requests/" + id);
        HttpResponse<String> delete = admin.post("/console/subscriptions/" + id + "/delete", Map.of(), true);
        assertThat(delete.headers().firstValue("Location").orElseThrow()).endsWith("/console/subscriptions");
        assertThat(admin.get("/console/subscriptions").body()).contains("change or revoke it through the request");
        assertThat(http.get("/api/v1/sharing-requests/" + id, TestCredentials.basic(TestCredentials.ADMIN)).json()
                .get("active").asBoolean()).isTrue();
        assertThat(http.post("/api/v1/sharing-requests/" + id + "/revoke",
                TestCredentials.basic(TestCredentials.POLICE_APPROVER), "{\"reason\": \"done\"}").status())
                .isEqualTo(200);
    }

    private List<AuditEvent> events(String action) {
        return audit.search(new AuditQueries.Query(null, null, null, null, action, null, null, 0, 1000)).events();
    }
}
