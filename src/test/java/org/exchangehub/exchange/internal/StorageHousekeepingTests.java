package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

import org.exchangehub.H2Files;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * An H2 file database that commits each change at once ({@code WRITE_DELAY 0}, as the hub runs it) leaves most of
 * its chunks mostly dead: pages of rows nobody touches again keep old chunks alive. Housekeeping rewrites them, but
 * not while the database is busy writing.
 */
class StorageHousekeepingTests {

    @TempDir
    Path dir;

    JdbcDataSource dataSource;
    DurableCommits durable;
    StorageHousekeeping housekeeping;

    @BeforeEach
    void fragmentedDatabase() throws SQLException {
        dataSource = H2Files.database(dir);
        durable = new DurableCommits(dataSource);
        housekeeping = new StorageHousekeeping(dataSource, durable,
                new StorageProperties(Duration.ofSeconds(2), DataSize.ofMegabytes(2)));
        Random random = new Random(7);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // H2 rewrites only chunks older than its retention time (45 s; the hub keeps the default): shortened here
            statement.execute("SET RETENTION_TIME 300");
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY, hot INT, payload VARCHAR(300))");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, 0, ?)")) {
                for (int id = 0; id < 30_000; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, Long.toString(random.nextLong(), 36).repeat(20));
                    insert.executeUpdate();
                    if (id % 100 == 99) {
                        connection.commit();
                    }
                }
            }
            // small commits touching rows all over the table: each rewrites a few pages and leaves old chunks sparse
            try (PreparedStatement update = connection.prepareStatement("UPDATE t SET hot = hot + 1 WHERE id = ?")) {
                for (int i = 0; i < 3_000; i++) {
                    update.setInt(1, random.nextInt(30_000));
                    update.executeUpdate();
                    connection.commit();
                }
            }
        }
    }

    /** Past the retention time of the chunks written so far. */
    private static void chunksAge() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void close() throws SQLException {
        durable.close();
    }

    @Test
    void theFileDatabasesPageCacheIsSetToTheConfiguredSize() throws SQLException {
        assertThat(housekeeping.cacheKilobytes()).as("H2's page cache, KB (its own default: 16 MB)").isEqualTo(2048);
    }

    @Test
    void aPageCacheUnderOneMegabyteIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new StorageProperties(Duration.ofSeconds(2), DataSize.ofKilobytes(512)))
                .hasMessageContaining("hub.storage.h2-cache");
    }

    @Test
    void sparseChunksAreRewrittenUntilTheTargetAndNoRowChanges() throws SQLException {
        int before = housekeeping.chunksFillRate();
        String content = content();
        assertThat(before).as("chunks live before housekeeping").isLessThan(StorageHousekeeping.TARGET_FILL_RATE);
        chunksAge();

        for (int run = 0; run < 20 && housekeeping.chunksFillRate() < StorageHousekeeping.TARGET_FILL_RATE; run++) {
            housekeeping.compact();
            chunksAge();
        }

        assertThat(housekeeping.chunksFillRate()).as("chunks live after housekeeping (were %d %%)", before)
                .isGreaterThanOrEqualTo(StorageHousekeeping.TARGET_FILL_RATE);
        assertThat(content()).isEqualTo(content);
    }

    @Test
    void aCompactDatabaseIsLeftAlone() throws SQLException {
        chunksAge();
        for (int run = 0; run < 20 && housekeeping.chunksFillRate() < StorageHousekeeping.TARGET_FILL_RATE; run++) {
            housekeeping.compact();
            chunksAge();
        }
        long writes = fileWrites();

        housekeeping.compact();

        assertThat(fileWrites()).isEqualTo(writes);
    }

    @Test
    void whileTheDatabaseWritesHeavilyItWaits() throws SQLException {
        chunksAge();
        assertThat(setting("info.FILE_WRITE_BYTES")).as("written since the housekeeping started")
                .isGreaterThan(StorageHousekeeping.BUSY_BYTES);
        long writes = fileWrites();

        housekeeping.compact();

        assertThat(fileWrites()).isEqualTo(writes);
        assertThat(housekeeping.chunksFillRate()).isLessThan(StorageHousekeeping.TARGET_FILL_RATE);
    }

    private String content() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(hot), SUM(LENGTH(payload)),"
                        + " BIT_XOR_AGG(ORA_HASH(payload)) FROM t")) {
            rows.next();
            return rows.getLong(1) + "/" + rows.getLong(2) + "/" + rows.getLong(3) + "/" + rows.getString(4);
        }
    }

    private long fileWrites() throws SQLException {
        return setting("info.FILE_WRITE");
    }

    private long setting(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return Long.parseLong(rows.getString(1));
            }
        }
    }
}
