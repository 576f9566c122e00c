package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The journal becomes an ordered log: every record version gets {@code log_position}, increasing in commit order,
 * and {@code exchange_log_head} holds the last position given out. A transaction that journals records locks the
 * head row just before it commits, takes the next positions, writes its records and moves the head; the lock is
 * released by its commit, so positions become visible in order and a reader of the log never passes a position
 * that a transaction still open could fill later (see {@code LogAppend}).
 * <p>
 * Records journaled before this migration get positions in the order they were ingested ({@code ingested_at},
 * then id), so that the log holds every record. Positions start above the highest outbox row id: a feed reader's
 * cursor was such an id before, and every position is after it, so an old cursor reads on from where it was. A Java migration so that the numbering is the same on H2 and
 * PostgreSQL without vendor-specific {@code UPDATE … FROM} syntax.
 */
public class V18__journal_as_ordered_log extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE exchange_log_head (id INTEGER NOT NULL PRIMARY KEY,"
                    + " position BIGINT NOT NULL)");
            statement.execute("ALTER TABLE exchange_record ADD COLUMN log_position BIGINT");
        }
        long position;
        try (Statement statement = connection.createStatement();
                ResultSet outbox = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM exchange_outbox")) {
            outbox.next();
            position = outbox.getLong(1);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT record_id FROM exchange_record ORDER BY ingested_at, record_id");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE exchange_record SET log_position = ? WHERE record_id = ?");
                ResultSet records = select.executeQuery()) {
            while (records.next()) {
                update.setLong(1, ++position);
                update.setString(2, records.getString(1));
                update.addBatch();
                if (position % BATCH == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO exchange_log_head (id, position) VALUES (1, " + position + ")");
            statement.execute("ALTER TABLE exchange_record ALTER COLUMN log_position SET NOT NULL");
            statement.execute("CREATE UNIQUE INDEX ux_exchange_record_position ON exchange_record (log_position)");
        }
    }
}
