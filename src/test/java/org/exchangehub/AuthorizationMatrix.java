package org.exchangehub;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's authorization rules, endpoint by endpoint, and a runner that calls every endpoint over HTTP as
 * anonymous, each role, department A (police), department B (health), police's APPROVER, civil affairs'
 * DEPARTMENT_ADMIN and a revoked key of A, and compares the answers with the rules. Used against an in-process hub ({@code AuthorizationMatrixTests}, which reads the
 * endpoints from the handler mappings) and against the hub as its own process (the reliability suite). Allowed
 * calls use harmless arguments (unknown ids), so the check is about the door, not the room.
 */
public final class AuthorizationMatrix {

    /** Who may call an endpoint. */
    public enum Rule {
        PUBLIC, EVERYONE, ADMIN, SECURITY_OFFICER, AUDITOR, OWN_DEPARTMENT,
        /** A console page anyone may open (sign-in, refusal): API credentials are ignored there. */
        CONSOLE_PUBLIC,
        /** A console page: only a signed-in session opens it; API credentials are ignored, so everyone here is sent to sign in. */
        CONSOLE_SESSION,
        /** A console form action: without the session's CSRF token every caller here is refused (403) before anything else. */
        CONSOLE_FORM,
        /** The catalog: every authenticated caller, department people included. */
        CATALOG,
        /** Making or previewing a sharing request: department systems and DEPARTMENT_ADMINs. */
        SHARING_REQUESTER,
        /** Reading sharing requests: the parties (systems, APPROVERs, DEPARTMENT_ADMINs), ADMIN and AUDITOR. */
        SHARING_READER,
        /** Approving, rejecting, extending: APPROVERs and DEPARTMENT_ADMINs (their own department's, checked inside). */
        SHARING_DECIDER,
        /** Revoking: the parties — APPROVERs, DEPARTMENT_ADMINs, department systems. */
        SHARING_PARTY,
        /** A department's own people: APPROVERs and DEPARTMENT_ADMINs (their own department's, checked inside). */
        DEPARTMENT_PEOPLE,
        /** The second person of a subscription that discloses personal data: the provider's people, the SECURITY_OFFICER. */
        SUBSCRIPTION_APPROVER,
        /** Verification services: department systems, any department (its grant is checked inside). */
        DEPARTMENT_SYSTEM
    }

    public enum Caller {
        ANONYMOUS, ADMIN, SECURITY_OFFICER, AUDITOR, DEPARTMENT_A, DEPARTMENT_B, APPROVER_A, DEPARTMENT_ADMIN_C,
        REVOKED_KEY
    }

    public static final Map<String, Rule> RULES = new TreeMap<>();

    static {
        for (String endpoint : List.of("GET /", "GET /error", "GET /v3/api-docs", "GET /v3/api-docs.yaml",
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
                "GET /actuator/metrics/{requiredMetricName}", "GET /actuator/prometheus",
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
                "POST /api/v1/admin/mappings/reload", "GET /api/v1/admin/mappings", "PUT /api/v1/admin/mappings/{id}",
                "PUT /api/v1/admin/code-tables/{id}", "GET /api/v1/admin/record-types",
                "GET /api/v1/admin/record-types/{recordType}", "PUT /api/v1/admin/record-types/{recordType}",
                "POST /api/v1/admin/record-types/refresh",
                "GET /api/v1/admin/routes", "GET /api/v1/admin/routes/{id}",
                "POST /api/v1/admin/routes/{id}/{action:start|stop|suspend|resume}", "GET /api/v1/admin/routes/{id}/cursor",
                "PUT /api/v1/admin/routes/{id}/cursor", "GET /api/v1/admin/routes/{id}/failed-files",
                "GET /api/v1/admin/routes/{id}/failed-files/{name}", "DELETE /api/v1/admin/routes/{id}/failed-files/{name}",
                "GET /api/v1/admin/routes/files", "GET /api/v1/admin/routes/files/{name}",
                "POST /api/v1/admin/routes/files/{name}/validate", "PUT /api/v1/admin/routes/files/{name}",
                "POST /api/v1/admin/routes/files/{name}/rollback", "POST /api/v1/admin/catalog",
                "PUT /api/v1/admin/catalog/{code}", "DELETE /api/v1/admin/catalog/{code}")) {
            RULES.put(endpoint, Rule.ADMIN);
        }
        List.of("GET /api/v1/admin/keys/master", "GET /api/v1/admin/keys/data",
                "POST /api/v1/admin/keys/master/rotate", "POST /api/v1/admin/keys/master/{id}/retire",
                "POST /api/v1/admin/keys/data/rotate").forEach(e -> RULES.put(e, Rule.SECURITY_OFFICER));
        for (String endpoint : List.of("GET /api/v1/audit/events", "GET /api/v1/audit/events/{seq}",
                "GET /api/v1/audit/chains", "GET /api/v1/audit/chains/{node}/events/{seq}",
                "POST /api/v1/audit/subject-reports", "POST /api/v1/audit/exports", "POST /api/v1/audit/verification",
                "GET /api/v1/audit/public-key")) {
            RULES.put(endpoint, Rule.AUDITOR);
        }
        List.of("GET /console/login", "GET /console/denied").forEach(e -> RULES.put(e, Rule.CONSOLE_PUBLIC));
        for (String endpoint : List.of("GET /console", "GET /console/", "GET /console/dashboard",
                "GET /console/dashboard/panel", "GET /console/dashboard/series", "GET /console/audit",
                "GET /console/audit/events/{seq}", "GET /console/audit/subject-report", "GET /console/routes",
                "GET /console/routes/files/{name}", "GET /console/routes/new", "GET /console/subscriptions",
                "GET /console/subscriptions/new", "GET /console/subscriptions/{id}", "GET /console/quarantine",
                "GET /console/quarantine/{id}", "GET /console/dead-letters", "GET /console/keys",
                "GET /console/departments", "GET /console/departments/new", "GET /console/departments/{code}",
                "GET /console/catalog", "GET /console/catalog/{code}", "GET /console/requests",
                "GET /console/requests/{id}", "GET /console/approvals", "GET /console/record-types",
                "GET /console/verifications", "GET /console/verifications/batches/{id}/answers.csv",
                "GET /console/verification-stats")) {
            RULES.put(endpoint, Rule.CONSOLE_SESSION);
        }
        for (String endpoint : List.of("POST /console/approvals/subscriptions/{id}/{decision:approve|reject}",
                "POST /console/approvals/keys/{keyId}/revoke", "POST /console/audit/subject-report",
                "POST /console/audit/subject-report.csv",
                "POST /console/audit/export", "POST /console/audit/verify", "POST /console/routes/{id}/{action}",
                "POST /console/routes/files", "POST /console/routes/files/{name}/rollback",
                "POST /console/subscriptions", "POST /console/subscriptions/{id}/{action}",
                "POST /console/quarantine/{id}/resubmit", "POST /console/quarantine/{id}/discard",
                "POST /console/dead-letters/replay", "POST /console/dead-letters/{id}/discard",
                "POST /console/keys/data/rotate", "POST /console/keys/master/rotate",
                "POST /console/keys/master/{id}/retire", "POST /console/departments",
                "POST /console/departments/{code}/{action:disable|enable}", "POST /console/departments/{code}/api-keys",
                "POST /console/departments/{code}/api-keys/{keyId}/revoke", "POST /console/catalog/{code}/request",
                "POST /console/requests/{id}/{action:approve|reject|extend|revoke}", "POST /console/record-types",
                "POST /console/record-types/{kind:mappings|code-tables}", "POST /console/verifications",
                "POST /console/verifications/batches")) {
            RULES.put(endpoint, Rule.CONSOLE_FORM);
        }
        List.of("GET /api/v1/catalog", "GET /api/v1/catalog/{code}").forEach(e -> RULES.put(e, Rule.CATALOG));
        List.of("POST /api/v1/sharing-requests", "POST /api/v1/sharing-requests/preview")
                .forEach(e -> RULES.put(e, Rule.SHARING_REQUESTER));
        List.of("GET /api/v1/sharing-requests", "GET /api/v1/sharing-requests/{id}",
                "GET /api/v1/sharing-requests/{id}/preview").forEach(e -> RULES.put(e, Rule.SHARING_READER));
        for (String endpoint : List.of("POST /api/v1/sharing-requests/{id}/approve",
                "POST /api/v1/sharing-requests/{id}/reject", "POST /api/v1/sharing-requests/{id}/extend")) {
            RULES.put(endpoint, Rule.SHARING_DECIDER);
        }
        RULES.put("POST /api/v1/sharing-requests/{id}/revoke", Rule.SHARING_PARTY);
        RULES.put("GET /api/v1/departments/{code}/api-keys", Rule.DEPARTMENT_PEOPLE);
        RULES.put("DELETE /api/v1/departments/{code}/api-keys/{keyId}", Rule.DEPARTMENT_PEOPLE);
        for (String endpoint : List.of("GET /api/v1/subscription-approvals",
                "POST /api/v1/subscription-approvals/{id}/approve", "POST /api/v1/subscription-approvals/{id}/reject")) {
            RULES.put(endpoint, Rule.SUBSCRIPTION_APPROVER);
        }
        for (String endpoint : List.of("POST /api/v1/inbound/{recordType}", "GET /api/v1/feeds/{subscriptionId}",
                "POST /api/v1/feeds/{subscriptionId}/ack")) {
            RULES.put(endpoint, Rule.OWN_DEPARTMENT);
        }
        List.of("POST /api/v1/verifications/{service}", "POST /api/v1/verifications/{service}/batches",
                "GET /api/v1/verifications/batches", "GET /api/v1/verifications/batches/{id}",
                "GET /api/v1/verifications/batches/{id}/answers", "POST /api/v1/services/{provider}/{service}",
                "POST /api/v1/verifications/{service}/watches", "GET /api/v1/verifications/watches",
                "DELETE /api/v1/verifications/watches/{id}", "GET /api/v1/verifications/watches/changes",
                "POST /api/v1/verifications/watches/changes/ack")
                .forEach(e -> RULES.put(e, Rule.DEPARTMENT_SYSTEM));
    }

    /** Harmless values for path variables: unknown ids, or department A's own feed and record type. */
    public static final Map<String, String> VARIABLES = Map.ofEntries(Map.entry("id", "matrix-none"),
            Map.entry("subject", "matrix-none-value"), Map.entry("version", "1"), Map.entry("code", "matrix-none"),
            Map.entry("keyId", "0000000000000000"), Map.entry("fingerprint", "00"), Map.entry("action", "stop"),
            Map.entry("name", "matrix-none.camel.yaml"), Map.entry("seq", "1"), Map.entry("node", "node-1"),
            Map.entry("recordType", "police-incident"), Map.entry("subscriptionId", "matrix-police-feed"),
            Map.entry("requiredMetricName", "hub.records"), Map.entry("decision", "approve"));
    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Consumer<String> answers;

    public AuthorizationMatrix(String baseUrl) {
        this(baseUrl, answer -> { });
    }

    /** A matrix that hands every answer (status line, headers and body) to {@code answers}, e.g. to look for leaks. */
    public AuthorizationMatrix(String baseUrl, Consumer<String> answers) {
        this.baseUrl = baseUrl;
        this.answers = answers;
    }

    /** What a run found: the number of calls, and the answers the rules did not expect. */
    public record Outcome(int cases, int unexpectedAllows, List<String> unexpected) {
    }

    /** Calls every endpoint as every caller; {@code authorization}: the header of each caller but anonymous. */
    public Outcome run(Collection<String> endpoints, Map<Caller, String> authorization)
            throws IOException, InterruptedException {
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
        return new Outcome(cases, unexpectedAllows, unexpected);
    }

    /** 0 for "gets past security", else the status of the refusal. */
    public static int expected(Rule rule, Caller caller) {
        if (rule == Rule.CONSOLE_PUBLIC || rule == Rule.CONSOLE_SESSION || rule == Rule.CONSOLE_FORM) {
            // console pages: open, or a redirect to the sign-in; console forms: refused without the form's token
            return rule == Rule.CONSOLE_PUBLIC ? 0 : rule == Rule.CONSOLE_SESSION ? 302 : 403;
        }
        if (caller == Caller.REVOKED_KEY) {
            return 401;
        }
        if (rule == Rule.PUBLIC) {
            return 0;
        }
        if (caller == Caller.ANONYMOUS) {
            return 401;
        }
        boolean system = caller == Caller.DEPARTMENT_A || caller == Caller.DEPARTMENT_B;
        return switch (rule) {
            case EVERYONE, CATALOG -> 0;
            case SHARING_REQUESTER -> system || caller == Caller.DEPARTMENT_ADMIN_C ? 0 : 403;
            case SHARING_READER -> caller == Caller.SECURITY_OFFICER ? 403 : 0;
            case SHARING_DECIDER, DEPARTMENT_PEOPLE -> caller == Caller.APPROVER_A || caller == Caller.DEPARTMENT_ADMIN_C
                    ? 0 : 403;
            case SUBSCRIPTION_APPROVER -> caller == Caller.APPROVER_A || caller == Caller.DEPARTMENT_ADMIN_C
                    || caller == Caller.SECURITY_OFFICER ? 0 : 403;
            case SHARING_PARTY -> system || caller == Caller.APPROVER_A || caller == Caller.DEPARTMENT_ADMIN_C ? 0 : 403;
            case ADMIN -> caller == Caller.ADMIN ? 0 : 403;
            case SECURITY_OFFICER -> caller == Caller.SECURITY_OFFICER ? 0 : 403;
            case AUDITOR -> caller == Caller.AUDITOR ? 0 : 403;
            case OWN_DEPARTMENT -> caller == Caller.DEPARTMENT_A ? 0 : 403;
            case DEPARTMENT_SYSTEM -> system ? 0 : 403;
            default -> 0;
        };
    }

    private int call(String endpoint, String authorization) throws IOException, InterruptedException {
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, UTF_8));
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", yaml ? "text/plain" : "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        answers.accept(endpoint + " " + response.statusCode() + " " + response.headers().map() + " " + response.body());
        return response.statusCode();
    }
}
