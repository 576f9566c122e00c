package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.exchangehub.H2Files;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A search page counts its matches only up to {@link AuditQueries#COUNT_LIMIT}: exactly below it, "at least" above,
 * so that paging through an action with millions of events does not count them all for every page.
 */
class AuditSearchCountTests {

    private static final Instant AT = Instant.parse("2026-11-24T08:00:00Z");
    private static final String HASH = "0".repeat(64);

    AuditQueries queries;

    @BeforeEach
    void logWithTenThousandDeliveriesOfOneSubscriptionAndOneMoreOfAnother() throws SQLException {
        JdbcDataSource dataSource = H2Files.migrate(H2Files.inMemory("audit-count"), "latest");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_event (seq, at, actor, action, subscription_id, fields, subject_indexes, outcome,
                    prev_hash, hash) VALUES (?, ?, 'hub', ?, ?, '{}', '{}', 'OK', ?, ?)""")) {
            long seq = 0;
            for (String subscription : new String[] { "exactly-limit", "over-limit" }) {
                int events = AuditQueries.COUNT_LIMIT + (subscription.equals("exactly-limit") ? 0 : 1);
                for (int i = 0; i < events; i++) {
                    add(insert, ++seq, "DELIVERED", subscription);
                }
            }
            for (int i = 0; i < 3; i++) {
                add(insert, ++seq, "ADMIN_CHANGE", "over-limit");
            }
            insert.executeBatch();
        }
        queries = new AuditQueries(JdbcClient.create(dataSource), new RecordEvents(JdbcClient.create(dataSource)),
                recordId -> java.util.OptionalLong.empty());
    }

    @Test
    void countsExactlyUpToTheLimitAndSaysAtLeastTheLimitBeyondIt() {
        AuditQueries.Page few = queries.search(query("ADMIN_CHANGE", null, 0));
        AuditQueries.Page limit = queries.search(query("DELIVERED", "exactly-limit", 0));
        AuditQueries.Page over = queries.search(query("DELIVERED", "over-limit", 0));
        AuditQueries.Page all = queries.search(query(null, null, 0));

        assertThat(few.total()).isEqualTo(3);
        assertThat(few.totalExact()).isTrue();
        assertThat(limit.total()).isEqualTo(AuditQueries.COUNT_LIMIT);
        assertThat(limit.totalExact()).isTrue();
        assertThat(over.total()).isEqualTo(AuditQueries.COUNT_LIMIT);
        assertThat(over.totalExact()).isFalse();
        assertThat(all.totalExact()).isFalse();
        assertThat(over.events()).hasSize(50).extracting(AuditEvent::seq).isSortedAccordingTo(
                java.util.Comparator.reverseOrder()).startsWith(2L * AuditQueries.COUNT_LIMIT + 1);
    }

    @Test
    void anExactTotalCountsEveryMatchWhenAskedFor() {
        AuditQueries.Page over = queries.search(query("DELIVERED", "over-limit", 0), true);

        assertThat(over.total()).isEqualTo(AuditQueries.COUNT_LIMIT + 1);
        assertThat(over.totalExact()).isTrue();
        assertThat(queries.search(query(null, null, 0), true).total()).isEqualTo(2L * AuditQueries.COUNT_LIMIT + 4);
    }

    @Test
    void pagesBeyondTheCountedLimitStillReadTheirEvents() {
        int lastPage = AuditQueries.COUNT_LIMIT / 50; // events 10,001 to 10,050 of the newest first
        AuditQueries.Page page = queries.search(query("DELIVERED", "over-limit", lastPage));

        assertThat(page.events()).hasSize(1).extracting(AuditEvent::seq)
                .containsExactly((long) AuditQueries.COUNT_LIMIT + 1);
        assertThat(page.totalExact()).isFalse();
    }

    private static void add(PreparedStatement insert, long seq, String action, String subscription)
            throws SQLException {
        insert.setLong(1, seq);
        insert.setTimestamp(2, Timestamp.from(AT.plusMillis(seq)));
        insert.setString(3, action);
        insert.setString(4, subscription);
        insert.setString(5, HASH);
        insert.setString(6, HASH);
        insert.addBatch();
    }

    private static AuditQueries.Query query(String action, String subscription, int page) {
        return new AuditQueries.Query(null, null, null, null, action, subscription, null, page, 50);
    }
}
