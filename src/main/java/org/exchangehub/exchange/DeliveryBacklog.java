package org.exchangehub.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final OutboxStore outbox;
    private final Subscriptions subscriptions;

    DeliveryBacklog(OutboxStore outbox, Subscriptions subscriptions) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
    }

    /** Every subscription, in id order, with what it is owed (zeros when nothing). */
    @Transactional(readOnly = true)
    public List<Entry> bySubscription() {
        Map<String, OutboxStore.Owed> pending = new HashMap<>();
        Map<String, OutboxStore.Owed> dead = new HashMap<>();
        outbox.owed("PENDING").forEach(owed -> pending.put(owed.subscriptionId(), owed));
        outbox.owed("DEAD").forEach(owed -> dead.put(owed.subscriptionId(), owed));
        List<Entry> entries = new ArrayList<>();
        for (Subscriptions.Versioned versioned : subscriptions.allVersioned()) {
            Subscription subscription = versioned.subscription();
            OutboxStore.Owed waiting = pending.get(subscription.id());
            OutboxStore.Owed deadLetters = dead.get(subscription.id());
            entries.add(new Entry(subscription.id(), subscription.subscriber(), subscription.recordType(),
                    versioned.state(), waiting == null ? 0 : waiting.count(), waiting == null ? 0 : waiting.retried(),
                    deadLetters == null ? 0 : deadLetters.count(), waiting == null ? null : waiting.oldest()));
        }
        entries.sort(java.util.Comparator.comparing(Entry::subscriptionId));
        return entries;
    }
}
