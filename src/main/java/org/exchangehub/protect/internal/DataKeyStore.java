package org.exchangehub.protect.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code protect_data_key}: wrapped data keys, never clear ones. */
@Repository
class DataKeyStore {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final RowMapper<Row> ROW_ROWS = (rs, n) -> new Row(rs.getString("id"), rs.getString("purpose"), rs.getString("record_type"), rs.getString("category"),
                    rs.getString("period"), rs.getString("suite"), rs.getString("kek_id"), rs.getString("wrapped_key"));
    private static final RowMapper<org.exchangehub.protect.DataKeyInfo> DATA_KEY_INFO_ROWS = (rs, n) -> new org.exchangehub.protect.DataKeyInfo(rs.getString("id"), rs.getString("purpose"),
                    rs.getString("record_type"), rs.getString("category"), rs.getString("period"), rs.getString("suite"),
                    rs.getString("kek_id"), rs.getTimestamp("created_at").toInstant());

    record Row(String id, String purpose, String recordType, String category, String period, String suite,
            String kekId, String wrappedKey) {
    }

    private static final String COLUMNS = "id, purpose, record_type, category, period, suite, kek_id, wrapped_key";

    private final JdbcClient jdbc;

    DataKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM protect_data_key WHERE id = ?").param(id).query(ROW_ROWS)
                .optional();
    }

    Optional<Row> findSlot(String purpose, String recordType, String category, String period, String suite) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM protect_data_key WHERE purpose = ? AND record_type = ?"
                + " AND category = ? AND period = ? AND suite = ?")
                .params(purpose, recordType, category, period, suite).query(ROW_ROWS).optional();
    }

    List<Row> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM protect_data_key ORDER BY created_at, id").query(ROW_ROWS).list();
    }

    /** Labels of the field keys of a period and its rotated generations ({@code 2026-11}, {@code 2026-11~2}, …). */
    List<String> fieldLabels(String period, String suite) {
        return jdbc.sql("SELECT DISTINCT period FROM protect_data_key WHERE purpose = 'FIELD' AND suite = ?"
                + " AND (period = ? OR period LIKE ?)").params(suite, period, period + "~%").query(String.class).list();
    }

    /** Field keys of one label. */
    List<Row> fieldKeys(String label, String suite) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM protect_data_key WHERE purpose = 'FIELD' AND period = ?"
                + " AND suite = ?").params(label, suite).query(ROW_ROWS).list();
    }

    /** Metadata of every key: no key material. */
    List<org.exchangehub.protect.DataKeyInfo> metadata() {
        return jdbc.sql("SELECT id, purpose, record_type, category, period, suite, kek_id, created_at"
                + " FROM protect_data_key ORDER BY created_at, id").query(DATA_KEY_INFO_ROWS).list();
    }


    /** One data key wrapped by a master key, if any. */
    Optional<Row> anyWrappedBy(String kekId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM protect_data_key WHERE kek_id = ? FETCH FIRST 1 ROWS ONLY")
                .param(kekId).query(ROW_ROWS).optional();
    }

    List<String> kekIds() {
        return jdbc.sql("SELECT DISTINCT kek_id FROM protect_data_key").query(String.class).list();
    }

    void insert(Row row) {
        jdbc.sql("INSERT INTO protect_data_key (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(row.id(), row.purpose(), row.recordType(), row.category(), row.period(), row.suite(),
                        row.kekId(), row.wrappedKey(), Timestamp.from(Instant.now()))
                .update();
    }

    void rewrap(String id, String kekId, String wrappedKey) {
        jdbc.sql("UPDATE protect_data_key SET kek_id = ?, wrapped_key = ? WHERE id = ?")
                .params(kekId, wrappedKey, id).update();
    }
}
