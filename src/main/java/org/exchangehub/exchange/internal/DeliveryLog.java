package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The journal's log as subscriptions read it: the committed head, each subscription's cursor, and the records of a
 * type between two positions. See {@link LogAppend} for why a reader may pass everything up to the head it read.
 */
@Repository
public class DeliveryLog {

    /** A record read from the log. */
    public record Entry(long position, JournalStore.StoredRecord record, Instant ingestedAt) {

        String key() {
            return JournalStore.key(record.sourceDepartment(), record.recordType(), record.sourceKey());
        }
    }

    /** A subscription's place in the log: the last position dealt with, and where it began reading. */
    public record Cursor(long position, long start) {
    }

    private static final RowMapper<Entry> ENTRIES = (rs, n) -> new Entry(rs.getLong("log_position"),
            new JournalStore.StoredRecord(rs.getString("record_id"), rs.getString("record_type"), rs.getString("subject"),
                    rs.getInt("schema_id"), rs.getString("source_department"), rs.getString("source_key"),
                    rs.getInt("version"), rs.getBytes("payload")),
            rs.getTimestamp("ingested_at").toInstant());

    static final String RECORDS = """
            SELECT log_position, record_id, record_type, subject, schema_id, source_department, source_key, version,
                payload, ingested_at FROM exchange_record
            WHERE log_position > ? AND log_position <= ? AND record_type = ? ORDER BY log_position FETCH FIRST ? ROWS ONLY""";

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The last position given out by a committed transaction: every record up to it is committed and visible, and
     * no record will ever take a position up to it.
     */
    public long head() {
        return jdbc.sql("SELECT position FROM exchange_log_head WHERE id = 1").query(Long.class).single();
    }

    /** A subscription's cursor; empty for one that never had one. */
    public Optional<Cursor> cursor(String subscriptionId) {
        return jdbc.sql("SELECT position, start_position FROM exchange_subscription_cursor WHERE subscription_id = ?")
                .param(subscriptionId).query((rs, n) -> new Cursor(rs.getLong(1), rs.getLong(2))).optional();
    }

    /**
     * Sets a subscription's cursor and start to the head: it is owed what is journaled from now on. For a
     * subscription created, re-created or approved.
     */
    public void startAtHead(String subscriptionId, Instant now) {
        long head = head();
        int updated = jdbc.sql("UPDATE exchange_subscription_cursor SET position = ?, start_position = ?, updated_at = ?"
                + " WHERE subscription_id = ?").params(head, head, Timestamp.from(now), subscriptionId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO exchange_subscription_cursor (subscription_id, position, start_position, updated_at)"
                    + " VALUES (?, ?, ?, ?)").params(subscriptionId, head, head, Timestamp.from(now)).update();
        }
    }

    /** Moves a subscription's cursor forward (never back). */
    public void moveCursor(String subscriptionId, long position, Instant now) {
        jdbc.sql("UPDATE exchange_subscription_cursor SET position = ?, updated_at = ? WHERE subscription_id = ?"
                + " AND position < ?").params(position, Timestamp.from(now), subscriptionId, position).update();
    }

    /** How many records of a type have positions in {@code (after, upTo]}. */
    public long count(String recordType, long after, long upTo) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE log_position > ? AND log_position <= ?"
                + " AND record_type = ?").params(after, upTo, recordType).query(Long.class).single();
    }

    /** Records of a type with positions in {@code (after, upTo]}, in log order, at most {@code limit}. */
    public List<Entry> records(String recordType, long after, long upTo, int limit) {
        return jdbc.sql(RECORDS).params(after, upTo, recordType, limit).query(ENTRIES).list();
    }
}
