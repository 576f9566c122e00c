package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exchangehub.H2Files;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The journal's tables as the migrations leave them, upgrading a database that already holds records: every index on
 * the rows written per record serves a query, and the foreign keys whose indexes served none are gone (V16) with the
 * rows they linked kept.
 */
class JournalSchemaTests {

    private static final String RECORD = "0193a1b2-0000-7000-8000-000000000002";

    @Test
    void upgradingDropsTheForeignKeysFromOutboxAndBlindIndexesWithTheirIndexesAndKeepsTheRows() {
        JdbcDataSource dataSource = H2Files.migrate(H2Files.inMemory("journal-schema"), "15");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                INSERT INTO exchange_record (record_id, record_type, subject, schema_id, source_department, source_key,
                    content_hash, version, payload, occurred_at, ingested_at)
                VALUES (?, 'subsistence-allowance', 's', 1, 'civil-affairs', 'k', 'h', 1, X'00', CURRENT_TIMESTAMP,
                    CURRENT_TIMESTAMP)""").param(RECORD).update();
        jdbc.sql("INSERT INTO exchange_blind_index (record_id, field, token) VALUES (?, 'idNumber', 'bi1.x')")
                .param(RECORD).update();
        jdbc.sql("""
                INSERT INTO exchange_outbox (subscription_id, record_id, record_key, status, attempts, next_attempt_at,
                    created_at) VALUES ('police-sub', ?, 'k', 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param(RECORD).update();
        assertThat(foreignKeys(jdbc)).as("before").containsExactlyInAnyOrder("EXCHANGE_BLIND_INDEX", "EXCHANGE_OUTBOX");

        H2Files.migrate(dataSource, "latest");

        assertThat(foreignKeys(jdbc)).isEmpty();
        assertThat(indexedColumns(jdbc, "EXCHANGE_OUTBOX")).containsExactlyInAnyOrder("ID",
                "SUBSCRIPTION_ID,STATUS,ID", "SUBSCRIPTION_ID,ID");
        // on H2 the tokens are held in memory, read from the journal (TokenIndex, V27)
        assertThat(indexedColumns(jdbc, "EXCHANGE_BLIND_INDEX")).containsExactly("RECORD_ID,FIELD");
        assertThat(jdbc.sql("SELECT record_id FROM exchange_outbox").query(String.class).list()).containsExactly(RECORD);
        assertThat(jdbc.sql("SELECT token FROM exchange_blind_index WHERE record_id = ?").param(RECORD)
                .query(String.class).list()).containsExactly("bi1.x");
    }

    private static List<String> foreignKeys(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT table_name FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY'
                AND table_name IN ('EXCHANGE_OUTBOX', 'EXCHANGE_BLIND_INDEX')""").query(String.class).list();
    }

    /** Each index of the table as its columns in order, comma-separated. */
    private static List<String> indexedColumns(JdbcClient jdbc, String table) {
        return jdbc.sql("""
                SELECT LISTAGG(column_name, ',') WITHIN GROUP (ORDER BY ordinal_position)
                FROM information_schema.index_columns WHERE table_name = ? GROUP BY index_name""").param(table)
                .query(String.class).list();
    }
}
