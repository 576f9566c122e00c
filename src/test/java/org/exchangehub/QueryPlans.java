package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database's plan of a query: whether it reads an index in the order asked for, or reads the whole range and sorts
 * it. H2 reads an index in order only when the ORDER BY lists the index's columns from the first, equality-bound ones
 * included; otherwise a query for "the next 500 rows" reads every row after them and sorts them each time.
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /**
     * Fails unless the query is answered from an index in order, without sorting. On PostgreSQL, whose planner may
     * prefer a sequential scan of a near-empty test table, scans other than by index are switched off for the question.
     */
    public static void assertReadInIndexOrder(DataSource dataSource, String sql, Object... params) {
        boolean postgresql = isPostgresql(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String plan = transaction.execute(status -> {
            if (postgresql) {
                jdbc.sql("SET LOCAL enable_seqscan = off").update();
                jdbc.sql("SET LOCAL enable_bitmapscan = off").update();
            }
            List<String> lines = jdbc.sql("EXPLAIN " + sql).params(params).query(String.class).list();
            return String.join("\n", lines);
        });
        if (postgresql) {
            assertThat(plan).as(sql).contains("Index").doesNotContain("Sort");
        } else {
            assertThat(plan).as(sql).contains("/* index sorted */");
        }
    }

    private static boolean isPostgresql(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
