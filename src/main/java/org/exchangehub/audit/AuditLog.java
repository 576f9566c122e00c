package org.exchangehub.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.exchangehub.audit.internal.AuditProperties;
import org.exchangehub.cluster.ClusterProperties;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends to this node's audit hash chain: {@code hash = H(prevHash ‖ canonical JSON)}, H being SM3 (SM suite) or
 * SHA-256 (INTL), in the caller's transaction so that an event exists exactly when the change it records does.
 * Every {@code hub.audit.checkpoint-every} events, and on {@link #checkpoint()}, a checkpoint over
 * {@code "<seq>|<hash>|<at>"} is signed with the hub's audit signing key. There is no update or delete. Each node of
 * a cluster ({@code hub.cluster.node-id}) has its own chain, head row and checkpoints, so nodes never wait for each
 * other's chain lock; the chain is made when the node first starts.
 */
@Service
public class AuditLog {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final RowMapper<ChainTransaction.Head> HEAD_ROWS = (rs, n) -> new ChainTransaction.Head(rs.getLong("seq"), rs.getString("hash"));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditSigningKey signingKey;
    private final AuditProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String node;

    AuditLog(JdbcClient jdbc, JdbcTemplate batch, AuditSigningKey signingKey, AuditProperties properties,
            ApplicationEventPublisher events, Clock clock, ClusterProperties cluster) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.events = events;
        this.signingKey = signingKey;
        this.properties = properties;
        this.clock = clock;
        this.node = cluster.nodeId();
        startChain();
    }

    /** The node whose chain this log appends to. */
    public String node() {
        return node;
    }

    /** Makes this node's chain (its head row) unless it exists; nodes starting together retry for a free row id. */
    private void startChain() {
        for (int attempt = 1; exists() == 0; attempt++) {
            try {
                jdbc.sql("INSERT INTO audit_head (id, node_id, seq, hash) SELECT COALESCE(MAX(id), 0) + 1, ?, 0, ?"
                        + " FROM audit_head").params(node, ChainFormat.GENESIS).update();
            } catch (DuplicateKeyException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private int exists() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_head WHERE node_id = ?").param(node).query(Integer.class).single();
    }

    /** Appends an event now; returns it with its seq and hashes. */
    @Transactional
    public AuditEvent append(AuditEntry entry) {
        return chain(transaction(), List.of(entry)).get(0);
    }

    /** Appends events now, in order, written in JDBC batches; returns them with their seqs and hashes. */
    @Transactional
    public List<AuditEvent> appendAll(List<AuditEntry> entries) {
        return entries.isEmpty() ? List.of() : chain(transaction(), entries);
    }

    /**
     * Appends an event as part of the caller's transaction, chained just before it commits (at once when there is no
     * transaction). The event exists exactly when the transaction's changes do, and the chain's lock is held only
     * while the transaction's events are written. Events of one transaction keep their order.
     */
    public void appendAtCommit(AuditEntry entry) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            transaction().appendAtCommit(entry);
        } else {
            append(entry);
        }
    }

    /**
     * Appends the entries {@code entries} supplies as the caller's transaction commits, after everything else the
     * transaction does before its commit (the journal takes its records' log positions then): for batch events
     * that name those records. Requires a transaction.
     *
     * @throws IllegalStateException without a transaction
     */
    public void appendAtCommit(Supplier<List<AuditEntry>> entries, String what) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException(what + ": batch audit entries are made in a transaction");
        }
        transaction().appendAtCommit(entries, what);
    }

    /** Chains entries after the transaction's head, writing events and subject indexes in JDBC batches. */
    private List<AuditEvent> chain(ChainTransaction transaction, List<AuditEntry> entries) {
        ChainTransaction.Head head = transaction.head();
        List<AuditEvent> chained = new ArrayList<>(entries.size());
        List<Object[]> eventRows = new ArrayList<>(entries.size());
        List<Object[]> indexRows = new ArrayList<>();
        List<Object[]> recordRows = new ArrayList<>();
        for (AuditEntry entry : entries) {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            AuditEntry.Batch named = entry.batch();
            AuditEvent unhashed = new AuditEvent(head.seq() + 1, at, entry.actor(), entry.action(), entry.recordId(),
                    entry.subject(), entry.schemaId(), entry.sourceDepartment(), entry.targetDepartment(),
                    entry.subscriptionId(), entry.purpose(), entry.legalBasis(), entry.fields(), entry.subjectIndexes(),
                    entry.outcome(), entry.detail(), head.hash(), null, named == null ? null : named.records(), node);
            String records = named == null ? null : CanonicalJson.write(named.records());
            String hash = ChainFormat.chainHash(signingKey.suite(), head.hash(), unhashed.canonicalJson(records));
            eventRows.add(new Object[] { node, unhashed.seq(), Timestamp.from(at), entry.actor(), entry.action(),
                    entry.recordId(), entry.subject(), entry.schemaId(), entry.sourceDepartment(),
                    entry.targetDepartment(), entry.subscriptionId(), entry.purpose(), entry.legalBasis(),
                    CanonicalJson.write(entry.fields()), CanonicalJson.write(entry.subjectIndexes()), entry.outcome(),
                    entry.detail(), head.hash(), hash, records,
                    named == null ? null : named.records().size(), named == null ? null : named.logFrom(),
                    named == null ? null : named.logTo() });
            subjectTokens(entry).forEach(token -> indexRows.add(new Object[] { token, node, unhashed.seq() }));
            if (named != null) {
                named.indexedRecordIds().stream().distinct()
                        .forEach(recordId -> recordRows.add(new Object[] { recordId, node, unhashed.seq() }));
            }
            if (unhashed.seq() % properties.checkpointEvery() == 0) {
                sign(node, unhashed.seq(), hash, at);
            }
            head = new ChainTransaction.Head(unhashed.seq(), hash);
            chained.add(unhashed.withHash(hash));
        }
        batch.batchUpdate("""
                INSERT INTO audit_event (node_id, seq, at, actor, action, record_id, subject, schema_id, source_department,
                    target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail,
                    prev_hash, hash, records, record_count, log_from, log_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", eventRows);
        if (!indexRows.isEmpty()) {
            batch.batchUpdate("INSERT INTO audit_subject_index (token, node_id, seq) VALUES (?, ?, ?)", indexRows);
        }
        if (!recordRows.isEmpty()) {
            batch.batchUpdate("INSERT INTO audit_record_index (record_id, node_id, seq) VALUES (?, ?, ?)", recordRows);
        }
        transaction.moveTo(head);
        return chained;
    }

    /**
     * The blind indexes an event is found by, each once: its own and those of the records it names — except the
     * records of a batch read from the journal's log (PUBLISHED): the journal keeps the same blind indexes beside
     * each record, and the report finds their event from there ({@link DataSubjectReport}), so that accepting a
     * record does not add a row to a second index ordered by blind index (an index whose inserts land all over it).
     */
    @SuppressWarnings("unchecked")
    private static Set<String> subjectTokens(AuditEntry entry) {
        Set<String> tokens = new LinkedHashSet<>(entry.subjectIndexes().values());
        if (entry.batch() != null && entry.batch().logTo() == null) {
            entry.batch().records().forEach(record -> tokens.addAll(
                    ((Map<String, String>) record.getOrDefault("subjectIndexes", Map.of())).values()));
        }
        return tokens;
    }

    private ChainTransaction transaction() {
        return ChainTransaction.current(this,
                () -> jdbc.sql("SELECT seq, hash FROM audit_head WHERE node_id = ? FOR UPDATE").param(node)
                        .query(HEAD_ROWS).single(),
                head -> jdbc.sql("UPDATE audit_head SET seq = ?, hash = ? WHERE node_id = ?")
                        .params(head.seq(), head.hash(), node).update(),
                entries -> chain(transaction(), entries));
    }

    /**
     * Signs a checkpoint at this node's head, unless the head already has one; returns its seq (0 if empty).
     */
    @Transactional
    public long checkpoint() {
        ChainTransaction.Head head = transaction().head();
        if (head.seq() > 0 && !checkpointed(node, head.seq())) {
            sign(node, head.seq(), head.hash(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
        return head.seq();
    }

    /**
     * Signs a checkpoint at an event already in a node's chain (an export's last event), unless it has one.
     *
     * @throws IllegalArgumentException when there is no event at that seq
     */
    @Transactional
    public void checkpointAt(String chain, long seq) {
        if (!checkpointed(chain, seq)) {
            String hash = jdbc.sql("SELECT hash FROM audit_event WHERE node_id = ? AND seq = ?").params(chain, seq)
                    .query(String.class).optional()
                    .orElseThrow(() -> new IllegalArgumentException("no audit event " + seq + " of " + chain));
            sign(chain, seq, hash, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    private boolean checkpointed(String chain, long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint WHERE node_id = ? AND seq = ?").params(chain, seq)
                .query(Integer.class).single() > 0;
    }

    private void sign(String chain, long seq, String hash, Instant at) {
        String signature = Base64.getEncoder()
                .encodeToString(signingKey.sign(ChainFormat.checkpointMessage(seq, hash, at)));
        jdbc.sql("INSERT INTO audit_checkpoint (node_id, seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)")
                .params(chain, seq, hash, Timestamp.from(at), signingKey.keyId(), signature).update();
        events.publishEvent(new Checkpoint(seq, hash, at, signingKey.keyId(), signature, null, chain));
    }
}
