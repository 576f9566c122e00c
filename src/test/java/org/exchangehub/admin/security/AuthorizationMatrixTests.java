package org.exchangehub.admin.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the hub serves (read from its handler mappings, so a new endpoint without a rule here fails)
 * called over HTTP by anonymous, each role, department A (police), department B (health) and a revoked key of A:
 * only the principals of the endpoint's rule get past security, and for department endpoints only to their own
 * data. Allowed calls use harmless arguments (unknown ids), so the check is about the door, not the room.
 */
@HubTest
class AuthorizationMatrixTests {

    /** Who may call an endpoint. */
    enum Rule {
        PUBLIC, EVERYONE, ADMIN, SECURITY_OFFICER, AUDITOR, OWN_DEPARTMENT
    }

    enum Caller {
        ANONYMOUS, ADMIN, SECURITY_OFFICER, AUDITOR, DEPARTMENT_A, DEPARTMENT_B, REVOKED_KEY
    }

    static final Map<String, Rule> RULES = new TreeMap<>();

    static {
        for (String endpoint : List.of("GET /error", "GET /v3/api-docs", "GET /v3/api-docs.yaml",
                "GET /v3/api-docs/swagger-config", "GET /swagger-ui.html", "GET /actuator/health",
                "GET /actuator/health/**", "GET /actuator/info")) {
            RULES.put(endpoint, Rule.PUBLIC);
        }
        for (String endpoint : List.of("GET /registry/schemas/ids/{id}", "GET /registry/schemas/ids/{id}/schema",
                "GET /registry/schemas/ids/{id}/versions", "GET /registry/schemas/ids/{id}/subjects",
                "GET /registry/schemas/types", "GET /registry/config", "GET /registry/config/{subject}",
                "POST /registry/compatibility/subjects/{subject}/versions/{version}",
                "POST /registry/compatibility/subjects/{subject}/versions", "GET /registry/subjects",
                "POST /registry/subjects/{subject}", "GET /registry/subjects/{subject}/versions",
                "GET /registry/subjects/{subject}/versions/{version}",
                "GET /registry/subjects/{subject}/versions/{version}/schema",
                "GET /registry/subjects/{subject}/versions/{version}/referencedby")) {
            RULES.put(endpoint, Rule.EVERYONE);
        }
        for (String endpoint : List.of("PUT /registry/config", "DELETE /registry/config",
                "PUT /registry/config/{subject}", "DELETE /registry/config/{subject}",
                "POST /registry/subjects/{subject}/versions", "DELETE /registry/subjects/{subject}",
                "DELETE /registry/subjects/{subject}/versions/{version}", "GET /actuator", "GET /actuator/metrics",
                "GET /actuator/metrics/{requiredMetricName}",
                "GET /api/v1/admin/departments", "POST /api/v1/admin/departments",
                "GET /api/v1/admin/departments/{code}", "PUT /api/v1/admin/departments/{code}",
                "POST /api/v1/admin/departments/{code}/disable", "POST /api/v1/admin/departments/{code}/enable",
                "PUT /api/v1/admin/departments/{code}/sealing-key", "GET /api/v1/admin/departments/{code}/api-keys",
                "POST /api/v1/admin/departments/{code}/api-keys",
                "DELETE /api/v1/admin/departments/{code}/api-keys/{keyId}",
                "GET /api/v1/admin/departments/{code}/certificates",
                "POST /api/v1/admin/departments/{code}/certificates",
                "DELETE /api/v1/admin/departments/{code}/certificates/{fingerprint}",
                "GET /api/v1/admin/subscriptions", "POST /api/v1/admin/subscriptions",
                "GET /api/v1/admin/subscriptions/{id}", "PUT /api/v1/admin/subscriptions/{id}",
                "DELETE /api/v1/admin/subscriptions/{id}", "GET /api/v1/admin/subscriptions/{id}/versions",
                "PUT /api/v1/admin/subscriptions/{id}/views", "POST /api/v1/admin/subscriptions/{id}/pause",
                "POST /api/v1/admin/subscriptions/{id}/resume", "GET /api/v1/admin/quarantine",
                "GET /api/v1/admin/quarantine/{id}", "POST /api/v1/admin/quarantine/{id}/resubmit",
                "POST /api/v1/admin/quarantine/{id}/discard", "GET /api/v1/admin/dead-letters",
                "GET /api/v1/admin/dead-letters/{id}", "POST /api/v1/admin/dead-letters/replay",
                "POST /api/v1/admin/dead-letters/{id}/discard", "POST /api/v1/admin/mappings/validate",
                "POST /api/v1/admin/mappings/reload", "GET /api/v1/admin/routes", "GET /api/v1/admin/routes/{id}",
                "POST /api/v1/admin/routes/{id}/{action:start|stop|suspend|resume}",
                "GET /api/v1/admin/routes/files", "GET /api/v1/admin/routes/files/{name}",
                "POST /api/v1/admin/routes/files/{name}/validate", "PUT /api/v1/admin/routes/files/{name}",
                "POST /api/v1/admin/routes/files/{name}/rollback")) {
            RULES.put(endpoint, Rule.ADMIN);
        }
        for (String endpoint : List.of("GET /api/v1/admin/keys/master", "GET /api/v1/admin/keys/data",
                "POST /api/v1/admin/keys/master/rotate", "POST /api/v1/admin/keys/master/{id}/retire",
                "POST /api/v1/admin/keys/data/rotate")) {
            RULES.put(endpoint, Rule.SECURITY_OFFICER);
        }
        for (String endpoint : List.of("GET /api/v1/audit/events", "GET /api/v1/audit/events/{seq}",
                "POST /api/v1/audit/subject-reports", "POST /api/v1/audit/exports", "POST /api/v1/audit/verification",
                "GET /api/v1/audit/public-key")) {
            RULES.put(endpoint, Rule.AUDITOR);
        }
        for (String endpoint : List.of("POST /api/v1/inbound/{recordType}", "GET /api/v1/feeds/{subscriptionId}",
                "POST /api/v1/feeds/{subscriptionId}/ack")) {
            RULES.put(endpoint, Rule.OWN_DEPARTMENT);
        }
    }

    /** Harmless values for path variables: unknown ids, or department A's own feed and record type. */
    static final Map<String, String> VARIABLES = Map.ofEntries(Map.entry("id", "matrix-none"),
            Map.entry("subject", "matrix-none-value"), Map.entry("version", "1"), Map.entry("code", "matrix-none"),
            Map.entry("keyId", "0000000000000000"), Map.entry("fingerprint", "00"), Map.entry("action", "stop"),
            Map.entry("name", "matrix-none.camel.yaml"), Map.entry("seq", "1"),
            Map.entry("recordType", "police-incident"), Map.entry("subscriptionId", "matrix-police-feed"),
            Map.entry("requiredMetricName", "hub.records"));
    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyEndpointLetsExactlyItsRulesPrincipalsThroughAndNoOneElse() throws Exception {
        subscriptions.put(new Subscription("matrix-police-feed", "police", "police-incident", "测试用途",
                "《测试条例》第一条", null, Map.of(), new DeliveryChannel(DeliveryChannel.Type.FEED, null, null, null)));
        var revokedKey = keys.issue("police", "matrix revoked", Duration.ofDays(1), TestCredentials.ADMIN);
        keys.revoke("police", revokedKey.keyId(), TestCredentials.ADMIN);
        Map<Caller, String> authorization = new EnumMap<>(Caller.class);
        authorization.put(Caller.ADMIN, TestCredentials.basic(TestCredentials.ADMIN));
        authorization.put(Caller.SECURITY_OFFICER, TestCredentials.basic(TestCredentials.SECURITY_OFFICER));
        authorization.put(Caller.AUDITOR, TestCredentials.basic(TestCredentials.AUDITOR));
        authorization.put(Caller.DEPARTMENT_A, TestCredentials.bearer(keys, "police"));
        authorization.put(Caller.DEPARTMENT_B, TestCredentials.bearer(keys, "health"));
        authorization.put(Caller.REVOKED_KEY, "Bearer " + revokedKey.key());

        List<String> endpoints = endpoints();
        List<String> withoutRule = endpoints.stream().filter(e -> !RULES.containsKey(e)).toList();
        assertThat(withoutRule).as("endpoints without a rule in this matrix").isEmpty();

        List<String> unexpected = new ArrayList<>();
        int unexpectedAllows = 0;
        int cases = 0;
        for (String endpoint : endpoints) {
            for (Caller caller : Caller.values()) {
                int status = call(endpoint, authorization.get(caller));
                int expected = expected(RULES.get(endpoint), caller);
                cases++;
                boolean allowed = status != 401 && status != 403;
                // an allowed call must not break the hub either; /error answers 500 when called directly, by design
                boolean broken = status == 500 && !endpoint.equals("GET /error");
                if (expected == 0 ? !allowed || broken : status != expected) {
                    unexpected.add(endpoint + " as " + caller + ": " + status + ", expected "
                            + (expected == 0 ? "allowed" : expected));
                    if (expected != 0 && allowed) {
                        unexpectedAllows++;
                    }
                }
            }
        }
        System.out.printf("Authorization matrix: %d endpoints x %d callers = %d cases, %d unexpected allows%n",
                endpoints.size(), Caller.values().length, cases, unexpectedAllows);
        assertThat(cases).isGreaterThan(500);
        assertThat(unexpectedAllows).as("unexpected allows").isZero();
        assertThat(unexpected).isEmpty();
    }

    /** 0 for "gets past security", else the status of the refusal. */
    static int expected(Rule rule, Caller caller) {
        if (caller == Caller.REVOKED_KEY) {
            return 401;
        }
        if (rule == Rule.PUBLIC) {
            return 0;
        }
        if (caller == Caller.ANONYMOUS) {
            return 401;
        }
        return switch (rule) {
            case EVERYONE -> 0;
            case ADMIN -> caller == Caller.ADMIN ? 0 : 403;
            case SECURITY_OFFICER -> caller == Caller.SECURITY_OFFICER ? 0 : 403;
            case AUDITOR -> caller == Caller.AUDITOR ? 0 : 403;
            case OWN_DEPARTMENT -> caller == Caller.DEPARTMENT_A ? 0 : 403;
            default -> 0;
        };
    }

    private List<String> endpoints() {
        TreeSet<String> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping -> {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                var methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        endpoints.add("GET " + pattern);
                    }
                    methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            }
        });
        return List.copyOf(endpoints);
    }

    private int call(String endpoint, String authorization) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String pattern = endpoint.substring(endpoint.indexOf(' ') + 1).replace("/**", "/liveness");
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(path, VARIABLES.getOrDefault(matcher.group(1), "x"));
        }
        matcher.appendTail(path);
        boolean yaml = path.toString().contains("/routes/files/");
        String body = path.toString().startsWith("/api/v1/inbound/") ? "{\"sourceDepartment\": \"police\"}"
                : yaml ? "x: [" : "{}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, UTF_8));
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", yaml ? "text/plain" : "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
