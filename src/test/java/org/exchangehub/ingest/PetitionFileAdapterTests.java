package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.routes.RouteOperations;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.exchange.Journal;
import org.exchangehub.protect.RecordProtection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The petition bureau's GB18030 CSV exports, dropped in a real directory, through the petition route. */
@HubTest
@TestPropertySource(properties = { "hub.adapters.petition.inbox=target/test-inbox/petition",
        "hub.adapters.petition.read-lock-min-age=200" })
class PetitionFileAdapterTests {

    static final Path INBOX = Path.of("target/test-inbox/petition");

    @Autowired
    Journal journal;

    @Autowired
    RouteOperations routes;

    @Autowired
    RecordProtection protection;

    @Autowired
    Quarantine quarantine;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditQueries audit;

    @LocalServerPort
    int port;

    @BeforeAll
    static void emptyInbox() throws IOException {
        if (Files.exists(INBOX)) {
            try (var files = Files.walk(INBOX)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @Test
    void sampleExportIsAcceptedExceptTheRowWithAWrongCheckCharacter() throws IOException {
        drop("petition-export-20261107.csv", Files.readAllBytes(Path.of("src/test/resources/samples/petition-export-20261107.csv")));

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(INBOX.resolve("petition-export-20261107.csv"))
                && jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE source_key LIKE 'XF3301202611%'")
                        .query(Long.class).single() == 6);
        assertThat(INBOX.resolve("done")).as("no clear copy of a read export is kept").doesNotExist();
        assertThat(INBOX.resolve("failed/petition-export-20261107.csv")).doesNotExist();
        Map<String, GenericRecord> accepted = jdbc.sql("SELECT record_id FROM exchange_record WHERE source_key LIKE 'XF3301202611%'")
                .query(String.class).list().stream()
                .map(id -> journal.read(id).orElseThrow())
                .collect(Collectors.toMap(stored -> stored.sourceKey(),
                        stored -> protection.reveal(stored.record(), stored.subject())));

        assertThat(accepted).containsOnlyKeys("XF33012026110200", "XF33012026110201", "XF33012026110202",
                "XF33012026110203", "XF33012026110204", "XF33012026110205");
        assertThat(accepted.get("XF33012026110204").get("petitionerName")).isEqualTo("刘䶮");
        assertThat(accepted.get("XF33012026110205").get("petitionerName")).isEqualTo("陈𠇔");
        assertThat(accepted.get("XF33012026110203").get("petitionerName")).isEqualTo("阿依古丽·买买提");
        assertThat(accepted.get("XF33012026110200").get("petitionerIdNumber")).isEqualTo("33010219460312038X");
        assertThat(accepted.get("XF33012026110201").get("petitionerIdNumber")).isEqualTo("330106195808070152");
        assertThat(accepted.get("XF33012026110202").get("registeredOn"))
                .isEqualTo((int) java.time.LocalDate.of(2026, 11, 4).toEpochDay());
        assertThat(accepted.get("XF33012026110200").get("sex")).hasToString("2");
        assertThat(accepted.get("XF33012026110204").get("form").toString()).isEqualTo("VISIT");
        assertThat(accepted.get("XF33012026110204").get("repeated")).isEqualTo(true);
        assertThat(quarantine.list("OPEN")).filteredOn(entry -> entry.channel().equals("FILE"))
                .anySatisfy(entry -> {
                    assertThat(entry.problems()).containsExactly(new FieldProblem("petitionerIdNumber", "ID_CHECK_CHAR"));
                    assertThat(quarantine.rawPayload(entry.id())).contains("XF33012026119999");
                    assertThat(entry.sourceKey()).as("which row, without opening it").isEqualTo("XF33012026119999");
                    assertThat(entry.origin()).isEqualTo("petition-export-20261107.csv");
                });
    }

    /**
     * A file in the wrong encoding cannot be read: it is not retried, its reason is written, and it is kept only
     * sealed — no clear copy on disk — until an admin opens it (audited) or removes it with a reason.
     */
    @Test
    void fileInTheWrongEncodingIsKeptSealedInFailedWithAReasonForAnAdmin() throws IOException {
        String utf8 = new String(Files.readAllBytes(Path.of("src/test/resources/samples/petition-export-20261107.csv")),
                Charset.forName("GB18030"));
        byte[] sent = utf8.getBytes(UTF_8);
        drop("export-utf8.csv", sent);

        // the reason is written as the route fails, the file is sealed and deleted right after: wait for all three
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(INBOX.resolve("failed/export-utf8.csv.reason.txt"))
                && Files.exists(INBOX.resolve("failed/export-utf8.csv.sealed"))
                && !Files.exists(INBOX.resolve("export-utf8.csv")));
        assertThat(Files.readString(INBOX.resolve("failed/export-utf8.csv.reason.txt"))).contains("ENCODING");
        assertThat(INBOX.resolve("failed/export-utf8.csv")).as("no clear copy").doesNotExist();
        assertThat(Files.readString(INBOX.resolve("failed/export-utf8.csv.sealed"))).doesNotContain("XF3301")
                .startsWith("ehx1.");

        HubHttp http = new HubHttp(port);
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        String files = "/api/v1/admin/routes/petition-csv-files/failed-files";
        assertThat(http.get(files, admin).json().findValuesAsText("name")).contains("export-utf8.csv");
        assertThat(http.get(files, admin).body()).contains("ENCODING");
        HubHttp.Response opened = http.get(files + "/export-utf8.csv", admin);
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.body()).isEqualTo(utf8);
        assertThat(http.get(files + "/..%2Fdone", admin).status()).isIn(400, 404);
        assertThat(http.get(files + "/no-such.csv", admin).status()).isEqualTo(404);
        assertThat(http.delete(files + "/export-utf8.csv", admin).status()).as("a reason is required").isEqualTo(400);
        HubHttp.Response removed = http.delete(files + "/export-utf8.csv?reason=fixed%20and%20sent%20again", admin);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().findValuesAsText("name")).doesNotContain("export-utf8.csv");
        assertThat(INBOX.resolve("failed/export-utf8.csv.sealed")).doesNotExist();
        assertThat(INBOX.resolve("failed/export-utf8.csv.reason.txt")).doesNotExist();
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 100))
                .events()).extracting(AuditEvent::detail).contains(
                        "route petition-csv-files failed file 'export-utf8.csv' OPENED",
                        "route petition-csv-files failed file 'export-utf8.csv' REMOVED: fixed and sent again");
    }

    @Test
    void exportOfAnotherFormatIsMovedToFailedWithAReason() throws IOException {
        drop("not-a-petition-export.csv", "编号,名称\r\n1,测试\r\n".getBytes(Charset.forName("GB18030")));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(INBOX.resolve("failed/not-a-petition-export.csv.reason.txt")));
        assertThat(Files.readString(INBOX.resolve("failed/not-a-petition-export.csv.reason.txt")))
                .contains("UNREADABLE").contains("wrong export format or text encoding");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(INBOX.resolve("failed/not-a-petition-export.csv.sealed")));

        // kept for the retention, then removed by the hub, audited
        assertThat(routes.removeFailedFilesBefore(Instant.now().minus(Duration.ofDays(30)), "30 days")).isZero();
        assertThat(INBOX.resolve("failed/not-a-petition-export.csv.sealed")).exists();
        assertThat(routes.removeFailedFilesBefore(Instant.now().plusSeconds(1), "30 days")).isPositive();
        assertThat(INBOX.resolve("failed/not-a-petition-export.csv.sealed")).doesNotExist();
        assertThat(INBOX.resolve("failed/not-a-petition-export.csv.reason.txt")).doesNotExist();
        assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 100))
                .events()).anySatisfy(event -> {
                    assertThat(event.actor()).isEqualTo("hub");
                    assertThat(event.detail()).isEqualTo("route petition-csv-files failed file"
                            + " 'not-a-petition-export.csv' REMOVED: kept 30 days (hub.routes.failed-file-retention)");
                });
    }

    /**
     * Exports as departments save them: in UTF-8 with a byte order mark (Excel's "CSV UTF-8"), an ID number typed in
     * full-width digits, a blank line and a line of separators only. The file is read as UTF-8, the ID number as its
     * ASCII digits, and the blank lines are passed over instead of quarantined as rows missing every field.
     */
    @Test
    void anExportInUtf8WithABomFullWidthDigitsAndBlankLinesIsReadAsMeant() throws IOException {
        long quarantinedBefore = quarantine.list("OPEN").stream().filter(entry -> entry.channel().equals("FILE"))
                .count();
        String header = new String(Files.readAllBytes(Path.of("src/test/resources/samples/petition-export-20261107.csv")),
                Charset.forName("GB18030")).lines().findFirst().orElseThrow();
        String csv = header + "\r\n"
                + "XF33012026120601,2026-12-01,赵丽,３３０１０６１９５８０８０７０１５２,１３８９７３６６９４６,1,来电,申诉,330106,"
                + "咨询低保政策,已受理,否,否\r\n"
                + "\r\n"
                + ",,,,,,,,,,,,\r\n"
                + "XF33012026120602,2026-12-02,钱明,330105199001010177,13519722233,1,来访,意见建议,330105,建议增设路灯,"
                + "已交办,否,否\r\n";
        byte[] utf8 = csv.getBytes(UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        drop("export-excel-utf8.csv", withBom);

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(INBOX.resolve("export-excel-utf8.csv"))
                && jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE source_key LIKE 'XF330120261206%'")
                        .query(Long.class).single() == 2);
        assertThat(INBOX.resolve("failed/export-excel-utf8.csv")).doesNotExist();
        GenericRecord fullWidth = jdbc.sql("SELECT record_id FROM exchange_record WHERE source_key = 'XF33012026120601'")
                .query(String.class).list().stream().map(id -> journal.read(id).orElseThrow())
                .map(stored -> protection.reveal(stored.record(), stored.subject())).findFirst().orElseThrow();
        assertThat(fullWidth.get("petitionerIdNumber")).hasToString("330106195808070152");
        assertThat(fullWidth.get("petitionerName")).hasToString("赵丽");
        assertThat(quarantine.list("OPEN").stream().filter(entry -> entry.channel().equals("FILE")).count())
                .as("no quarantine entry for the blank lines").isEqualTo(quarantinedBefore);
    }

    /**
     * Found by the fuzzer: an export truncated to nothing waited for Camel's read lock (at least one byte by default)
     * forever, never read, never moved. It holds no records: it is read as a header-only export is, and deleted.
     */
    @Test
    void anEmptyExportIsReadAsNoRecordsInsteadOfWaitingForever() throws IOException {
        drop("empty-export.csv", new byte[0]);

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(INBOX.resolve("empty-export.csv")));
        assertThat(INBOX.resolve("failed/empty-export.csv.reason.txt")).doesNotExist();
        assertThat(INBOX.resolve("empty-export.csv.camelLock")).doesNotExist();
    }

    @Test
    void halfWrittenFileIsNotRead() throws Exception {
        Files.createDirectories(INBOX);
        Path part = INBOX.resolve("export-partial.csv.part");
        Files.write(part, List.of("信访件编号,登记日期"), Charset.forName("GB18030"));

        Thread.sleep(1500); // several polls of the consumer
        assertThat(part).exists();
        assertThat(INBOX.resolve("done/export-partial.csv.part")).doesNotExist();
    }

    private static void drop(String name, byte[] content) throws IOException {
        Files.createDirectories(INBOX);
        Path part = INBOX.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, INBOX.resolve(name));
    }
}
