package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.exchangehub.exchange.DeadLetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox: deliveries owed, their attempts and outcome. */
@Repository
public class OutboxStore {

    /** One delivery owed. */
    public record Row(long id, String subscriptionId, String recordId, String recordKey, int attempts) {
    }

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Subscriptions with at least one due delivery. */
    public List<String> subscriptionsWithDue(Instant now) {
        return jdbc.sql("SELECT DISTINCT subscription_id FROM exchange_outbox WHERE status = 'PENDING'"
                + " AND next_attempt_at <= ?").param(Timestamp.from(now)).query(String.class).list();
    }

    /**
     * Due deliveries of a subscription, oldest first, each the oldest pending one of its record key, so that
     * a record key's versions are delivered in order even while one of them waits for a retry.
     */
    public List<Row> due(String subscriptionId, Instant now, int limit) {
        return jdbc.sql("""
                SELECT o.id, o.subscription_id, o.record_id, o.record_key, o.attempts FROM exchange_outbox o
                WHERE o.subscription_id = ? AND o.status = 'PENDING' AND o.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM exchange_outbox e WHERE e.subscription_id = o.subscription_id
                                  AND e.record_key = o.record_key AND e.status = 'PENDING' AND e.id < o.id)
                ORDER BY o.id FETCH FIRST ? ROWS ONLY""")
                .params(subscriptionId, Timestamp.from(now), limit).query(Row.class).list();
    }

    /** A FEED subscription's deliveries after a cursor (pending or already acknowledged), oldest first. */
    public List<Row> feed(String subscriptionId, long after, int limit) {
        return jdbc.sql("SELECT id, subscription_id, record_id, record_key, attempts FROM exchange_outbox"
                + " WHERE subscription_id = ? AND id > ? AND status IN ('PENDING', 'DELIVERED')"
                + " ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(subscriptionId, after, limit).query(Row.class).list();
    }

    /** A FEED subscription's pending deliveries up to a cursor. */
    public List<Row> pendingUpTo(String subscriptionId, long upTo) {
        return jdbc.sql("SELECT id, subscription_id, record_id, record_key, attempts FROM exchange_outbox"
                + " WHERE subscription_id = ? AND id <= ? AND status = 'PENDING' ORDER BY id")
                .params(subscriptionId, upTo).query(Row.class).list();
    }

    public void delivered(long id, Instant now) {
        jdbc.sql("UPDATE exchange_outbox SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = ?,"
                + " last_error = NULL WHERE id = ? AND status = 'PENDING'").params(Timestamp.from(now), id).update();
    }

    public void retryLater(long id, Instant next, String error) {
        jdbc.sql("UPDATE exchange_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ? AND status = 'PENDING'").params(Timestamp.from(next), truncate(error), id).update();
    }

    public void dead(long id, String error) {
        jdbc.sql("UPDATE exchange_outbox SET status = 'DEAD', attempts = attempts + 1, last_error = ?"
                + " WHERE id = ? AND status = 'PENDING'").params(truncate(error), id).update();
    }

    public List<DeadLetter> deadLetters() {
        return jdbc.sql("SELECT id, subscription_id, record_id, attempts, last_error FROM exchange_outbox"
                + " WHERE status = 'DEAD' ORDER BY id").query(DeadLetter.class).list();
    }

    /** Puts a dead letter back in the queue with fresh attempts; true when it was dead. */
    public boolean revive(long id, Instant now) {
        return jdbc.sql("UPDATE exchange_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?"
                + " WHERE id = ? AND status = 'DEAD'").params(Timestamp.from(now), id).update() == 1;
    }

    /** Cancels a removed subscription's pending deliveries; returns how many. */
    public int cancelPending(String subscriptionId) {
        return jdbc.sql("UPDATE exchange_outbox SET status = 'CANCELLED' WHERE subscription_id = ? AND status = 'PENDING'")
                .param(subscriptionId).update();
    }

    /** Gives a dead letter up for good (status DISCARDED). */
    public void discardDead(long id) {
        jdbc.sql("UPDATE exchange_outbox SET status = 'DISCARDED' WHERE id = ? AND status = 'DEAD'").param(id).update();
    }

    /** Counts per status, for health and summaries. */
    public long count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_outbox WHERE status = ?").param(status).query(Long.class).single();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }
}
