package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exchangehub.exchange.DeadLetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries that need state of their own — the exceptions to reading the log ({@link DeliveryLog}): retrying
 * after a failed call, held because a field could not be decrypted, waiting behind an earlier version of their record
 * key, dead letters; and rows owed before the upgrade to cursors. Each row carries its record's log position.
 */
@Repository
public class OutboxStore {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final RowMapper<Row> ROW_ROWS = (rs, n) -> new Row(rs.getLong("id"),
            rs.getString("subscription_id"), rs.getString("record_id"), rs.getString("record_key"), rs.getInt("attempts"),
            rs.getLong("log_position"));
    private static final RowMapper<DeadLetter> DEAD_LETTER_ROWS = (rs, n) -> new DeadLetter(rs.getLong("id"), rs.getString("subscription_id"), rs.getString("record_id"),
                    rs.getInt("attempts"), rs.getString("last_error"));

    /** One delivery owed, with its record's log position. */
    public record Row(long id, String subscriptionId, String recordId, String recordKey, int attempts, long position) {
    }

    /** A new exception: a delivery that failed, is held, or waits behind its key's older version. */
    public record NewRow(String subscriptionId, String recordId, String recordKey, long position, String status,
            int attempts, Instant nextAttemptAt, String error) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    OutboxStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** True when a subscription owes at least one delivery (due now or later). */
    public boolean hasPending(String subscriptionId) {
        return !jdbc.sql(HAS_PENDING).param(subscriptionId).query(Long.class).list().isEmpty();
    }

    // Each query's ORDER BY lists the index's columns, equality-bound ones included: H2 reads an index in order only
    // when the ORDER BY is the index's column list; "ORDER BY id" alone made it read every row of the subscription
    // (its whole history for a feed), sort them, and keep the first few. OutboxTests checks the plans.
    static final String HAS_PENDING = "SELECT id FROM exchange_outbox WHERE subscription_id = ? AND status = 'PENDING'"
            + " ORDER BY subscription_id, status, id FETCH FIRST 1 ROWS ONLY";
    static final String PENDING_AFTER = """
            SELECT id, subscription_id, record_id, record_key, attempts, next_attempt_at, log_position FROM exchange_outbox
            WHERE subscription_id = ? AND status = 'PENDING' AND id > ? ORDER BY subscription_id, status, id
            FETCH FIRST ? ROWS ONLY""";
    static final String FEED_PAGE = "SELECT id, subscription_id, record_id, record_key, attempts, log_position"
            + " FROM exchange_outbox WHERE subscription_id = ? AND status = 'PENDING' AND log_position > ?"
            + " ORDER BY log_position FETCH FIRST ? ROWS ONLY";
    static final String PENDING_KEYS = "SELECT id, record_key FROM exchange_outbox WHERE subscription_id = ?"
            + " AND status = 'PENDING' ORDER BY subscription_id, status, id";
    // Rows in a status across subscriptions go through (subscription_id, status, id), one range per subscription the
    // hub has ever had: an index on status alone changed with every delivery, for queries that run only when an
    // operator or a health check looks. LEFT JOIN keeps the subscriptions first (H2 reorders inner joins, and chose
    // to read the whole outbox for a status).
    static final String COUNT_IN_STATUS = "SELECT COUNT(o.id) FROM exchange_subscription s LEFT JOIN exchange_outbox o"
            + " ON o.subscription_id = s.id AND o.status = ?";
    static final String DEAD_LETTERS = "SELECT o.id, o.subscription_id, o.record_id, o.attempts, o.last_error"
            + " FROM exchange_subscription s LEFT JOIN exchange_outbox o ON o.subscription_id = s.id"
            + " AND o.status = 'DEAD' WHERE o.id IS NOT NULL ORDER BY o.id";
    static final String OWED = "SELECT s.id AS subscription_id, COUNT(o.id) AS n,"
            + " SUM(CASE WHEN o.attempts > 0 THEN 1 ELSE 0 END) AS retried, MIN(o.created_at) AS oldest"
            + " FROM exchange_subscription s LEFT JOIN exchange_outbox o ON o.subscription_id = s.id AND o.status = ?"
            + " GROUP BY s.id HAVING COUNT(o.id) > 0";
    static final String PENDING_UP_TO = "SELECT id, subscription_id, record_id, record_key, attempts, log_position"
            + " FROM exchange_outbox WHERE subscription_id = ? AND log_position <= ? AND status = 'PENDING'"
            + " ORDER BY subscription_id, status, id";

    /**
     * Due deliveries of a subscription, oldest first, each the oldest pending one of its record key, so that
     * a record key's versions are delivered in order even while one of them waits for a retry. Reads the
     * subscription's pending deliveries in id order a window at a time (index {@code (subscription_id, status, id)})
     * and stops as soon as it has {@code limit}, so its cost does not grow with the backlog: a record key's first
     * pending row in id order is its oldest, and later rows of a key whose oldest is not due yet are skipped. The
     * first window is {@code limit} rows — under load every one of them is usually due, and each row read costs a
     * lookup of the row itself — and only when some were skipped come up to {@value #WINDOWS} more windows of
     * {@code 4 × limit} rows.
     */
    public List<Row> due(String subscriptionId, Instant now, int limit) {
        return due(subscriptionId, now, limit, Set.of());
    }

    /**
     * {@link #due(String, Instant, int)} as it will be once the deliveries {@code delivered} (sent, not marked yet)
     * are marked delivered: they are passed over as if gone, so the next batch can be read before they are marked.
     */
    public List<Row> due(String subscriptionId, Instant now, int limit, Set<Long> delivered) {
        List<Row> due = new ArrayList<>();
        Set<String> keysSeen = new HashSet<>();
        long after = 0;
        for (int window = 0; window <= WINDOWS && due.size() < limit; window++) {
            int size = window == 0 ? limit + delivered.size() : limit * 4;
            List<Pending> rows = jdbc.sql(PENDING_AFTER).params(subscriptionId, after, size).query(PENDING_ROWS).list();
            for (Pending pending : rows) {
                if (delivered.contains(pending.row().id())) {
                    after = pending.row().id();
                    continue;
                }
                if (keysSeen.add(pending.row().recordKey()) && !pending.nextAttemptAt().isAfter(now)) {
                    due.add(pending.row());
                    if (due.size() == limit) {
                        break;
                    }
                }
                after = pending.row().id();
            }
            if (rows.size() < size) {
                break;
            }
        }
        return due;
    }

    private static final int WINDOWS = 4;

    private record Pending(Row row, Instant nextAttemptAt) {
    }

    private static final RowMapper<Pending> PENDING_ROWS = (rs, n) -> new Pending(
            ROW_ROWS.mapRow(rs, n), rs.getTimestamp("next_attempt_at").toInstant());

    /**
     * Record keys with a pending row (retrying, held or waiting) by row id: a record of such a key read from the log
     * must wait behind it.
     */
    public Map<Long, String> pendingKeys(String subscriptionId) {
        Map<Long, String> keys = new HashMap<>();
        jdbc.sql(PENDING_KEYS).param(subscriptionId).query((rs, n) -> keys.put(rs.getLong(1), rs.getString(2))).list();
        return keys;
    }

    /** Writes new exception rows in one JDBC batch. */
    public void insert(List<NewRow> rows, Instant now) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    INSERT INTO exchange_outbox (subscription_id, record_id, record_key, status, attempts, next_attempt_at,
                        last_error, created_at, log_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    rows.stream().map(row -> new Object[] { row.subscriptionId(), row.recordId(), row.recordKey(),
                            row.status(), row.attempts(), Timestamp.from(row.nextAttemptAt()), truncate(row.error()),
                            Timestamp.from(now), row.position() }).toList());
        }
    }

    /** A FEED subscription's pending rows after a cursor (those owed from before the upgrade), in log order. */
    public List<Row> feed(String subscriptionId, long after, int limit) {
        return jdbc.sql(FEED_PAGE).params(subscriptionId, after, limit).query(ROW_ROWS).list();
    }

    /** A FEED subscription's pending rows up to a log position. */
    public List<Row> pendingUpTo(String subscriptionId, long upTo) {
        return jdbc.sql(PENDING_UP_TO).params(subscriptionId, upTo).query(ROW_ROWS).list();
    }

    /** Marks a batch's deliveries made, in one statement. */
    public void delivered(List<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE exchange_outbox SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = :now,"
                    + " last_error = NULL WHERE id IN (:ids) AND status = 'PENDING'")
                    .param("now", Timestamp.from(now)).param("ids", ids).update();
        }
    }

    public void delivered(long id, Instant now) {
        jdbc.sql("UPDATE exchange_outbox SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = ?,"
                + " last_error = NULL WHERE id = ? AND status = 'PENDING'").params(Timestamp.from(now), id).update();
    }

    /**
     * Makes every pending delivery of a subscription that waits for a retry due now: the subscriber answered again,
     * so its backlog drains at once and in order instead of each row waiting out its own backoff.
     */
    public int releaseRetries(String subscriptionId, Instant now) {
        return jdbc.sql("UPDATE exchange_outbox SET next_attempt_at = ? WHERE subscription_id = ? AND status = 'PENDING'"
                + " AND next_attempt_at > ?").params(Timestamp.from(now), subscriptionId, Timestamp.from(now)).update();
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
        return jdbc.sql(DEAD_LETTERS).query(DEAD_LETTER_ROWS).list();
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
        return jdbc.sql(COUNT_IN_STATUS).param(status).query(Long.class).single();
    }

    /** What subscriptions have in a status (PENDING or DEAD): how many, how many after a failed attempt, the oldest. */
    public record Owed(String subscriptionId, long count, long retried, Instant oldest) {
    }

    /** {@link Owed} per subscription that has rows in the status. */
    public List<Owed> owed(String status) {
        return jdbc.sql(OWED).param(status).query((rs, n) -> {
            Timestamp oldest = rs.getTimestamp("oldest");
            return new Owed(rs.getString("subscription_id"), rs.getLong("n"), rs.getLong("retried"),
                    oldest == null ? null : oldest.toInstant());
        }).list();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }
}
