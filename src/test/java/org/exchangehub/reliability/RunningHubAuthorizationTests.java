package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.exchangehub.AuthorizationMatrix;
import org.exchangehub.AuthorizationMatrix.Caller;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Item 6 of the reliability suite: the authorization matrix of every endpoint run against the hub as its own
 * process (credentials issued over the admin API, the endpoint list checked against the hub's own OpenAPI
 * document), and then the attacks a department system could try on its neighbours: read or acknowledge another
 * department's feed, push records in another department's name (alone or hidden in a batch), replay, inspect or
 * discard another department's dead letters, reach admin endpoints through path tricks or forged identity headers,
 * or use its key as a password. A breach is any such call answered 2xx; nothing may have been stored or replayed.
 */
@Tag(HubProcess.OWN_JVM)
class RunningHubAuthorizationTests {

    static final String ADMIN = TestCredentials.basic(TestCredentials.ADMIN);
    static final String AUDITOR = TestCredentials.basic(TestCredentials.AUDITOR);

    @TempDir
    Path dataDir;

    final List<String> breaches = new ArrayList<>();
    int cases;

    @Test
    void noCallerGetsPastItsRightsOnTheRunningHub() throws Exception {
        try (HubProcess hub = new HubProcess(dataDir, arguments(closedPort()))) {
            hub.start();
            HubHttp http = hub.http();
            String police = issue(http, "police");
            String health = issue(http, "health");
            String civilAffairs = issue(http, "civil-affairs");
            JsonNode revoked = http.post("/api/v1/admin/departments/police/api-keys", ADMIN, "{\"label\":\"revoked\"}").json();
            assertThat(http.delete("/api/v1/admin/departments/police/api-keys/" + revoked.get("keyId").asText(), ADMIN)
                    .status()).isLessThan(300);

            assertThat(undocumentedByTheRules(http)).as("endpoints of the hub's OpenAPI without a rule").isEmpty();
            Map<Caller, String> callers = new EnumMap<>(Caller.class);
            callers.put(Caller.ADMIN, ADMIN);
            callers.put(Caller.SECURITY_OFFICER, TestCredentials.basic(TestCredentials.SECURITY_OFFICER));
            callers.put(Caller.AUDITOR, AUDITOR);
            callers.put(Caller.DEPARTMENT_A, "Bearer " + police);
            callers.put(Caller.DEPARTMENT_B, "Bearer " + health);
            callers.put(Caller.APPROVER_A, TestCredentials.basic(TestCredentials.POLICE_APPROVER));
            callers.put(Caller.DEPARTMENT_ADMIN_C, TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN));
            callers.put(Caller.REVOKED_KEY, "Bearer " + revoked.get("key").asText());
            AuthorizationMatrix.Outcome matrix = new AuthorizationMatrix("http://127.0.0.1:" + hub.port())
                    .run(AuthorizationMatrix.RULES.keySet(), callers);
            cases += matrix.cases();

            String deadLetter = deadLetterOfPolice(http, civilAffairs);
            long stored = total(http, "PUBLISHED") + total(http, "QUARANTINED");
            foreignFeeds(http, health, civilAffairs);
            foreignPushes(http, police, health, civilAffairs);
            foreignDeadLetters(http, deadLetter, police, health, civilAffairs);
            pathTricks(http, police, health);
            forgedIdentities(http, police);

            ReliabilitySummary.record(Map.of("authz_cases", cases, "authz_breaches",
                    matrix.unexpectedAllows() + breaches.size()));
            System.out.printf("Authorization against the running hub: %d cases (%d matrix), %d breaches%n", cases,
                    matrix.cases(), matrix.unexpectedAllows() + breaches.size());
            assertThat(matrix.unexpectedAllows()).as("matrix: unexpected allows").isZero();
            assertThat(matrix.unexpected()).as("matrix: unexpected answers").isEmpty();
            assertThat(breaches).as("attacks answered 2xx").isEmpty();
            assertThat(total(http, "PUBLISHED") + total(http, "QUARANTINED")).as("records stored by refused pushes")
                    .isEqualTo(stored);
            assertThat(http.get("/api/v1/admin/dead-letters/" + deadLetter, ADMIN).status())
                    .as("the dead letter is still there, not replayed or discarded").isEqualTo(200);
        }
    }

    private static List<String> arguments(int closedPort) {
        return List.of("--hub.care.enabled=false", "--hub.delivery.poll-interval=50ms",
                "--hub.delivery.max-attempts=2", "--hub.delivery.initial-backoff=100ms",
                "--hub.delivery.max-backoff=200ms", "--hub.delivery.breaker-open=200ms",
                "--hub.security.rate-limit.requests-per-second=1000", "--hub.security.rate-limit.burst=1000",
                "--hub.subscriptions[0].id=allowances-to-police", "--hub.subscriptions[0].subscriber=police",
                "--hub.subscriptions[0].record-type=subsistence-allowance", "--hub.subscriptions[0].purpose=核查",
                "--hub.subscriptions[0].legal-basis=《测试条例》第一条", "--hub.subscriptions[0].channel.type=WEBHOOK",
                "--hub.subscriptions[0].channel.url=http://127.0.0.1:" + closedPort + "/inbox",
                "--hub.subscriptions[0].views.recipientName=MASKED",
                "--hub.subscriptions[1].id=matrix-police-feed", "--hub.subscriptions[1].subscriber=police",
                "--hub.subscriptions[1].record-type=police-incident", "--hub.subscriptions[1].purpose=核查",
                "--hub.subscriptions[1].legal-basis=《测试条例》第一条", "--hub.subscriptions[1].channel.type=FEED");
    }

    /** Police's webhook is down: a record civil affairs pushes becomes police's dead letter. */
    private static String deadLetterOfPolice(HubHttp http, String civilAffairs) {
        assertThat(http.post("/api/v1/inbound/subsistence-allowance", "Bearer " + civilAffairs,
                FictionalAllowances.batch(0, 1)).status()).isEqualTo(200);
        JsonNode letters = await().atMost(Duration.ofSeconds(30)).until(
                () -> http.get("/api/v1/admin/dead-letters", ADMIN).json(), list -> list.size() == 1);
        assertThat(letters.get(0).get("subscriptionId").asText()).isEqualTo("allowances-to-police");
        return letters.get(0).get("id").asText();
    }

    private void foreignFeeds(HubHttp http, String health, String civilAffairs) {
        for (String key : List.of(health, civilAffairs)) {
            expectRefused("read police's feed", http.get("/api/v1/feeds/matrix-police-feed", "Bearer " + key));
            expectRefused("acknowledge police's feed", http.post("/api/v1/feeds/matrix-police-feed/ack",
                    "Bearer " + key, "{\"upTo\": 1000000}"));
            expectRefused("read police's feed by X-API-Key", http.send("GET", "/api/v1/feeds/matrix-police-feed",
                    null, null, null, Map.of("X-API-Key", key)));
        }
    }

    private void foreignPushes(HubHttp http, String police, String health, String civilAffairs) {
        String asPolice = FictionalAllowances.record(1).replace("\"sourceDepartment\":\"civil-affairs\"",
                "\"sourceDepartment\":\"police\"");
        expectRefused("push civil affairs' records as police", http.post("/api/v1/inbound/subsistence-allowance",
                "Bearer " + police, FictionalAllowances.batch(2, 3)));
        expectRefused("push civil affairs' records as health", http.post("/api/v1/inbound/subsistence-allowance",
                "Bearer " + health, FictionalAllowances.record(5)));
        expectRefused("hide police's record in civil affairs' batch", http.post(
                "/api/v1/inbound/subsistence-allowance", "Bearer " + civilAffairs,
                "[" + FictionalAllowances.record(6) + "," + asPolice + "]"));
        expectRefused("push without credentials", http.post("/api/v1/inbound/subsistence-allowance", null,
                FictionalAllowances.record(7)));
    }

    private void foreignDeadLetters(HubHttp http, String id, String police, String health, String civilAffairs) {
        for (String caller : List.of("Bearer " + police, "Bearer " + health, "Bearer " + civilAffairs, AUDITOR,
                TestCredentials.basic(TestCredentials.SECURITY_OFFICER))) {
            expectRefused("replay a dead letter", http.post("/api/v1/admin/dead-letters/replay", caller,
                    "{\"ids\": [" + id + "]}"));
            expectRefused("inspect a dead letter", http.get("/api/v1/admin/dead-letters/" + id, caller));
            expectRefused("discard a dead letter", http.post("/api/v1/admin/dead-letters/" + id + "/discard", caller,
                    "{\"reason\": \"not mine\"}"));
        }
    }

    private void pathTricks(HubHttp http, String police, String health) {
        for (String path : List.of("/api/v1/admin//departments", "/api/v1/admin/departments/",
                "/API/V1/ADMIN/DEPARTMENTS", "/api/v1/feeds/../admin/departments", "/api/v1/feeds/%2e%2e/admin/departments",
                "/api/v1/admin/departments;x=1", "/api/v1/admin/./departments", "/api/v1/admin/%64epartments",
                "/api/v1/audit/events/", "/api/v1//audit/events", "/api/v1/inbound/../audit/events")) {
            expectRefused("GET " + path, http.get(path, "Bearer " + police));
        }
        for (String path : List.of("/api/v1/feeds/matrix-police-feed/", "/api/v1//feeds/matrix-police-feed",
                "/api/v1/feeds/MATRIX-POLICE-FEED", "/api/v1/feeds/matrix-police-feed;x=1",
                "/api/v1/feeds/./matrix-police-feed", "/api/v1/feeds/%6datrix-police-feed")) {
            expectRefused("GET " + path + " as health", http.get(path, "Bearer " + health));
        }
    }

    private void forgedIdentities(HubHttp http, String police) {
        for (Map.Entry<String, String> header : Map.of("X-Forwarded-User", TestCredentials.ADMIN, "X-Remote-User",
                TestCredentials.ADMIN, "X-Auth-Roles", "ADMIN", "X-Department", "health", "X-HTTP-Method-Override",
                "GET").entrySet()) {
            expectRefused("admin with " + header.getKey(), http.send("GET", "/api/v1/admin/departments",
                    "Bearer " + police, null, null, Map.of(header.getKey(), header.getValue())));
        }
        expectRefused("department key as a password", http.get("/api/v1/admin/departments", "Basic " + Base64
                .getEncoder().encodeToString(("police:" + police).getBytes(UTF_8))));
        expectRefused("admin name with the key as password", http.get("/api/v1/admin/departments", "Basic " + Base64
                .getEncoder().encodeToString((TestCredentials.ADMIN + ":" + police).getBytes(UTF_8))));
        expectRefused("admin's password as a bearer token", http.get("/api/v1/admin/departments",
                "Bearer test-admin-pw"));
    }

    private void expectRefused(String attempt, HubHttp.Response response) {
        cases++;
        if (response.status() >= 200 && response.status() < 300) {
            breaches.add(attempt + ": " + response.status());
        }
    }

    /** Endpoints in the running hub's OpenAPI document that the matrix has no rule for. */
    private static Set<String> undocumentedByTheRules(HubHttp http) {
        Set<String> rules = new TreeSet<>();
        AuthorizationMatrix.RULES.keySet().forEach(e -> rules.add(e.replaceAll("\\{(\\w+):[^}]*}", "{$1}")));
        Set<String> missing = new TreeSet<>();
        http.get("/v3/api-docs", null).json().get("paths").fields().forEachRemaining(path -> path.getValue()
                .fieldNames().forEachRemaining(method -> {
                    String endpoint = method.toUpperCase() + " " + path.getKey();
                    if (!rules.contains(endpoint)) {
                        missing.add(endpoint);
                    }
                }));
        assertThat(rules.size()).isGreaterThan(80);
        return missing;
    }

    private static long total(HubHttp http, String action) {
        return http.get("/api/v1/audit/events?action=" + action + "&size=1&exactTotal=true", AUDITOR).json().get("total").asLong();
    }

    private static String issue(HubHttp http, String department) {
        return http.post("/api/v1/admin/departments/" + department + "/api-keys", ADMIN, "{\"label\":\"authz\"}").json()
                .get("key").asText();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
