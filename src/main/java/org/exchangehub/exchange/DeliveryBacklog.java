package org.exchangehub.exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;
    private final Subscriptions subscriptions;

    DeliveryBacklog(JdbcClient jdbc, Subscriptions subscriptions) {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
    }

    /** Every subscription, in id order, with what it is owed (zeros when nothing). */
    @Transactional(readOnly = true)
    public List<Entry> bySubscription() {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        jdbc.sql("SELECT subscription_id, status, COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END),"
                + " MIN(created_at) FROM exchange_outbox WHERE status IN ('PENDING', 'DEAD')"
                + " GROUP BY subscription_id, status").query((rs, n) -> {
                    long[] row = counts.computeIfAbsent(rs.getString(1), id -> new long[3]);
                    if ("PENDING".equals(rs.getString(2))) {
                        row[0] = rs.getLong(3);
                        row[1] = rs.getLong(4);
                        Timestamp first = rs.getTimestamp(5);
                        oldest.put(rs.getString(1), first == null ? null : first.toInstant());
                    } else {
                        row[2] = rs.getLong(3);
                    }
                    return null;
                }).list();
        List<Entry> entries = new ArrayList<>();
        for (Subscriptions.Versioned versioned : subscriptions.allVersioned()) {
            Subscription subscription = versioned.subscription();
            long[] row = counts.getOrDefault(subscription.id(), new long[3]);
            entries.add(new Entry(subscription.id(), subscription.subscriber(), subscription.recordType(),
                    versioned.state(), row[0], row[1], row[2], oldest.get(subscription.id())));
        }
        entries.sort(java.util.Comparator.comparing(Entry::subscriptionId));
        return entries;
    }
}
