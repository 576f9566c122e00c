package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.exchangehub.H2Files;
import org.exchangehub.QueryPlans;
import org.exchangehub.exchange.DeadLetter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox — the deliveries that need state of their own — on the hub's own migrations. Its reads cost what they
 * return, not what the subscription ever received: a subscription with a long delivered history (rows from before
 * the upgrade to cursors) and a few pending rows, and H2's {@code EXPLAIN ANALYZE} counting the index entries each
 * query scans.
 */
class OutboxTests {

    private static final int HISTORY = 3_000;
    private static final int PENDING = 150;
    private static final String RECORD = "0193a1b2-0000-7000-8000-000000000001";
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");

    JdbcDataSource dataSource;
    OutboxStore outbox;
    long firstPending;

    @BeforeEach
    void subscriptionWithALongHistory() throws SQLException {
        dataSource = H2Files.migrate(H2Files.inMemory("outbox"), "latest");
        outbox = new OutboxStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement record = connection.prepareStatement("""
                    INSERT INTO exchange_record (record_id, record_type, subject, schema_id, source_department, source_key,
                        content_hash, version, payload, occurred_at, ingested_at, log_position)
                    VALUES ('0193a1b2-0000-7000-8000-000000000001', 'subsistence-allowance', 's', 1, 'civil-affairs',
                        'k', 'h', 1, X'00', ?, ?, 1)""")) {
                record.setTimestamp(1, Timestamp.from(NOW));
                record.setTimestamp(2, Timestamp.from(NOW));
                record.executeUpdate();
            }
            try (PreparedStatement row = connection.prepareStatement("""
                    INSERT INTO exchange_outbox (subscription_id, record_id, record_key, status, attempts, next_attempt_at,
                        created_at, log_position) VALUES (?, '0193a1b2-0000-7000-8000-000000000001', ?, ?, 0, ?, ?, ?)""")) {
                for (int i = 0; i < HISTORY + PENDING; i++) {
                    for (String subscription : List.of("police-sub", "health-sub")) {
                        row.setString(1, subscription);
                        row.setString(2, "civil-affairs|subsistence-allowance|key-" + i);
                        row.setString(3, i < HISTORY ? (i % 100 == 7 ? "CANCELLED" : "DELIVERED") : "PENDING");
                        row.setTimestamp(4, Timestamp.from(NOW.minusSeconds(60)));
                        row.setTimestamp(5, Timestamp.from(NOW.minusSeconds(60)));
                        row.setLong(6, i + 1);
                        row.addBatch();
                    }
                }
                row.executeBatch();
            }
            try (PreparedStatement subscription = connection.prepareStatement("""
                    INSERT INTO exchange_subscription (id, version, state, origin, definition, updated_at, updated_by)
                    VALUES (?, 1, 'ACTIVE', 'API', '{}', ?, 'test')""")) {
                for (String id : List.of("police-sub", "health-sub", "unused-sub")) {
                    subscription.setString(1, id);
                    subscription.setTimestamp(2, Timestamp.from(NOW));
                    subscription.executeUpdate();
                }
            }
            firstPending = outbox.due("police-sub", NOW, 1).get(0).id();
        }
    }

    @Test
    void aDeliveryBatchReadsOnlyThePendingRowsItTakes() throws SQLException {
        List<OutboxStore.Row> due = outbox.due("police-sub", NOW, 100);

        assertThat(due).hasSize(100).extracting(OutboxStore.Row::id).isSorted().startsWith(firstPending);
        assertThat(due).extracting(OutboxStore.Row::subscriptionId).containsOnly("police-sub");
        assertThat(scanned(OutboxStore.PENDING_AFTER, "police-sub", 0L, 100)).isLessThanOrEqualTo(101);
        assertThat(scanned(OutboxStore.HAS_PENDING, "police-sub")).isLessThanOrEqualTo(2);
    }

    @Test
    void theBatchAfterOneBeingMarkedPassesItsRowsOverAsIfDelivered() {
        List<OutboxStore.Row> sent = outbox.due("police-sub", NOW, 100);
        java.util.Set<Long> ids = sent.stream().map(OutboxStore.Row::id).collect(java.util.stream.Collectors.toSet());

        List<OutboxStore.Row> next = outbox.due("police-sub", NOW, 100, ids);

        assertThat(next).hasSize(50).extracting(OutboxStore.Row::id).isSorted().doesNotContainAnyElementsOf(ids);
        assertThat(next.get(0).id()).isGreaterThan(sent.get(99).id());
        outbox.delivered(List.copyOf(ids), NOW);
        assertThat(outbox.due("police-sub", NOW, 100)).as("what the next poll reads once they are marked")
                .isEqualTo(next);
    }

    @Test
    void countsDeadLettersAndBacklogsReadOnlyTheRowsInTheirStatusWithoutAnIndexOnStatus() throws SQLException {
        List<OutboxStore.Row> due = outbox.due("police-sub", NOW, 3);
        due.forEach(row -> outbox.dead(row.id(), "HTTP 500"));
        outbox.retryLater(outbox.due("health-sub", NOW, 1).get(0).id(), NOW.plusSeconds(60), "HTTP 503");

        assertThat(outbox.count("PENDING")).isEqualTo(2 * PENDING - 3);
        assertThat(outbox.count("DEAD")).isEqualTo(3);
        assertThat(outbox.deadLetters()).extracting(DeadLetter::id)
                .containsExactlyElementsOf(due.stream().map(OutboxStore.Row::id).toList());
        assertThat(outbox.owed("PENDING")).extracting(OutboxStore.Owed::subscriptionId, OutboxStore.Owed::count,
                OutboxStore.Owed::retried).containsExactlyInAnyOrder(tuple("police-sub", (long) PENDING - 3, 0L),
                        tuple("health-sub", (long) PENDING, 1L));
        // the rows in the status, and per subscription (3) its row and a read past its range: nothing near the
        // 6,300 rows of the table, which the same query read with the subscriptions second (6,895)
        int perSubscription = 2 * 3 + 1;
        assertThat(scanned(OutboxStore.COUNT_IN_STATUS, "PENDING"))
                .isLessThanOrEqualTo(2 * PENDING - 3 + perSubscription);
        assertThat(scanned(OutboxStore.DEAD_LETTERS)).isLessThanOrEqualTo(3 + perSubscription);
        assertThat(scanned(OutboxStore.OWED, "DEAD")).isLessThanOrEqualTo(3 + perSubscription);
    }

    @Test
    void acknowledgingAFeedReadsOnlyThePendingRowsOfTheSubscriptionUpToThePosition() throws SQLException {
        long upTo = HISTORY + 10; // positions of the pending rows start after the history
        List<OutboxStore.Row> pending = outbox.pendingUpTo("police-sub", upTo);

        assertThat(pending).hasSize(10).extracting(OutboxStore.Row::position).isSorted().startsWith(HISTORY + 1L);
        assertThat(scanned(OutboxStore.PENDING_UP_TO, "police-sub", upTo)).isLessThanOrEqualTo(PENDING + 1);
    }

    @Test
    void aFeedPageOfRowsOwedBeforeCursorsReadsOnlyThePendingRowsOfItsSubscription() throws SQLException {
        List<OutboxStore.Row> page = outbox.feed("police-sub", HISTORY + 20, 100);

        assertThat(page).hasSize(100).extracting(OutboxStore.Row::position).isSorted().startsWith(HISTORY + 21L);
        assertThat(page).extracting(OutboxStore.Row::subscriptionId).containsOnly("police-sub");
        // the subscription's pending rows, not its 3,000 rows of history
        assertThat(scanned(OutboxStore.FEED_PAGE, "police-sub", 0L, 100)).isLessThanOrEqualTo(PENDING + 1);
    }

    private long scanned(String sql, Object... parameters) {
        return QueryPlans.scannedEntries(dataSource, sql, parameters);
    }
}
