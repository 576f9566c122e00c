package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.exchange.Journal;
import org.exchangehub.protect.RecordProtection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The civil-affairs database (a real second H2 database) read by the SQL adapter routes with a watermark. */
@HubTest
class CivilAffairsAdapterTests {

    static final String URL = "jdbc:h2:mem:civil-affairs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    static final Connection CIVIL;

    static {
        try {
            CIVIL = DriverManager.getConnection(URL, "civil", "");
            try (Statement statement = CIVIL.createStatement()) {
                statement.execute("RUNSCRIPT FROM '" + Path.of("src/demo/resources/civil-affairs/schema.sql")
                        .toAbsolutePath() + "' CHARSET 'UTF-8'");
            }
            execute("""
                    INSERT INTO dibao_recipient VALUES
                      (1, 'DB330105001', '陈𠇔', '33010519390615002X', '杭州市某区某街道8号', '330105', 1, 1250.00, '正常',
                       DATE '2024-03-01', NULL, TIMESTAMP '2026-11-20 10:00:00'),
                      (2, 'DB330106002', '李建国', '330106580807015', '杭州市某区某街道4号', '330106', 2, 1830.50, '正常',
                       DATE '2025-01-01', NULL, TIMESTAMP '2026-11-20 10:00:00');
                    INSERT INTO marriage_registration VALUES
                      (1, 'J330105-2026-0301', '结婚', DATE '2026-11-18', '张伟', '330105199001010177', '王芳',
                       '330102198511200487', '某区婚姻登记处', '330105', TIMESTAMP '2026-11-18 15:00:00');
                    INSERT INTO death_registration VALUES
                      (1, 'SW330105-2026-0107', '陈𠇔', '33010519390615002X', DATE '2026-11-06', 'S330105202611060017',
                       DATE '2026-11-08', '330105', TIMESTAMP '2026-11-08 09:00:00');""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Journal journal;

    @Autowired
    RecordProtection protection;

    @Autowired
    AdapterCursors cursors;

    @DynamicPropertySource
    static void civilAffairs(DynamicPropertyRegistry registry) {
        registry.add("hub.adapters.civil-affairs.enabled", () -> "true");
        registry.add("hub.adapters.civil-affairs.jdbc-url", () -> URL);
        registry.add("hub.adapters.civil-affairs.period", () -> "300");
    }

    @Test
    void changedRowsOfEachTableReachTheHubOnceAndInOrder() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("subsistence-allowance") == 2
                && count("marriage-registration") == 1 && count("death-registration") == 1);
        GenericRecord allowance = reveal("subsistence-allowance", "DB330106002");
        assertThat(allowance.get("recipientIdNumber")).isEqualTo("330106195808070152");
        assertThat(allowance.get("monthlyAmountFen")).isEqualTo(183050L);
        assertThat(allowance.get("status")).hasToString("ACTIVE");
        GenericRecord marriage = reveal("marriage-registration", "J330105-2026-0301");
        assertThat(marriage.get("kind")).hasToString("MARRIAGE");
        assertThat(marriage.get("partyTwoStatusAfter")).hasToString("20");
        assertThat(reveal("death-registration", "SW330105-2026-0107").get("deceasedName")).isEqualTo("陈𠇔");
        // the cursor is kept once the poll's records are accepted: on a busy machine a moment after they are counted
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cursors.get("civil-affairs-allowances",
                "")).isEqualTo("2026-11-20 10:00:00|2"));

        execute("""
                INSERT INTO dibao_recipient VALUES (3, 'DB330102003', '王秀英', '33010219460312038X', '杭州市某区某街道3号',
                  '330102', 1, 990.00, '正常', DATE '2025-06-01', NULL, TIMESTAMP '2026-11-20 10:00:00');
                UPDATE dibao_recipient SET status = '终止', end_date = DATE '2026-11-30', updated_at = TIMESTAMP '2026-11-21 08:00:00'
                  WHERE id = 1;""");

        await().atMost(Duration.ofSeconds(20)).until(() -> count("subsistence-allowance") == 4);
        assertThat(jdbc.sql("SELECT MAX(version) FROM exchange_record WHERE source_key = 'DB330105001'")
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(reveal("subsistence-allowance", "DB330105001").get("status")).hasToString("TERMINATED");
        Thread.sleep(1000); // more polls: nothing new may arrive
        assertThat(count("subsistence-allowance")).isEqualTo(4);
    }

    private GenericRecord reveal(String recordType, String sourceKey) {
        String id = jdbc.sql("SELECT record_id FROM exchange_record WHERE record_type = ? AND source_key = ?"
                + " ORDER BY version DESC FETCH FIRST 1 ROWS ONLY").params(recordType, sourceKey).query(String.class).single();
        Journal.JournaledRecord stored = journal.read(id).orElseThrow();
        return protection.reveal(stored.record(), stored.subject());
    }

    private int count(String recordType) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE record_type = ?").param(recordType)
                .query(Integer.class).single();
    }

    private static void execute(String sql) throws SQLException {
        try (Statement statement = CIVIL.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.strip().isEmpty() && !part.strip().startsWith("--")) {
                    statement.execute(part);
                }
            }
        }
    }
}
