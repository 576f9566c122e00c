package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.exchangehub.H2Files;
import org.exchangehub.HeldH2Store;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 makes a committed transaction visible to other sessions before it has written it to its file (it commits in
 * memory, then queues behind whichever chunk write holds the store lock). Whatever another session reads and sends
 * out in that window is gone if the process dies then — with the committer never having answered. The file a
 * killed process leaves behind is what is on disk at that moment, so the tests copy the database file while the
 * window is open and open the copy.
 */
class DurableCommitsTests {

    @TempDir
    Path dir;

    JdbcDataSource dataSource;
    DurableCommits commits;

    @BeforeEach
    void database() throws SQLException {
        dataSource = H2Files.database(dir);
        commits = new DurableCommits(dataSource);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accepted (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        commits.close();
    }

    @Test
    void aCommitIsVisibleToOtherSessionsBeforeItIsInTheFile() throws Exception {
        try (HeldH2Store held = HeldH2Store.hold(dataSource)) {
            CompletableFuture<Void> commit = CompletableFuture.runAsync(this::insertOne);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(dataSource.getConnection()) == 1);

            assertThat(commit).as("the committer still waits for the file").isNotDone();
            assertThat(countInCopyOfTheFile()).as("what a kill now would leave").isZero();
        }
    }

    @Test
    void awaitOnDiskReturnsOnlyWhenWhatOthersCanSeeIsInTheFile() throws Exception {
        CompletableFuture<Void> commit;
        CompletableFuture<Void> barrier;
        try (HeldH2Store held = HeldH2Store.hold(dataSource)) {
            commit = CompletableFuture.runAsync(this::insertOne);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(dataSource.getConnection()) == 1);
            barrier = CompletableFuture.runAsync(commits::awaitOnDisk);
            Thread.sleep(300);
            assertThat(barrier).as("held back while the committed row is only in memory").isNotDone();
        }
        barrier.get(10, TimeUnit.SECONDS);
        assertThat(countInCopyOfTheFile()).isEqualTo(1);
        commit.get(10, TimeUnit.SECONDS);
    }

    @Test
    void logPositionsWrittenByACommitThatReturnedNeedNoCheckpointLaterOnesWaitForTheFile() throws Exception {
        insertOne();
        commits.logCommitted(40); // a commit that wrote positions up to 40 returned: they are in the file
        CompletableFuture<Void> beyond;
        try (HeldH2Store held = HeldH2Store.hold(dataSource)) {
            CompletableFuture.runAsync(() -> commits.awaitOnDisk(40)).get(10, TimeUnit.SECONDS);
            beyond = CompletableFuture.runAsync(() -> commits.awaitOnDisk(41));
            Thread.sleep(300);
            assertThat(beyond).as("a position no returned commit wrote waits for a checkpoint").isNotDone();
        }
        beyond.get(10, TimeUnit.SECONDS);
        try (HeldH2Store held = HeldH2Store.hold(dataSource)) {
            CompletableFuture.runAsync(() -> commits.awaitOnDisk(41)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDatabaseStaysOpenSoThatItKeepsWritingEachCommitAtOnce() throws Exception {
        // every connection of the test has been closed; had H2 closed the database with them, it would reopen with
        // the URL's default delay of 500 ms and a commit would return before it is in the file
        try (HeldH2Store held = HeldH2Store.hold(dataSource)) {
            CompletableFuture<Void> commit = CompletableFuture.runAsync(this::insertOne);
            Thread.sleep(300);
            assertThat(commit).isNotDone();
        }
    }

    @Test
    void awaitOnDiskIsANoOpForAnInMemoryDatabase() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:durable-commits;DB_CLOSE_DELAY=-1");
        try (DurableCommits inMemory = new DurableCommits(memory)) {
            assertThat(inMemory.onDisk()).isFalse();
            assertThat(commits.onDisk()).isTrue();
            inMemory.awaitOnDisk();
        }
    }

    private void insertOne() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO accepted VALUES (1)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long countInCopyOfTheFile() throws Exception {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("db/hub.mv.db"), copy.resolve("hub.mv.db"));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("hub"), "hub", "")) {
            return count(connection);
        } finally {
            Files.delete(copy.resolve("hub.mv.db"));
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM accepted")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
