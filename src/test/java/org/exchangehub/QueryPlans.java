package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database's plan of a query: whether it reads an index in the order asked for, and how many index entries it
 * scans. H2 reads an index in order only when the ORDER BY lists the index's columns from the first, equality-bound
 * ones included; otherwise a query for "the next 500 rows" reads every row after them and sorts them each time.
 */
public final class QueryPlans {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    private QueryPlans() {
    }

    /**
     * Fails unless the query is answered from an index in order, without sorting. On PostgreSQL, whose planner may
     * prefer a sequential scan of a near-empty test table, scans other than by index are switched off for the question.
     */
    public static void assertReadInIndexOrder(DataSource dataSource, String sql, Object... params) {
        boolean h2 = isH2(dataSource);
        List<String> settings = h2 ? List.of()
                : List.of("SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off");
        String plan = plan(dataSource, settings, "EXPLAIN " + sql, params);
        if (h2) {
            assertThat(plan).as(sql).contains("/* index sorted */");
        } else {
            assertThat(plan).as(sql).contains("Index").doesNotContain("Sort");
        }
    }

    /** Index entries the query scans, from H2's {@code EXPLAIN ANALYZE}: every table read has its own count. */
    public static long scannedEntries(DataSource dataSource, String sql, Object... params) {
        String plan = plan(dataSource, List.of(), "EXPLAIN ANALYZE " + sql, params);
        Matcher count = SCAN_COUNT.matcher(plan);
        long scanned = 0;
        boolean found = false;
        while (count.find()) {
            scanned += Long.parseLong(count.group(1));
            found = true;
        }
        assertThat(found).as("a scan count in %s", plan).isTrue();
        return scanned;
    }

    /** The plan's lines, asked in one transaction after the settings ({@code SET LOCAL …}) that hold for it. */
    private static String plan(DataSource dataSource, List<String> settings, String explain, Object... params) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(status -> {
            settings.forEach(setting -> jdbc.sql(setting).update());
            return String.join("\n", jdbc.sql(explain).params(params).query(String.class).list());
        });
    }

    private static boolean isH2(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
