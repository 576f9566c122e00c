package org.exchangehub.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exchangehub.exchange.internal.DeliveryReader;
import org.exchangehub.exchange.internal.OutboxStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each subscription is owed right now: deliveries waiting — records after its cursor in the journal's log and
 * exception rows pending — and how many of them are retries after a failed attempt, the oldest waiting one, and
 * dead letters; for the console's dashboard and operators. Counts only. The log's part is counted over at most
 * {@value DeliveryReader#OWED_SCAN} positions after the cursor; beyond that {@code pendingExact} is false and
 * {@code pending} a lower bound.
 */
@Service
public class DeliveryBacklog {

    /** One subscription's backlog. */
    public record Entry(String subscriptionId, String subscriber, String recordType, Subscriptions.State state,
            long pending, long retrying, long dead, Instant oldestPending, boolean pendingExact) {
    }

    /** A subscription with no rows in a status. */
    private static final OutboxStore.Owed NOTHING = new OutboxStore.Owed(null, 0, 0, null);

    private final OutboxStore outbox;
    private final DeliveryReader log;
    private final Subscriptions subscriptions;

    DeliveryBacklog(OutboxStore outbox, DeliveryReader log, Subscriptions subscriptions) {
        this.outbox = outbox;
        this.log = log;
        this.subscriptions = subscriptions;
    }

    /** Every subscription, in id order, with what it is owed (zeros when nothing). */
    @Transactional(readOnly = true)
    public List<Entry> bySubscription() {
        Map<String, OutboxStore.Owed> pending = bySubscription(outbox.owed("PENDING"));
        Map<String, OutboxStore.Owed> dead = bySubscription(outbox.owed("DEAD"));
        List<Entry> entries = new ArrayList<>();
        for (VersionedSubscription versioned : subscriptions.allVersioned()) {
            Subscription subscription = versioned.subscription();
            OutboxStore.Owed waiting = pending.getOrDefault(subscription.id(), NOTHING);
            DeliveryReader.Owed fromLog = versioned.state() == Subscriptions.State.PENDING_APPROVAL
                    ? new DeliveryReader.Owed(0, true, null) : log.owed(subscription);
            entries.add(new Entry(subscription.id(), subscription.subscriber(), subscription.recordType(),
                    versioned.state(), waiting.count() + fromLog.count(), waiting.retried(),
                    dead.getOrDefault(subscription.id(), NOTHING).count(), oldest(waiting.oldest(), fromLog.oldest()),
                    fromLog.exact()));
        }
        entries.sort(Comparator.comparing(Entry::subscriptionId));
        return entries;
    }

    private static Instant oldest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Map<String, OutboxStore.Owed> bySubscription(List<OutboxStore.Owed> owed) {
        return owed.stream().collect(Collectors.toMap(OutboxStore.Owed::subscriptionId, o -> o));
    }
}
