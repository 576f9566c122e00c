package org.exchangehub.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exchangehub.exchange.internal.OutboxStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each subscription is owed right now: deliveries waiting (and how many of them are retries after a failed
 * attempt), the oldest waiting one, and dead letters — for the console's dashboard and operators. Counts only.
 */
@Service
public class DeliveryBacklog {

    /** One subscription's backlog. */
    public record Entry(String subscriptionId, String subscriber, String recordType, Subscriptions.State state,
            long pending, long retrying, long dead, Instant oldestPending) {
    }

    /** A subscription with no rows in a status. */
    private static final OutboxStore.Owed NOTHING = new OutboxStore.Owed(null, 0, 0, null);

    private final OutboxStore outbox;
    private final Subscriptions subscriptions;

    DeliveryBacklog(OutboxStore outbox, Subscriptions subscriptions) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
    }

    /** Every subscription, in id order, with what it is owed (zeros when nothing). */
    @Transactional(readOnly = true)
    public List<Entry> bySubscription() {
        Map<String, OutboxStore.Owed> pending = bySubscription(outbox.owed("PENDING"));
        Map<String, OutboxStore.Owed> dead = bySubscription(outbox.owed("DEAD"));
        List<Entry> entries = new ArrayList<>();
        for (Subscriptions.Versioned versioned : subscriptions.allVersioned()) {
            Subscription subscription = versioned.subscription();
            OutboxStore.Owed waiting = pending.getOrDefault(subscription.id(), NOTHING);
            entries.add(new Entry(subscription.id(), subscription.subscriber(), subscription.recordType(),
                    versioned.state(), waiting.count(), waiting.retried(),
                    dead.getOrDefault(subscription.id(), NOTHING).count(), waiting.oldest()));
        }
        entries.sort(java.util.Comparator.comparing(Entry::subscriptionId));
        return entries;
    }

    private static Map<String, OutboxStore.Owed> bySubscription(List<OutboxStore.Owed> owed) {
        return owed.stream().collect(Collectors.toMap(OutboxStore.Owed::subscriptionId, o -> o));
    }
}
