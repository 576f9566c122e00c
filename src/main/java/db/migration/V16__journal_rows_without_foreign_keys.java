package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the foreign keys from {@code exchange_outbox.record_id} and {@code exchange_blind_index.record_id} to
 * {@code exchange_record}. H2 keeps an index of its own on the referencing columns of each (to check deletes of the
 * referenced row), and no query reads those indexes: the outbox's took 6 % of the bytes the benchmark wrote, an
 * entry per delivery owed. What the keys guarded holds by construction: a record's blind indexes and outbox
 * rows are written in the transaction that inserts the record ({@code Journal}), and no code path deletes or re-keys
 * a record.
 * <p>
 * A Java migration because the keys were declared without names: H2 and PostgreSQL named them differently, so they
 * are looked up in {@code information_schema}, which both have.
 */
public class V16__journal_rows_without_foreign_keys extends BaseJavaMigration {

    private static final String FOREIGN_KEYS = """
            SELECT table_name, constraint_name FROM information_schema.table_constraints
            WHERE constraint_type = 'FOREIGN KEY' AND table_schema = CURRENT_SCHEMA
            AND UPPER(table_name) IN ('EXCHANGE_OUTBOX', 'EXCHANGE_BLIND_INDEX')""";

    @Override
    public void migrate(Context context) throws Exception {
        List<String> drops = new ArrayList<>();
        try (PreparedStatement select = context.getConnection().prepareStatement(FOREIGN_KEYS);
                ResultSet keys = select.executeQuery()) {
            while (keys.next()) {
                drops.add("ALTER TABLE " + keys.getString(1) + " DROP CONSTRAINT \"" + keys.getString(2) + "\"");
            }
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String drop : drops) {
                statement.execute(drop);
            }
        }
    }
}
