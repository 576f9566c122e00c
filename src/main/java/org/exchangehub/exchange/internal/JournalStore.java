package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Rows of {@code exchange_record}, {@code exchange_blind_index} and new {@code exchange_outbox} rows. */
@Repository
public class JournalStore {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final org.springframework.jdbc.core.RowMapper<VersionRef> VERSION_REF_ROWS = (rs, n) -> new VersionRef(rs.getString("record_id"), rs.getInt("version"));
    private static final org.springframework.jdbc.core.RowMapper<StoredRecord> STORED_RECORD_ROWS = (rs, n) -> new StoredRecord(rs.getString("record_id"), rs.getString("record_type"),
                    rs.getString("subject"), rs.getInt("schema_id"), rs.getString("source_department"),
                    rs.getString("source_key"), rs.getInt("version"), rs.getBytes("payload"));

    /** A journaled record version. */
    public record StoredRecord(String recordId, String recordType, String subject, int schemaId,
            String sourceDepartment, String sourceKey, int version, byte[] payload) {
    }

    /** The identity of a version: id and number. */
    public record VersionRef(String recordId, int version) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    JournalStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Optional<VersionRef> byContent(String department, String recordType, String sourceKey, String contentHash) {
        return jdbc.sql("""
                SELECT record_id, version FROM exchange_record
                WHERE source_department = ? AND record_type = ? AND source_key = ? AND content_hash = ?""")
                .params(department, recordType, sourceKey, contentHash).query(VERSION_REF_ROWS).optional();
    }

    public Optional<VersionRef> latest(String department, String recordType, String sourceKey) {
        return jdbc.sql("""
                SELECT record_id, version FROM exchange_record
                WHERE source_department = ? AND record_type = ? AND source_key = ?
                ORDER BY version DESC FETCH FIRST 1 ROWS ONLY""")
                .params(department, recordType, sourceKey).query(VERSION_REF_ROWS).optional();
    }

    public void insert(StoredRecord record, String contentHash, String previousRecordId, Instant occurredAt,
            Instant ingestedAt) {
        jdbc.sql("""
                INSERT INTO exchange_record (record_id, record_type, subject, schema_id, source_department, source_key,
                    content_hash, version, previous_record_id, payload, occurred_at, ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(record.recordId(), record.recordType(), record.subject(), record.schemaId(),
                        record.sourceDepartment(), record.sourceKey(), contentHash, record.version(), previousRecordId,
                        record.payload(), Timestamp.from(occurredAt), Timestamp.from(ingestedAt))
                .update();
    }

    public void insertBlindIndexes(String recordId, Map<String, String> indexes) {
        indexes.forEach((field, token) -> jdbc.sql(
                "INSERT INTO exchange_blind_index (record_id, field, token) VALUES (?, ?, ?)")
                .params(recordId, field, token).update());
    }

    /**
     * Queues a delivery: written just before the transaction commits, together with the transaction's other outbox
     * rows, grouped by subscription in one JDBC batch each (at once without a transaction). A push of 500 records
     * then gives each subscription a run of consecutive ids, so that the delivery worker's batch of that subscription
     * reads and updates a few neighbouring pages instead of rows spread among the other subscriptions' rows; a
     * record key's versions keep their order within the subscription.
     */
    public void insertOutbox(String subscriptionId, String recordId, String recordKey, Instant now) {
        Object[] row = { subscriptionId, recordId, recordKey, Timestamp.from(now), Timestamp.from(now) };
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            batch.update(INSERT_OUTBOX, row);
            return;
        }
        OutboxRows rows = (OutboxRows) TransactionSynchronizationManager.getResource(this);
        if (rows == null) {
            rows = new OutboxRows();
            TransactionSynchronizationManager.bindResource(this, rows);
            TransactionSynchronizationManager.registerSynchronization(rows);
        }
        rows.add(row);
    }

    private static final String INSERT_OUTBOX = """
            INSERT INTO exchange_outbox (subscription_id, record_id, record_key, status, attempts, next_attempt_at,
                created_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?)""";

    /** One transaction's outbox rows, written before it commits. */
    private final class OutboxRows implements TransactionSynchronization {

        private final Map<String, List<Object[]>> bySubscription = new java.util.LinkedHashMap<>();

        void add(Object[] row) {
            bySubscription.computeIfAbsent((String) row[0], s -> new java.util.ArrayList<>()).add(row);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            bySubscription.values().forEach(rows -> batch.batchUpdate(INSERT_OUTBOX, rows));
            bySubscription.clear();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(JournalStore.this);
        }
    }

    public Optional<StoredRecord> find(String recordId) {
        return jdbc.sql("""
                SELECT record_id, record_type, subject, schema_id, source_department, source_key, version, payload
                FROM exchange_record WHERE record_id = ?""")
                .param(recordId).query(STORED_RECORD_ROWS).optional();
    }

    /** Several record versions at once, by id (for a delivery batch). */
    public Map<String, StoredRecord> findAll(Collection<String> recordIds) {
        Map<String, StoredRecord> records = new HashMap<>();
        if (!recordIds.isEmpty()) {
            jdbc.sql("SELECT record_id, record_type, subject, schema_id, source_department, source_key, version, payload"
                    + " FROM exchange_record WHERE record_id IN (:ids)")
                    .param("ids", recordIds).query(STORED_RECORD_ROWS).list()
                    .forEach(record -> records.put(record.recordId(), record));
        }
        return records;
    }

    /** The blind indexes of several record versions at once: record id → field → token. */
    public Map<String, Map<String, String>> blindIndexesOfAll(Collection<String> recordIds) {
        Map<String, Map<String, String>> indexes = new HashMap<>();
        if (!recordIds.isEmpty()) {
            jdbc.sql("SELECT record_id, field, token FROM exchange_blind_index WHERE record_id IN (:ids)")
                    .param("ids", recordIds)
                    .query((rs, n) -> indexes.computeIfAbsent(rs.getString(1), id -> new TreeMap<>())
                            .put(rs.getString(2), rs.getString(3)))
                    .list();
        }
        return indexes;
    }

    /** The blind indexes stored beside a record, by field. */
    public Map<String, String> blindIndexes(String recordId) {
        Map<String, String> indexes = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT field, token FROM exchange_blind_index WHERE record_id = ? ORDER BY field").param(recordId)
                .query((rs, n) -> indexes.put(rs.getString(1), rs.getString(2))).list();
        return indexes;
    }

    /** Ids of records whose field has a blind index. */
    public List<String> recordsWithIndex(String token) {
        return jdbc.sql("SELECT record_id FROM exchange_blind_index WHERE token = ? ORDER BY record_id")
                .param(token).query(String.class).list();
    }
}
