package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, {@code exchange_blind_index} loses its index on {@code token}: a token's place in it is random, so nearly
 * every record journaled cost a page of it rewritten at commit. The hub holds the tokens in memory there instead,
 * read from the journal at start ({@code org.exchangehub.exchange.internal.TokenIndex}). On PostgreSQL the index
 * stays.
 * <p>
 * A Java migration because what it does depends on the database.
 */
public class V27__blind_index_tokens_in_memory_on_h2 extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        if ("H2".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("DROP INDEX ix_exchange_blind_index_token");
            }
        }
    }
}
