package org.exchangehub.admin.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.exchangehub.DocCommands;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.console.ConsoleSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/connect-a-department.md} followed literally: its commands, in its order, with its files, against a hub
 * that runs on copies of {@code schemas/}, {@code config/} and {@code routes/}. A new department, record type, code
 * table, mapping, route, catalog entry and subscription are added without a restart, and a file dropped in the new
 * inbox reaches the subscriber's feed in the subscription's view.
 */
@HubTest
@TestPropertySource(properties = { "hub.data-dir=" + ConnectADepartmentTests.BASE + "/data",
        "hub.registry.schema-dir=" + ConnectADepartmentTests.BASE + "/schemas",
        "hub.ingest.mapping-dir=" + ConnectADepartmentTests.BASE + "/mappings",
        "hub.ingest.code-dir=" + ConnectADepartmentTests.BASE + "/codes",
        "hub.routes.dir=" + ConnectADepartmentTests.BASE + "/routes" })
class ConnectADepartmentTests {

    static final String BASE = "target/test-connect-a-department";
    static final Path PAGE = Path.of("docs/connect-a-department.md");

    static {
        Path base = Path.of(BASE);
        delete(base);
        copy(Path.of("schemas"), base.resolve("schemas"));
        copy(Path.of("config/mappings"), base.resolve("mappings"));
        copy(Path.of("config/codes"), base.resolve("codes"));
        copy(Path.of("routes"), base.resolve("routes"));
    }

    @LocalServerPort
    int port;

    @Autowired
    AuditQueries audit;

    @Test
    void theWalkThroughConnectsTheEducationBureauWithoutARestart() {
        String admin = TestCredentials.ADMIN + ":" + TestCredentials.password(TestCredentials.ADMIN);
        String officer = TestCredentials.SECURITY_OFFICER + ":"
                + TestCredentials.password(TestCredentials.SECURITY_OFFICER);
        DocCommands page = new DocCommands(Map.of("ADMIN", admin, "OFFICER", officer, "H", "localhost:" + port),
                Path.of(BASE, "data"));
        assertThat(DocCommands.commands(PAGE)).as("the page's commands").hasSizeGreaterThanOrEqualTo(11);

        page.runPage(PAGE);

        HubHttp http = new HubHttp(port);
        String bearer = "Bearer " + page.variable("KEY");
        assertThat(page.variable("KEY")).doesNotContain("{", "\"");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http.get("/api/v1/feeds/students-to-civil-affairs", bearer).json().get("records")).hasSize(4));
        JsonNode records = http.get("/api/v1/feeds/students-to-civil-affairs", bearer).json().get("records");
        JsonNode first = records.get(0).get("record");
        assertThat(records.get(0).get("recordType").asText()).isEqualTo("student-enrollment");
        assertThat(first.get("sourceDepartment").asText()).isEqualTo("education");
        assertThat(first.get("studentName").asText()).isEqualTo("林小雨");
        assertThat(first.get("guardianPhone").asText()).isEqualTo("138****1201");
        assertThat(first.get("studentIdNumber").asText()).isNotBlank().doesNotContain("330102201403150210");
        assertThat(first.get("stage").asText()).isEqualTo("PRIMARY");
        assertThat(first.get("grade").asInt()).isEqualTo(6);
        assertThat(records.get(3).get("record").get("stage").asText()).isEqualTo("SENIOR_SECONDARY");

        assertThat(Path.of(BASE, "schemas", "student-enrollment.avsc")).exists();
        assertThat(Path.of(BASE, "mappings", "education-student-csv.yaml")).exists();
        assertThat(Path.of(BASE, "codes", "education-stage.yaml")).exists();
        assertThat(Path.of(BASE, "routes", "education.camel.yaml")).exists();
        assertThat(Path.of(BASE, "data", "inbox", "education", "students-2026-09.csv")).doesNotExist();
        assertThat(http.get("/api/v1/admin/routes/education-students", TestCredentials.basic(TestCredentials.ADMIN))
                .json().get("state").asText()).isEqualTo("Started");

        List<String> changes = audit.search(new AuditQueries.Query(null, null, null, null,
                "ADMIN_CHANGE", null, null, 0, 200)).events().stream().map(AuditEvent::detail).toList();
        assertThat(changes).anySatisfy(d -> assertThat(d).startsWith("record-type student-enrollment ADDED"))
                .anySatisfy(d -> assertThat(d).isEqualTo("code-table education-stage ADDED"))
                .anySatisfy(d -> assertThat(d).isEqualTo("mapping education-student-csv ADDED"))
                .anySatisfy(d -> assertThat(d).contains("education.camel.yaml"));
    }

    @Test
    void recordTypesMappingsAndCodeTablesThatFailTheStartupChecksAreRefusedAndChangeNothing() throws IOException {
        HubHttp http = new HubHttp(port);
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        String schema = Files.readString(Path.of("docs/connect-a-department/student-enrollment.avsc"))
                .replace("StudentEnrollment", "SchoolVisit");

        assertThat(http.put("/api/v1/admin/record-types/school-visit", admin, "{\"type\": \"record\"")).satisfies(
                r -> assertThat(r.status()).isEqualTo(400));
        assertThat(http.put("/api/v1/admin/record-types/school-trip", admin, schema).json().get("detail").asText())
                .contains("SchoolTrip");
        assertThat(http.put("/api/v1/admin/record-types/school-visit", admin,
                schema.replace("\"sourceKey\"", "\"sourceRef\"")).json().get("detail").asText())
                .contains("sourceKey is missing");
        assertThat(http.get("/api/v1/admin/record-types/school-visit", admin).status()).isEqualTo(404);
        assertThat(Path.of(BASE, "schemas", "school-visit.avsc")).doesNotExist();

        assertThat(http.put("/api/v1/admin/record-types/school-visit", admin, schema).status()).isEqualTo(201);
        assertThat(http.put("/api/v1/admin/record-types/school-visit", admin, schema).status()).isEqualTo(200);
        HubHttp.Response changed = http.put("/api/v1/admin/record-types/school-visit", admin,
                schema.replace("\"grade\", \"type\": \"int\"", "\"grade\", \"type\": \"long\""));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("detail").asText()).contains("next start");
        assertThat(http.get("/api/v1/admin/record-types/school-visit", admin).json().get("fields")).anySatisfy(
                field -> assertThat(field.get("name").asText() + " " + field.get("type").asText())
                        .isEqualTo("grade int"));

        String mapping = Files.readString(Path.of("docs/connect-a-department/education-student-csv.yaml"))
                .replace("student-enrollment", "school-visit").replace("education-stage", "visit-stage");
        HubHttp.Response noTable = http.putYaml("/api/v1/admin/mappings/school-visit-csv", admin, mapping);
        assertThat(noTable.status()).isEqualTo(400);
        assertThat(noTable.json().get("detail").asText()).contains("school-visit-csv.yaml", "fields.stage",
                "no code table 'visit-stage'");
        assertThat(Path.of(BASE, "mappings", "school-visit-csv.yaml")).doesNotExist();
        HubHttp.Response unknownField = http.putYaml("/api/v1/admin/mappings/school-visit-csv", admin,
                mapping.replace("visit-stage", "education-stage").replace("  grade:", "  year:"));
        assertThat(unknownField.json().get("detail").asText()).contains("fields.year", "fields.grade");
        assertThat(http.putYaml("/api/v1/admin/code-tables/Visit_Stage", admin, "entries: {}").status())
                .isEqualTo(400);

        assertThat(http.putYaml("/api/v1/admin/code-tables/visit-stage", admin, "entries: {小学: PRIMARY}").status())
                .isEqualTo(201);
        assertThat(http.putYaml("/api/v1/admin/mappings/school-visit-csv", admin, mapping).status()).isEqualTo(201);
        assertThat(http.get("/api/v1/admin/mappings", admin).json().get("mappings").toString())
                .contains("school-visit-csv");
        HubHttp.Response breaking = http.putYaml("/api/v1/admin/code-tables/visit-stage", admin, "entries: [");
        assertThat(breaking.status()).isEqualTo(400);
        assertThat(Files.readString(Path.of(BASE, "codes", "visit-stage.yaml"))).contains("PRIMARY");
    }

    @Test
    void theConsoleAddsARecordTypeAndAMappingAndShowsWhatItRefused() throws IOException {
        ConsoleSession console = new ConsoleSession(port);
        console.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
        assertThat(console.get("/console/record-types").body()).contains("police-incident", "death-certificate");
        String schema = Files.readString(Path.of("docs/connect-a-department/student-enrollment.avsc"))
                .replace("StudentEnrollment", "LibraryCard");

        HttpResponse<String> refused = console.post("/console/record-types", Map.of("recordType", "library-card",
                "schema", schema.replace("\"ingestedAt\"", "\"receivedAt\"")), true);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("ingestedAt is missing", "LibraryCard");
        assertThat(console.post("/console/record-types", Map.of("recordType", "library-card", "schema", schema), true)
                .headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/record-types"));
        assertThat(console.get("/console/record-types").body()).contains("library-card", "Record type library-card added");

        String mapping = Files.readString(Path.of("docs/connect-a-department/education-student-csv.yaml"))
                .replace("student-enrollment", "library-card").replace("education-stage", "library-stage");
        HttpResponse<String> noTable = console.post("/console/record-types/mappings", Map.of("id", "library-csv",
                "yaml", mapping), true);
        assertThat(noTable.body()).contains("no code table &#39;library-stage&#39;", "library-csv.yaml");
        console.post("/console/record-types/code-tables", Map.of("id", "library-stage", "yaml",
                "entries: {小学: PRIMARY}"), true);
        console.get("/console/record-types");
        console.post("/console/record-types/mappings", Map.of("id", "library-csv", "yaml", mapping), true);
        assertThat(console.get("/console/record-types").body()).contains("library-csv", "library-stage");
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 200))
                .events()).anySatisfy(event -> {
                    assertThat(event.actor()).isEqualTo(TestCredentials.ADMIN);
                    assertThat(event.detail()).isEqualTo("mapping library-csv ADDED");
                });
    }

    private static void delete(Path base) {
        if (!Files.exists(base)) {
            return;
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
