package org.exchangehub.admin.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.TestRouteFiles;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Route files at runtime over the admin API, on a copy of {@code routes/}: broken files are rejected before
 * activation while the old route keeps running; a replacement and a rollback while petition exports keep arriving
 * lose no file and journal every row once.
 */
@HubTest
@TestPropertySource(properties = { "hub.routes.dir=" + RouteAdminTests.ROUTES, "hub.routes.history-dir="
        + RouteAdminTests.HISTORY, "hub.adapters.petition.inbox=" + RouteAdminTests.INBOX,
        "hub.adapters.petition.read-lock-min-age=100" })
class RouteAdminTests {

    static final String ROUTES = "target/test-routes-admin/routes";
    static final String HISTORY = "target/test-routes-admin/history";
    static final String INBOX = "target/test-routes-admin/inbox";
    static final String FILE = "/api/v1/admin/routes/files/petition.camel.yaml";
    static final String HEADER = "信访件编号,登记日期,信访人姓名,身份证号,联系电话,性别,信访形式,信访目的,问题属地,内容摘要,办理状态,是否重复信访,是否集体访\r\n";

    static {
        TestRouteFiles.freshCopy(Path.of("target/test-routes-admin"));
        try {
            Files.createDirectories(Path.of(INBOX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditQueries audit;

    final String admin = TestCredentials.basic(TestCredentials.ADMIN);

    @Test
    void brokenRouteFilesAreRejectedBeforeActivationAndTheOldRouteKeepsRunning() throws IOException {
        HubHttp http = new HubHttp(port);
        String original = Files.readString(Path.of(ROUTES, "petition.camel.yaml"));
        Map<String, String> broken = Map.of(
                "does not parse", "- route:\n    id: petition-csv-files\n    from: [\n",
                "does not resolve", original.replace("{{hub.adapters.petition.inbox}}", "{{hub.adapters.petition.nosuch}}"),
                "SANDBOX_COMPONENT", original.replace("to: \"hub:ingest", "to: \"nosuchcomponent:ingest"),
                "noSuchOption", original.replace("readLock: changed", "readLock: changed\n        noSuchOption: true"),
                "without an explicit id", original.replace("    id: petition-csv-files\n", ""),
                "is used by police.camel.yaml", original.replace("id: petition-csv-files", "id: police-incidents"));

        broken.forEach((problem, yaml) -> {
            HubHttp.Response validation = http.send("POST", FILE + "/validate", admin, "application/yaml", yaml, Map.of());
            assertThat(validation.json().get("valid").asBoolean()).as(problem).isFalse();
            HubHttp.Response rejected = http.send("PUT", FILE, admin, "application/yaml", yaml, Map.of());
            assertThat(rejected.status()).as(problem).isEqualTo(400);
            assertThat(rejected.json().get("problems").toString()).as(problem).contains(problem);
        });

        assertThat(Files.readString(Path.of(ROUTES, "petition.camel.yaml"))).isEqualTo(original);
        JsonNode route = http.get("/api/v1/admin/routes/petition-csv-files", admin).json();
        assertThat(route.get("state").asText()).isEqualTo("Started");
        assertThat(route.get("file").asText()).isEqualTo("petition.camel.yaml");
        assertThat(http.send("POST", FILE + "/validate", admin, "application/yaml", original, Map.of()).json()
                .get("routeIds").toString()).isEqualTo("[\"petition-csv-files\"]");
    }

    @Test
    void routeIsReplacedAndRolledBackWhileExportsArriveWithoutLosingOrRepeatingAny() throws Exception {
        HubHttp http = new HubHttp(port);
        String original = Files.readString(Path.of(ROUTES, "petition.camel.yaml"));
        String replacement = original.replace("description: 信访 legacy CSV exports (GB18030)",
                "description: 信访 legacy CSV exports (GB18030), replaced at runtime")
                .replace("readLockCheckInterval: 250", "readLockCheckInterval: 200");
        int files = 16;
        CompletableFuture<Void> exports = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < files; i++) {
                drop(i);
                sleep(120);
            }
        });

        sleep(400);
        HubHttp.Response replaced = http.send("PUT", FILE, admin, "application/yaml", replacement, Map.of());
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/admin/routes/petition-csv-files", admin).json().get("description").asText())
                .endsWith("replaced at runtime");
        sleep(600);
        HubHttp.Response rolledBack = http.post(FILE + "/rollback", admin, null);
        assertThat(rolledBack.json().get("version").asInt()).isEqualTo(3);
        exports.get();

        await().atMost(Duration.ofSeconds(30)).until(() -> readFiles(files) == files);
        List<String> keys = jdbc.sql("SELECT source_key FROM exchange_record WHERE source_key LIKE 'XFROUTE%'")
                .query(String.class).list();
        assertThat(keys).hasSize(files * 2).doesNotHaveDuplicates();
        assertThat(Files.readString(Path.of(ROUTES, "petition.camel.yaml"))).isEqualTo(original);
        assertThat(http.get(FILE, admin).json().get("versions").toString()).isEqualTo("[1,2,3]");
        JsonNode route = http.get("/api/v1/admin/routes/petition-csv-files", admin).json();
        assertThat(route.get("state").asText()).isEqualTo("Started");
        assertThat(route.get("exchangesTotal").asLong()).isPositive();
        List<AuditEvent> changes = audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null,
                null, 0, 100)).events();
        assertThat(changes).extracting(AuditEvent::detail).contains(
                "route file petition.camel.yaml REPLACED v2: routes [petition-csv-files]",
                "route file petition.camel.yaml ROLLED_BACK to v1 as v3");
    }

    @Test
    void newRouteFileIsAddedAtRuntimeAndRunsAndHasNothingToRollBackTo() {
        HubHttp http = new HubHttp(port);
        String yaml = """
                - route:
                    id: added-at-runtime
                    from:
                      uri: "timer:added"
                      parameters:
                        period: 200
                      steps:
                        - log:
                            message: "tick"
                """;

        HubHttp.Response added = http.send("PUT", "/api/v1/admin/routes/files/added.camel.yaml", admin,
                "application/yaml", yaml, Map.of());

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("version").asInt()).isEqualTo(1);
        assertThat(Path.of(ROUTES, "added.camel.yaml")).exists();
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/admin/routes/added-at-runtime", admin)
                .json().get("exchangesTotal").asLong() > 0);
        assertThat(http.post("/api/v1/admin/routes/files/added.camel.yaml/rollback", admin, null).status())
                .as("no earlier version").isEqualTo(409);
    }

    @Test
    void routeCanBeStoppedAndStartedAndTheActionIsAudited() {
        HubHttp http = new HubHttp(port);
        assertThat(http.post("/api/v1/admin/routes/hub-status/stop", admin, null).json().get("state").asText())
                .isEqualTo("Stopped");
        assertThat(http.post("/api/v1/admin/routes/hub-status/start", admin, null).json().get("state").asText())
                .isEqualTo("Started");
        assertThat(http.get("/api/v1/admin/routes", admin).json().findValuesAsText("id"))
                .contains("hub-status", "petition-csv-files", "police-incidents");
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 100))
                .events()).extracting(AuditEvent::detail).contains("route hub-status STOP", "route hub-status START");
    }

    /** Exports read and deleted from the inbox (their rows journaled), none of them failed. */
    private static long readFiles(int files) {
        long read = 0;
        for (int i = 0; i < files; i++) {
            if (!Files.exists(Path.of(INBOX, "route-" + i + ".csv"))
                    && !Files.exists(Path.of(INBOX, "failed", "route-" + i + ".csv"))) {
                read++;
            }
        }
        return read;
    }

    private static void drop(int i) {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < 2; row++) {
            rows.add("XFROUTE%03d%d,2026-11-0%d,李建国,330106195808070152,13897366946,1,来电,申诉,330106,对低保审核结果有异议,已受理,否,否"
                    .formatted(i, row, 1 + row));
        }
        try {
            Path part = Path.of(INBOX, "route-" + i + ".csv.part");
            Files.write(part, (HEADER + String.join("\r\n", rows) + "\r\n").getBytes(Charset.forName("GB18030")));
            Files.move(part, Path.of(INBOX, "route-" + i + ".csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
