package org.exchangehub.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.internal.DurableCommits;
import org.exchangehub.exchange.internal.JournalStore;
import org.exchangehub.protect.ProtectedRecord;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.SchemaRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal: accepts a validated clear record once, protects it, stores it in wire format with its blind
 * indexes, queues one outbox row per matching subscription and publishes {@link RecordPublished} — all in one
 * transaction, so a record is either fully accepted with everything it owes or not at all.
 *
 * <p>Idempotency: the same (source department, record type, source key, content) is accepted once; sending it
 * again answers with the existing record. Changed content under the same source key becomes the next version,
 * linked to the previous one.
 */
@Service
public class Journal {

    /**
     * The outcome of {@link #accept}.
     *
     * @param recordId      the record version's id (the existing one for a duplicate)
     * @param version       its version under the source key
     * @param duplicate     true when the same content had been accepted before; nothing new was queued
     * @param subscriptions subscriptions the record was queued for
     */
    public record Accepted(String recordId, int version, boolean duplicate, List<String> subscriptions) {
    }

    /**
     * A journaled record version, still protected.
     *
     * @param record the record as stored: PII fields hold {@code ehx1.} tokens
     */
    public record JournaledRecord(String recordId, String recordType, String subject, int version,
            String sourceDepartment, String sourceKey, GenericRecord record) {
    }

    private static final int ATTEMPTS = 3;

    private final JournalStore store;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final Subscriptions subscriptions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DurableCommits durable;

    Journal(JournalStore store, RecordProtection protection, RecordCodec codec, Subscriptions subscriptions,
            ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock, DurableCommits durable) {
        this.durable = durable;
        this.store = store;
        this.protection = protection;
        this.codec = codec;
        this.subscriptions = subscriptions;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Accepts a clear canonical record of a type whose {@code recordId} and {@code ingestedAt} the caller set.
     * A concurrent acceptance of the same content resolves to one record and duplicates.
     */
    public Accepted accept(GenericRecord clear, String recordType) {
        for (int attempt = 1;; attempt++) {
            try {
                Accepted accepted = transactions.execute(status -> acceptOnce(clear, recordType));
                if (accepted.duplicate()) {
                    // the earlier acceptance may be visible but not yet in the file: answer for it only once it is
                    durable.awaitOnDiskAfterCommit();
                }
                return accepted;
            } catch (DuplicateKeyException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    /** A journaled record version by id. */
    public Optional<JournaledRecord> read(String recordId) {
        return store.find(recordId).map(stored -> new JournaledRecord(stored.recordId(), stored.recordType(),
                stored.subject(), stored.version(), stored.sourceDepartment(), stored.sourceKey(),
                codec.decode(stored.payload())));
    }

    /** The blind indexes stored beside a record version, by field. */
    public java.util.Map<String, String> blindIndexes(String recordId) {
        return store.blindIndexes(recordId);
    }

    /** Ids of the record versions one of whose fields has a blind index: the same person, across departments. */
    public List<String> recordsWithBlindIndex(String token) {
        return store.recordsWithIndex(token);
    }

    private Accepted acceptOnce(GenericRecord clear, String recordType) {
        String department = clear.get("sourceDepartment").toString();
        String sourceKey = clear.get("sourceKey").toString();
        String fingerprint = protection.fingerprint(clear);
        Optional<JournalStore.VersionRef> existing = store.byContent(department, recordType, sourceKey, fingerprint);
        if (existing.isPresent()) {
            return new Accepted(existing.get().recordId(), existing.get().version(), true, List.of());
        }
        Optional<JournalStore.VersionRef> previous = store.latest(department, recordType, sourceKey);
        int version = previous.map(ref -> ref.version() + 1).orElse(1);
        String subject = SchemaRegistry.subjectFor(recordType);
        ProtectedRecord protectedRecord = protection.protect(clear, subject);
        byte[] payload = codec.encode(protectedRecord.record());
        String recordId = clear.get("recordId").toString();
        Instant now = clock.instant();
        JournalStore.StoredRecord stored = new JournalStore.StoredRecord(recordId, recordType, subject,
                codec.schemaId(payload), department, sourceKey, version, payload);
        store.insert(stored, fingerprint, previous.map(JournalStore.VersionRef::recordId).orElse(null),
                Instant.ofEpochMilli((Long) clear.get("occurredAt")), Instant.ofEpochMilli((Long) clear.get("ingestedAt")));
        store.insertBlindIndexes(recordId, protectedRecord.blindIndexes());
        List<String> queued = subscriptions.matching(recordType, clear).stream().map(Subscription::id).toList();
        String recordKey = department + "|" + recordType + "|" + sourceKey;
        queued.forEach(subscription -> store.insertOutbox(subscription, recordId, recordKey, now));
        events.publishEvent(new RecordPublished(recordId, recordType, subject, stored.schemaId(), department, version,
                queued, protectedRecord.blindIndexes(), now));
        return new Accepted(recordId, version, false, queued);
    }
}
