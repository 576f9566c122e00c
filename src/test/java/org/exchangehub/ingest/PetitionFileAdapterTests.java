package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.exchange.Journal;
import org.exchangehub.protect.RecordProtection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
    RecordProtection protection;

    @Autowired
    Quarantine quarantine;

    @Autowired
    JdbcClient jdbc;

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

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(INBOX.resolve("done/petition-export-20261107.csv")));
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
                });
    }

    @Test
    void fileInTheWrongEncodingIsMovedToFailedWithAReason() throws IOException {
        String utf8 = new String(Files.readAllBytes(Path.of("src/test/resources/samples/petition-export-20261107.csv")),
                Charset.forName("GB18030"));
        drop("export-utf8.csv", utf8.getBytes(UTF_8));

        // the reason is written as the route fails, the file is moved by the consumer right after: wait for both
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(INBOX.resolve("failed/export-utf8.csv.reason.txt"))
                && Files.exists(INBOX.resolve("failed/export-utf8.csv")));
        assertThat(Files.readString(INBOX.resolve("failed/export-utf8.csv.reason.txt"))).contains("ENCODING");
    }

    @Test
    void exportOfAnotherFormatIsMovedToFailedWithAReason() throws IOException {
        drop("not-a-petition-export.csv", "编号,名称\r\n1,测试\r\n".getBytes(Charset.forName("GB18030")));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(INBOX.resolve("failed/not-a-petition-export.csv.reason.txt")));
        assertThat(Files.readString(INBOX.resolve("failed/not-a-petition-export.csv.reason.txt")))
                .contains("UNREADABLE").contains("wrong export format or text encoding");
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
