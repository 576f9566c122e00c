package org.exchangehub.exchange.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.VersionedSubscription;
import org.exchangehub.protect.FieldDecryptionException;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.RecordCodec;
import org.springframework.stereotype.Component;

/**
 * Reads what a subscription is owed, as a batch: first its exception rows that are due (each the oldest pending row
 * of its record key), then records from the log after its cursor. Matching happens here, when the log is read: the
 * record type, the filter (on non-PII fields of the stored record), the subscription's validity. A log record whose
 * key has a pending exception row waits behind it (it becomes an exception row itself when the batch is marked), so
 * a key's versions reach the subscriber in order whatever failed.
 *
 * <p>The log is read a window of positions at a time up to the committed head ({@link DeliveryLog#head()}); records
 * that do not match move the cursor on all the same, so a subscription to a rare type does not read the same records
 * again at every poll.
 */
@Component
public class DeliveryReader {

    /**
     * What a subscription is owed from the log after its cursor.
     *
     * @param count  how many records
     * @param exact  false when the count stopped at {@link #OWED_SCAN} positions after the cursor: at least that many
     * @param oldest when the oldest of them was journaled; null when none
     */
    public record Owed(long count, boolean exact, Instant oldest) {
    }

    /** Positions after a cursor that {@link #owed} looks at, at most. */
    static final int OWED_SCAN = 200_000;

    /** Positions read per query: the records of other types in a window are read and passed over. */
    static final int WINDOW = 2_000;
    /** Windows read at most for one batch, so a read never walks an unbounded stretch of the log. */
    private static final int WINDOWS = 10;

    private final OutboxStore outbox;
    private final DeliveryLog log;
    private final JournalStore journal;
    private final Subscriptions subscriptions;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final DeliveryProperties properties;
    private final Clock clock;

    DeliveryReader(OutboxStore outbox, DeliveryLog log, JournalStore journal, Subscriptions subscriptions,
            RecordProtection protection, RecordCodec codec, DeliveryProperties properties, Clock clock) {
        this.outbox = outbox;
        this.log = log;
        this.journal = journal;
        this.subscriptions = subscriptions;
        this.protection = protection;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
    }

    /** The subscription's cursor as stored; a subscription without one starts at the head now. */
    long cursor(Subscription subscription) {
        return log.cursor(subscription.id()).map(DeliveryLog.Cursor::position).orElseGet(() -> {
            log.startAtHead(subscription.id(), clock.instant());
            return log.head();
        });
    }

    /** True when the subscription may be owed something: a pending exception row, or records after its cursor. */
    boolean mayOwe(Subscription subscription) {
        return outbox.hasPending(subscription.id()) || log.cursor(subscription.id())
                .map(cursor -> cursor.position() < log.head()).orElse(false);
    }

    /**
     * The next batch of a webhook or file subscription from {@code cursor}, passing over the exception rows
     * {@code passOver} (sent, being marked) and treating {@code waitingKeys} as keys with a pending row (rows the
     * previous batch will write).
     */
    DeliveryBatch next(Subscription subscription, long cursor, Set<Long> passOver, Set<String> waitingKeys) {
        Instant now = clock.instant();
        SubscriberView view = subscriptions.viewOf(subscription);
        DeliveryBatch batch = new DeliveryBatch(subscription, cursor);
        int limit = properties.batchSize();
        List<OutboxStore.Row> due = outbox.due(subscription.id(), now, limit, passOver);
        Map<String, JournalStore.StoredRecord> records = journal.findAll(due.stream().map(OutboxStore.Row::recordId)
                .toList());
        Map<String, Map<String, String>> indexes = blindIndexes(view, records.keySet());
        for (OutboxStore.Row row : due) {
            DeliveryBatch.Item item = DeliveryBatch.Item.of(row);
            try {
                batch.add(item, records.get(row.recordId()), indexes.getOrDefault(row.recordId(), Map.of()), view,
                        protection, codec);
            } catch (FieldDecryptionException e) {
                batch.hold(item, "held: " + e.getMessage());
            }
        }
        if (batch.size() < limit) {
            Set<String> pending = new HashSet<>(waitingKeys);
            outbox.pendingKeys(subscription.id()).forEach((id, key) -> {
                if (!passOver.contains(id)) {
                    pending.add(key);
                }
            });
            readLog(subscription, batch, limit - batch.size(), pending, view, now, true);
        }
        return batch;
    }

    /**
     * A page of a FEED subscription after {@code after}: rows owed from before the upgrade to cursors, then records
     * from the log after both {@code after} and where the subscription began. Held records are noted in the page;
     * nothing is written.
     */
    DeliveryBatch page(Subscription subscription, long after, int limit) {
        SubscriberView view = subscriptions.viewOf(subscription);
        long start = log.cursor(subscription.id()).map(DeliveryLog.Cursor::start).orElse(after);
        DeliveryBatch page = new DeliveryBatch(subscription, after);
        for (OutboxStore.Row row : outbox.feed(subscription.id(), after, limit)) {
            JournalStore.StoredRecord record = journal.find(row.recordId()).orElseThrow();
            try {
                page.add(DeliveryBatch.Item.of(row), record, blindIndexes(view, Set.of(row.recordId()))
                        .getOrDefault(row.recordId(), Map.of()), view, protection, codec);
            } catch (FieldDecryptionException e) {
                page.held(row.position(), row.recordId(), e.getMessage());
            }
            page.reached(row.position());
        }
        page.reached(Math.max(after, start));
        if (page.size() < limit) {
            readLog(subscription, page, limit - page.size(), Set.of(), view, clock.instant(), false);
        }
        page.held().forEach(held -> page.held(held.item().position(), held.item().recordId(), held.reason()));
        return page;
    }

    /** What the subscription is owed from the log: records after its cursor that match it. */
    public Owed owed(Subscription subscription) {
        DeliveryLog.Cursor cursor = log.cursor(subscription.id()).orElse(null);
        long head = log.head();
        if (cursor == null || cursor.position() >= head) {
            return new Owed(0, true, null);
        }
        long upTo = Math.min(head, cursor.position() + OWED_SCAN);
        Instant oldest = null;
        long count = 0;
        if (subscription.filter().matchesEverything()) {
            count = log.count(subscription.recordType(), cursor.position(), upTo);
            oldest = count == 0 ? null : log.records(subscription.recordType(), cursor.position(), upTo, 1).get(0)
                    .ingestedAt();
        } else {
            for (DeliveryLog.Entry entry : matching(subscription, cursor.position(), upTo)) {
                oldest = oldest == null ? entry.ingestedAt() : oldest;
                count++;
            }
        }
        return new Owed(count, upTo == head, oldest);
    }

    /** The log records a feed acknowledgement covers: those of the subscription in {@code (after, upTo]}. */
    List<DeliveryLog.Entry> matching(Subscription subscription, long after, long upTo) {
        OwedTest owed = new OwedTest(subscription);
        List<DeliveryLog.Entry> matching = new ArrayList<>();
        for (long from = after; from < upTo; from = Math.min(from + WINDOW, upTo)) {
            for (DeliveryLog.Entry entry : log.records(subscription.recordType(), from, Math.min(from + WINDOW, upTo),
                    WINDOW)) {
                if (owed.test(entry)) {
                    matching.add(entry);
                }
            }
        }
        return matching;
    }

    /**
     * Adds to {@code batch} up to {@code limit} records from the log after its cursor. With {@code keyOrder}, the
     * later versions of a key whose record is held wait behind it, as those of {@code pending} keys do.
     */
    private void readLog(Subscription subscription, DeliveryBatch batch, int limit, Set<String> pending,
            SubscriberView view, Instant now, boolean keyOrder) {
        long head = log.head();
        long after = batch.toCursor();
        OwedTest owed = new OwedTest(subscription);
        List<Candidate> candidates = new ArrayList<>();
        for (int window = 0; window < WINDOWS && after < head && candidates.size() < limit; window++) {
            long upTo = Math.min(after + WINDOW, head);
            int wanted = limit - candidates.size();
            List<DeliveryLog.Entry> entries = log.records(subscription.recordType(), after, upTo, wanted);
            for (DeliveryLog.Entry entry : entries) {
                if (!owed.test(entry)) {
                    continue;
                }
                if (pending.contains(entry.key())) {
                    batch.exception(waiting(subscription, entry, now));
                } else {
                    candidates.add(new Candidate(entry, owed.decoded));
                }
            }
            after = entries.size() == wanted ? entries.get(entries.size() - 1).position() : upTo;
        }
        batch.reached(after);
        Map<String, Map<String, String>> indexes = blindIndexes(view,
                candidates.stream().map(candidate -> candidate.entry().record().recordId()).toList());
        Set<String> heldKeys = new HashSet<>();
        for (Candidate candidate : candidates) {
            DeliveryLog.Entry entry = candidate.entry();
            DeliveryBatch.Item item = DeliveryBatch.Item.of(entry);
            if (keyOrder && heldKeys.contains(entry.key())) {
                batch.exception(waiting(subscription, entry, now));
                continue;
            }
            try {
                GenericRecord stored = candidate.decoded() != null ? candidate.decoded()
                        : codec.decode(entry.record().payload());
                batch.add(item, entry.record(), stored, indexes.getOrDefault(entry.record().recordId(), Map.of()),
                        view, protection, codec);
            } catch (FieldDecryptionException e) {
                batch.hold(item, "held: " + e.getMessage());
                heldKeys.add(entry.key());
            }
        }
    }

    /**
     * The stored blind indexes of records, by record id, when the subscriber sees a field as its blind index; none
     * otherwise — the view does not read them (three subscribers reading them all was an eighth of the delivery
     * threads' CPU in the end-to-end benchmark, for the one that shows one).
     */
    private Map<String, Map<String, String>> blindIndexes(SubscriberView view, Collection<String> recordIds) {
        return view.fields().containsValue(FieldView.BLIND_INDEX) ? journal.blindIndexesOfAll(recordIds) : Map.of();
    }

    /** A log record owed to the subscription, decoded already when its filter had to read it. */
    private record Candidate(DeliveryLog.Entry entry, GenericRecord decoded) {
    }

    /**
     * Which log records a subscription is owed: journaled while it was valid, and passing its filter (which reads the
     * stored record's non-PII fields: the record is decoded only for a filter, and kept in {@link #decoded}).
     */
    private final class OwedTest {

        private final Instant validUntil;
        private final Subscription subscription;
        GenericRecord decoded;

        OwedTest(Subscription subscription) {
            this.subscription = subscription;
            this.validUntil = subscriptions.versioned(subscription.id()).map(VersionedSubscription::validUntil)
                    .orElse(null);
        }

        boolean test(DeliveryLog.Entry entry) {
            decoded = null;
            if (validUntil != null && !entry.ingestedAt().isBefore(validUntil)) {
                return false;
            }
            if (subscription.filter().matchesEverything()) {
                return true;
            }
            decoded = codec.decode(entry.record().payload());
            return subscription.filter().matches(decoded);
        }
    }

    private static OutboxStore.NewRow waiting(Subscription subscription, DeliveryLog.Entry entry, Instant now) {
        return new OutboxStore.NewRow(subscription.id(), entry.record().recordId(), entry.key(), entry.position(),
                "PENDING", 0, now, "waiting behind an earlier version of its record key");
    }
}
