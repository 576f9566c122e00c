package org.exchangehub.exchange.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code exchange_record}, {@code exchange_blind_index} and new {@code exchange_outbox} rows. */
@Repository
public class JournalStore {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final RowMapper<VersionRef> VERSION_REF_ROWS = (rs, n) -> new VersionRef(rs.getString("record_id"), rs.getInt("version"));
    private static final RowMapper<StoredRecord> STORED_RECORD_ROWS = (rs, n) -> new StoredRecord(rs.getString("record_id"), rs.getString("record_type"),
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
    private final TokenIndex tokens;
    private final DurableCommits durable;

    JournalStore(JdbcClient jdbc, JdbcTemplate batch, TokenIndex tokens, DurableCommits durable) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tokens = tokens;
        this.durable = durable;
    }

    /** A record key: source department, record type and source key. */
    static String key(String department, String recordType, String sourceKey) {
        return department + "|" + recordType + "|" + sourceKey;
    }

    /**
     * What a key holds, counting what this transaction journaled earlier: the version with that content, if any,
     * and the latest version. One read of the key's versions (a key has a few): the content fingerprint has no index
     * of its own — two acceptances of the same content racing each other take the same next version, and the
     * version's uniqueness turns the loser into a retry that finds the winner's.
     */
    public KeyVersions versions(String department, String recordType, String sourceKey, String contentHash) {
        String key = key(department, recordType, sourceKey);
        Optional<LogAppend> append = LogAppend.ifAny(this);
        Optional<VersionRef> pendingContent = append.flatMap(pending -> pending.byContent(key, contentHash));
        Optional<VersionRef> pendingLatest = append.flatMap(pending -> pending.latest(key));
        if (pendingContent.isPresent()) {
            return new KeyVersions(pendingContent, pendingLatest);
        }
        List<Map.Entry<VersionRef, String>> versions = jdbc.sql("""
                SELECT record_id, version, content_hash FROM exchange_record
                WHERE source_department = ? AND record_type = ? AND source_key = ? ORDER BY version DESC""")
                .params(department, recordType, sourceKey)
                .query((rs, n) -> Map.entry(new VersionRef(rs.getString(1), rs.getInt(2)), rs.getString(3))).list();
        return new KeyVersions(versions.stream().filter(version -> version.getValue().equals(contentHash))
                .map(Map.Entry::getKey).findFirst(), pendingLatest.or(() -> versions.stream().map(Map.Entry::getKey)
                        .findFirst()));
    }

    /** A key's version with the content asked for, and its latest version. */
    public record KeyVersions(Optional<VersionRef> sameContent, Optional<VersionRef> latest) {
    }

    /** The latest version of a key, counting those journaled earlier in this transaction. */
    public Optional<VersionRef> latest(String department, String recordType, String sourceKey) {
        Optional<VersionRef> pending = LogAppend.ifAny(this)
                .flatMap(append -> append.latest(key(department, recordType, sourceKey)));
        return pending.isPresent() ? pending : jdbc.sql("""
                SELECT record_id, version FROM exchange_record
                WHERE source_department = ? AND record_type = ? AND source_key = ?
                ORDER BY version DESC FETCH FIRST 1 ROWS ONLY""")
                .params(department, recordType, sourceKey).query(VERSION_REF_ROWS).optional();
    }

    /**
     * Journals a record version with its blind indexes. Nothing is written until the transaction commits: then the
     * transaction's records take the next log positions, in the order they were appended ({@link LogAppend}), and
     * subscriptions read them from there ({@link DeliveryLog}).
     *
     * @return the record's log position, known once the transaction is about to commit (0 before)
     * @throws IllegalStateException without a transaction
     */
    public LongSupplier append(StoredRecord record, String contentHash, String previousRecordId,
            Instant occurredAt, Instant ingestedAt, Map<String, String> blindIndexes) {
        LogAppend.Entry entry = new LogAppend.Entry(record, contentHash, previousRecordId, occurredAt, ingestedAt,
                Map.copyOf(blindIndexes));
        LogAppend.current(this, batch, tokens, durable).add(entry);
        return entry::position;
    }

    public Optional<StoredRecord> find(String recordId) {
        return jdbc.sql("""
                SELECT record_id, record_type, subject, schema_id, source_department, source_key, version, payload
                FROM exchange_record WHERE record_id = ?""")
                .param(recordId).query(STORED_RECORD_ROWS).optional();
    }

    /** A record version's log position. */
    public OptionalLong position(String recordId) {
        return jdbc.sql("SELECT log_position FROM exchange_record WHERE record_id = ?").param(recordId)
                .query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
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
        Map<String, String> indexes = new LinkedHashMap<>();
        jdbc.sql("SELECT field, token FROM exchange_blind_index WHERE record_id = ? ORDER BY field").param(recordId)
                .query((rs, n) -> indexes.put(rs.getString(1), rs.getString(2))).list();
        return indexes;
    }

    /** Per blind index, the ids of records whose field has it (in id order); indexes nobody has are absent. */
    public Map<String, List<String>> recordsWithIndexes(Collection<String> tokens, String field) {
        return this.tokens.recordIds(tokens, field);
    }

    /** Records whose field has a blind index, as record id → log position, in log order. */
    public Map<String, Long> positionsWithIndex(String token) {
        Map<String, Long> positions = new LinkedHashMap<>();
        List<String> ids = tokens.recordIds(token);
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT record_id, log_position FROM exchange_record WHERE record_id IN (:ids)"
                    + " ORDER BY log_position").param("ids", ids)
                    .query((rs, n) -> positions.put(rs.getString(1), rs.getLong(2))).list();
        }
        return positions;
    }

    /** Ids of records whose field has a blind index. */
    public List<String> recordsWithIndex(String token) {
        return tokens.recordIds(token);
    }
}
