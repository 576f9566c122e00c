package org.exchangehub.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.internal.DurableCommits;
import org.exchangehub.exchange.internal.GroupCommit;
import org.exchangehub.exchange.internal.JournalStore;
import org.exchangehub.protect.ProtectedRecord;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.SchemaRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.UnexpectedRollbackException;

/**
 * The journal: accepts a validated clear record once, protects it, stores it in wire format with its blind indexes
 * and publishes {@link RecordPublished} — all in one transaction, so a record is either fully accepted or not at
 * all. The journal is an ordered log: a record takes its position as its transaction commits, in commit order, and
 * subscriptions read the log after their cursors ({@code DeliveryReader}). Ingest commits in groups
 * ({@link #inGroupCommit}).
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

    /**
     * A clear record made ready for the journal outside any transaction: protected, encoded, fingerprinted. Only
     * the database work is left for {@link #accept(Prepared)}.
     */
    public static final class Prepared {

        private final GenericRecord clear;
        private final String recordType;
        private final String subject;
        private final String fingerprint;
        private final ProtectedRecord protectedRecord;
        private final byte[] payload;

        private Prepared(GenericRecord clear, String recordType, String subject, String fingerprint,
                ProtectedRecord protectedRecord, byte[] payload) {
            this.clear = clear;
            this.recordType = recordType;
            this.subject = subject;
            this.fingerprint = fingerprint;
            this.protectedRecord = protectedRecord;
            this.payload = payload;
        }

        public String recordType() {
            return recordType;
        }
    }

    private static final int ATTEMPTS = 3;

    private final JournalStore store;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final Subscriptions subscriptions;
    private final ApplicationEventPublisher events;
    private final GroupCommit groups;
    private final Clock clock;
    private final DurableCommits durable;

    Journal(JournalStore store, RecordProtection protection, RecordCodec codec, Subscriptions subscriptions,
            ApplicationEventPublisher events, GroupCommit groups, Clock clock, DurableCommits durable) {
        this.durable = durable;
        this.store = store;
        this.protection = protection;
        this.codec = codec;
        this.subscriptions = subscriptions;
        this.events = events;
        this.groups = groups;
        this.clock = clock;
    }

    /**
     * Accepts a clear canonical record of a type whose {@code recordId} and {@code ingestedAt} the caller set,
     * committed with other callers' records ({@link #inGroupCommit}). A concurrent acceptance of the same content
     * resolves to one record and duplicates.
     */
    public Accepted accept(GenericRecord clear, String recordType) {
        Prepared prepared = prepare(clear, recordType);
        return withRetries(() -> inGroupCommit(1, () -> accept(prepared)));
    }

    /**
     * Runs {@code work} again when it lost a race with a concurrent acceptance of the same record key (the
     * uniqueness of content and version per key), which it then finds as a duplicate or the previous version.
     */
    public static <T> T withRetries(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (DuplicateKeyException | UnexpectedRollbackException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    /**
     * Protects, encodes and fingerprints a clear record: the work of acceptance that needs no database, done on the
     * caller's thread before the record joins a group commit.
     */
    public Prepared prepare(GenericRecord clear, String recordType) {
        String subject = SchemaRegistry.subjectFor(recordType);
        ProtectedRecord protectedRecord = protection.protect(clear, subject);
        return new Prepared(clear, recordType, subject, protection.fingerprint(clear), protectedRecord,
                codec.encode(protectedRecord.record()));
    }

    /**
     * Runs {@code work} — calls of {@link #accept(Prepared)}, and whatever else must commit with them — in a
     * transaction shared with other callers' work, and returns once it has committed: the records are durable and
     * have their log positions.
     *
     * @param records how many records the work journals
     */
    public <T> T inGroupCommit(int records, Supplier<T> work) {
        return groups.run(records, work);
    }

    /**
     * Journals a prepared record in the current transaction: a duplicate of an accepted version answers with it,
     * changed content under the same source key becomes the next version. The record takes its log position when
     * the transaction commits.
     *
     * @throws IllegalStateException outside a transaction
     */
    public Accepted accept(Prepared prepared) {
        GenericRecord clear = prepared.clear;
        String recordType = prepared.recordType;
        String department = clear.get("sourceDepartment").toString();
        String sourceKey = clear.get("sourceKey").toString();
        JournalStore.KeyVersions versions = store.versions(department, recordType, sourceKey, prepared.fingerprint);
        Optional<JournalStore.VersionRef> existing = versions.sameContent();
        if (existing.isPresent()) {
            // the earlier acceptance may be visible but not yet in the file: answer for it only once it is
            durable.awaitOnDiskAfterCommit();
            return new Accepted(existing.get().recordId(), existing.get().version(), true, List.of());
        }
        Optional<JournalStore.VersionRef> previous = versions.latest();
        int version = previous.map(ref -> ref.version() + 1).orElse(1);
        String recordId = clear.get("recordId").toString();
        Instant now = clock.instant();
        JournalStore.StoredRecord stored = new JournalStore.StoredRecord(recordId, recordType, prepared.subject,
                codec.schemaId(prepared.payload), department, sourceKey, version, prepared.payload);
        List<String> queued = subscriptions.matching(recordType, clear).stream().map(Subscription::id).toList();
        LongSupplier position = store.append(stored, prepared.fingerprint, previous.map(JournalStore.VersionRef::recordId).orElse(null),
                Instant.ofEpochMilli((Long) clear.get("occurredAt")), Instant.ofEpochMilli((Long) clear.get("ingestedAt")),
                prepared.protectedRecord.blindIndexes());
        events.publishEvent(new RecordPublished(recordId, recordType, prepared.subject, stored.schemaId(), department,
                version, queued, prepared.protectedRecord.blindIndexes(), now, position));
        return new Accepted(recordId, version, false, queued);
    }

    /** A journaled record version by id. */
    public Optional<JournaledRecord> read(String recordId) {
        return store.find(recordId).map(stored -> new JournaledRecord(stored.recordId(), stored.recordType(),
                stored.subject(), stored.version(), stored.sourceDepartment(), stored.sourceKey(),
                codec.decode(stored.payload())));
    }

    /** A record version's position in the journal's log; empty for an unknown id. */
    public OptionalLong position(String recordId) {
        return store.position(recordId);
    }

    /** The blind indexes stored beside a record version, by field. */
    public Map<String, String> blindIndexes(String recordId) {
        return store.blindIndexes(recordId);
    }

    /** Ids of the record versions one of whose fields has a blind index: the same person, across departments. */
    public List<String> recordsWithBlindIndex(String token) {
        return store.recordsWithIndex(token);
    }

    /**
     * The record versions one of whose fields has a blind index, as record id → position in the journal's log, in
     * log order: where the audit log's data-subject report finds the records published about a person.
     */
    public Map<String, Long> positionsWithBlindIndex(String token) {
        return store.positionsWithIndex(token);
    }

    /**
     * The records of a type in force about the value a blind index stands for in one of their fields: for each
     * record (source department and key) whose field ever carried the index, its newest version, when that version
     * still carries it — a record corrected to another person no longer counts.
     */
    public List<JournaledRecord> currentWithBlindIndex(String token, String recordType, String field) {
        return currentWithBlindIndexes(List.of(token), recordType, field).getOrDefault(token, List.of());
    }

    /**
     * {@link #currentWithBlindIndex} for many people at once, by blind index (people with no record in force have
     * none): one lookup of the index for them all.
     */
    public Map<String, List<JournaledRecord>> currentWithBlindIndexes(Collection<String> tokens, String recordType,
            String field) {
        Map<String, List<JournaledRecord>> current = new HashMap<>();
        store.recordsWithIndexes(tokens, field).forEach((token, ids) -> {
            Set<String> carrying = new HashSet<>(ids);
            Set<String> keysSeen = new HashSet<>();
            for (String recordId : ids) {
                Optional<JournaledRecord> version = read(recordId)
                        .filter(record -> record.recordType().equals(recordType));
                if (version.isPresent()
                        && keysSeen.add(version.get().sourceDepartment() + "\n" + version.get().sourceKey())) {
                    JournaledRecord found = version.get();
                    store.latest(found.sourceDepartment(), recordType, found.sourceKey())
                            .filter(latest -> carrying.contains(latest.recordId()))
                            // the version read is usually the newest: decode another one only when it is not
                            .flatMap(latest -> latest.recordId().equals(recordId) ? version : read(latest.recordId()))
                            .ifPresent(record -> current.computeIfAbsent(token, t -> new ArrayList<>()).add(record));
                }
            }
        });
        return current;
    }
}
