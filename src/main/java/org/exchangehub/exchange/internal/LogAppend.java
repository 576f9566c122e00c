package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one transaction adds to the journal's log, written just before it commits.
 *
 * <p><b>Positions in commit order.</b> A record's log position is taken only at {@link #beforeCommit}: the
 * transaction locks the one row of {@code exchange_log_head} ({@code SELECT … FOR UPDATE}), numbers its records
 * after the head, writes them and their blind indexes in JDBC batches, and moves the head; once committed, the
 * blind indexes go to the {@link TokenIndex} (on H2, its memory) and the positions count as in the file
 * ({@link DurableCommits#awaitOnDisk(long)}). The
 * row lock is released by the commit, so the next transaction to journal anything takes its positions only after
 * this one's are committed: positions become visible in increasing order, and a reader that has seen position
 * {@code p} will never see a smaller one appear later. A transaction that journals slowly (a large push, a caller's
 * own long transaction) holds nothing while it works; others commit past it, and it takes the positions after theirs
 * when it commits. The same holds with several hub nodes on PostgreSQL: the head row is locked across nodes, and a
 * row lock is released only after the commit is visible.
 *
 * <p>The lock is held for the batch inserts and the commit itself, once per transaction however many records it
 * holds — which is why ingest commits records in groups ({@link GroupCommit}).
 *
 * <p>Runs before the audit chain's own {@code beforeCommit} ({@link #getOrder()}), so the two head rows are always
 * locked in the same order.
 */
final class LogAppend implements TransactionSynchronization {

    private static final String LOCK_HEAD = "SELECT position FROM exchange_log_head WHERE id = 1 FOR UPDATE";
    private static final String MOVE_HEAD = "UPDATE exchange_log_head SET position = ? WHERE id = 1";
    private static final String INSERT_RECORD = """
            INSERT INTO exchange_record (record_id, record_type, subject, schema_id, source_department, source_key,
                content_hash, version, previous_record_id, payload, occurred_at, ingested_at, log_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_BLIND_INDEX = "INSERT INTO exchange_blind_index (record_id, field, token)"
            + " VALUES (?, ?, ?)";

    /** A record version to be written, with its blind indexes; its position once the transaction is committing. */
    static final class Entry {

        private final JournalStore.StoredRecord record;
        private final String contentHash;
        private final String previousRecordId;
        private final Instant occurredAt;
        private final Instant ingestedAt;
        private final Map<String, String> blindIndexes;
        private volatile long position;

        Entry(JournalStore.StoredRecord record, String contentHash, String previousRecordId, Instant occurredAt,
                Instant ingestedAt, Map<String, String> blindIndexes) {
            this.record = record;
            this.contentHash = contentHash;
            this.previousRecordId = previousRecordId;
            this.occurredAt = occurredAt;
            this.ingestedAt = ingestedAt;
            this.blindIndexes = blindIndexes;
        }

        String key() {
            return JournalStore.key(record.sourceDepartment(), record.recordType(), record.sourceKey());
        }

        /** The record's log position: 0 until its transaction takes positions just before it commits. */
        long position() {
            return position;
        }

        String recordId() {
            return record.recordId();
        }

        /** The record's blind indexes, by field. */
        Map<String, String> blindIndexes() {
            return blindIndexes;
        }
    }

    private final Object key;
    private final JdbcTemplate jdbc;
    private final TokenIndex tokens;
    private final DurableCommits durable;
    private final List<Entry> entries = new ArrayList<>();
    /** The entries written at {@link #beforeCommit}, for the token index once the transaction has committed. */
    private List<Entry> written = List.of();
    private final Map<String, JournalStore.VersionRef> latestByKey = new HashMap<>();
    private final Map<String, JournalStore.VersionRef> byContent = new HashMap<>();

    private LogAppend(Object key, JdbcTemplate jdbc, TokenIndex tokens, DurableCommits durable) {
        this.key = key;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.durable = durable;
    }

    /** The current transaction's log append, created on first use. */
    static LogAppend current(Object key, JdbcTemplate jdbc, TokenIndex tokens, DurableCommits durable) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("records are journaled in a transaction");
        }
        LogAppend existing = (LogAppend) TransactionSynchronizationManager.getResource(key);
        if (existing != null) {
            return existing;
        }
        LogAppend created = new LogAppend(key, jdbc, tokens, durable);
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(created);
        return created;
    }

    /** The current transaction's log append if it has one. */
    static Optional<LogAppend> ifAny(Object key) {
        return Optional.ofNullable((LogAppend) TransactionSynchronizationManager.getResource(key));
    }

    void add(Entry entry) {
        entries.add(entry);
        JournalStore.VersionRef ref = new JournalStore.VersionRef(entry.record.recordId(), entry.record.version());
        latestByKey.put(entry.key(), ref);
        byContent.put(entry.key() + "|" + entry.contentHash, ref);
    }

    /** This transaction's version of a key with that content, if it journaled one. */
    Optional<JournalStore.VersionRef> byContent(String key, String contentHash) {
        return Optional.ofNullable(byContent.get(key + "|" + contentHash));
    }

    /** This transaction's latest version of a key, if it journaled one. */
    Optional<JournalStore.VersionRef> latest(String key) {
        return Optional.ofNullable(latestByKey.get(key));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (entries.isEmpty()) {
            return;
        }
        Long head = jdbc.queryForObject(LOCK_HEAD, Long.class);
        long position = head == null ? 0 : head;
        List<Object[]> records = new ArrayList<>(entries.size());
        List<Object[]> indexes = new ArrayList<>();
        for (Entry entry : entries) {
            JournalStore.StoredRecord record = entry.record;
            entry.position = ++position;
            records.add(new Object[] { record.recordId(), record.recordType(), record.subject(), record.schemaId(),
                    record.sourceDepartment(), record.sourceKey(), entry.contentHash, record.version(),
                    entry.previousRecordId, record.payload(), Timestamp.from(entry.occurredAt),
                    Timestamp.from(entry.ingestedAt), entry.position });
            entry.blindIndexes.forEach((field, token) -> indexes.add(new Object[] { record.recordId(), field, token }));
        }
        jdbc.batchUpdate(INSERT_RECORD, records);
        if (!indexes.isEmpty()) {
            jdbc.batchUpdate(INSERT_BLIND_INDEX, indexes);
        }
        jdbc.update(MOVE_HEAD, position);
        written = List.copyOf(entries);
        entries.clear();
    }

    @Override
    public void afterCommit() {
        tokens.committed(written);
        if (!written.isEmpty()) {
            durable.logCommitted(written.get(written.size() - 1).position());
        }
    }

    @Override
    public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
    }
}
