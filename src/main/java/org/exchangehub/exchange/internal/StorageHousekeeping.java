package org.exchangehub.exchange.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps an H2 file database compact while the hub runs. H2 writes every commit as a new chunk of the pages it
 * changed; a chunk's space is reused only once none of its pages is live, and pages of cold rows stay live in
 * otherwise dead chunks. Its background writer used to rewrite such pages; with {@link DurableCommits} there is no
 * background writer ({@code WRITE_DELAY 0}), so without this the file grew to about 5 times its live data (the
 * benchmark's database: 3.2 GB for 140,000 records, chunks 22 % live). Every {@code hub.storage.compact-every}, when
 * less than {@value #TARGET_FILL_RATE} % of the chunks is live, this rewrites the live pages of the sparsest chunks,
 * at most {@value #WRITE_PER_RUN_MB} MB per run ({@value #IDLE_WRITE_PER_RUN_MB} MB when less than 1 MB was written
 * since the last run), and writes them — in pieces of {@value #PIECE_BYTES} bytes, each its own chunk, so that a
 * commit waits for at most one piece (about a millisecond) — so that the old chunks' space can be reused once
 * H2's retention time (45 s) has passed; it gives up when a commit holds the store for more than 10 ms. Under heavy
 * ingest (more than {@code BUSY_BYTES}, 16 MB, written since the last run) it waits: rewriting cannot keep up with a
 * peak (the benchmark writes ~50 MB/s) and only took CPU from it; the file grows during a peak and is compacted
 * after it. Other databases and in-memory H2 are left alone.
 *
 * <p>At startup it sets H2's page cache to {@code hub.storage.h2-cache} (4 MB; H2's default is 16 MB). Each commit
 * writes its changed pages, whole, through that cache, where they stay until newer ones push them out: with 16 MB they
 * lived long enough to survive a young collection and be copied by it. In the verification benchmark (500 questions a
 * second, each its audit event committed) the young collections' pauses went from 20–50 ms to 10–20 ms with 4 MB,
 * and the questions' 99th percentile from 17–22 ms to 10–13 ms, at no more CPU per question. The price: delivery, when
 * it reads back records it has not yet sent, finds about a tenth fewer of their pages in the cache (end-to-end
 * benchmark; docs/performance.md, 2026-12-07 evening).
 *
 * <p>H2 offers no SQL for compacting, so it calls H2's own store ({@code MVStore.compact}, what its background writer calls)
 * through the session: internals of the H2 version the build pins; an upgrade that moves them fails the build (or
 * {@code StorageHousekeepingTests}).
 */
@Component
class StorageHousekeeping {

    static final int TARGET_FILL_RATE = 60;
    static final int WRITE_PER_RUN_MB = 4;
    static final int IDLE_WRITE_PER_RUN_MB = 32;
    static final long BUSY_BYTES = 16L << 20;
    static final long IDLE_BYTES = 1L << 20;
    static final int PIECE_BYTES = 512 << 10;
    private static final Logger log = LoggerFactory.getLogger(StorageHousekeeping.class);

    private final DataSource dataSource;
    private final boolean applies;
    private long lastWritten;

    StorageHousekeeping(DataSource dataSource, DurableCommits durable, StorageProperties properties) {
        this.dataSource = dataSource;
        this.applies = durable.onDisk();
        if (applies) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SET CACHE_SIZE " + properties.h2Cache().toKilobytes());
            } catch (SQLException e) {
                throw new IllegalStateException("hub.storage.h2-cache: H2 refused the cache size "
                        + properties.h2Cache() + ": " + e.getMessage(), e);
            }
        }
    }

    /** H2's page cache in KB, as H2 reports it (0 when not an H2 file database). */
    long cacheKilobytes() throws SQLException {
        if (!applies) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            return setting(connection, "info.CACHE_MAX_SIZE") << 10; // reported in MB
        }
    }

    @Scheduled(initialDelayString = "${hub.storage.compact-every:2s}", fixedDelayString = "${hub.storage.compact-every:2s}")
    void compact() {
        if (!applies) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            long byOthers = bytesWritten(connection) - lastWritten;
            MVStore store = store(connection);
            if (byOthers <= BUSY_BYTES && !store.isClosed()
                    && store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE) {
                int budget = (byOthers < IDLE_BYTES ? IDLE_WRITE_PER_RUN_MB : WRITE_PER_RUN_MB) << 20;
                // in pieces: H2 rewrites and writes under its store lock, which every commit needs; 32 MB at once
                // held commits up for 60-70 ms (the p99 of verification questions and query calls)
                for (int written = 0; written < budget
                        && store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE; written += PIECE_BYTES) {
                    if (!store.compact(TARGET_FILL_RATE, PIECE_BYTES)) {
                        break;
                    }
                    store.commit(); // the rewritten pages go to the file now, not with the next transaction's commit
                }
            }
            lastWritten = bytesWritten(connection); // its own writes do not make the database look busy
        } catch (SQLException | RuntimeException e) {
            log.warn("Compacting the database file failed; the next run tries again: {}", e.toString());
        }
    }

    private static long bytesWritten(Connection connection) throws SQLException {
        return setting(connection, "info.FILE_WRITE_BYTES");
    }

    /** A numeric setting or figure H2 reports in {@code INFORMATION_SCHEMA.SETTINGS} (0 when it reports none). */
    private static long setting(Connection connection, String name) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? Long.parseLong(rows.getString(1)) : 0;
            }
        }
    }

    /** Percentage of the database file's chunk space that is live (100 when not an H2 file database). */
    int chunksFillRate() throws SQLException {
        if (!applies) {
            return 100;
        }
        try (Connection connection = dataSource.getConnection()) {
            return store(connection).getFileStore().getChunksFillRate();
        }
    }

    private static MVStore store(Connection connection) throws SQLException {
        return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                .getMvStore();
    }
}
