package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.exchangehub.H2Files;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal as an ordered log, on the hub's own migrations: records take their positions when their transaction
 * commits, in commit order, so a reader that follows the log by position never passes a record that a transaction
 * still open could add behind it.
 */
class JournalLogTests {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    JdbcDataSource dataSource;
    JournalStore journal;
    TransactionTemplate transactions;
    JdbcClient jdbc;

    @BeforeEach
    void freshJournal() throws SQLException {
        dataSource = H2Files.migrate(H2Files.inMemory("log"), "latest");
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        journal = new JournalStore(jdbc, new JdbcTemplate(dataSource), new TokenIndex(dataSource, jdbc),
                new DurableCommits(dataSource));
    }

    @Test
    void aSlowTransactionTakesItsPositionsWhenItCommitsAfterThoseThatCommittedWhileItWasOpen() throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        Future<?> slowCommit = slow.submit(() -> transactions.executeWithoutResult(status -> {
            append("slow-1", "k-slow");
            appended.countDown();
            await(release);
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();

        transactions.executeWithoutResult(status -> {
            append("fast-1", "k-1");
            append("fast-2", "k-2");
        });
        List<String> seenWhileOpen = readAfter(0);
        release.countDown();
        slowCommit.get(10, TimeUnit.SECONDS);
        slow.shutdown();

        assertThat(seenWhileOpen).containsExactly("1 fast-1", "2 fast-2");
        assertThat(readAfter(2)).as("the slow record lies after the reader's cursor, not behind it")
                .containsExactly("3 slow-1");
        assertThat(head()).isEqualTo(3);
    }

    @Test
    void aReaderFollowingTheLogWhileManyTransactionsInterleaveSeesEveryRecordOnceInPositionOrder() throws Exception {
        int writers = 6;
        int transactionsEach = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        Future<?> reader = pool.submit(() -> {
            long cursor = 0;
            boolean last = false;
            while (!last) {
                last = !writing.get();
                for (String row : readAfter(cursor)) {
                    long position = Long.parseLong(row.substring(0, row.indexOf(' ')));
                    assertThat(position).as("positions are read without a gap").isEqualTo(cursor + 1);
                    cursor = position;
                    read.add(row.substring(row.indexOf(' ') + 1));
                }
            }
        });
        List<Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            writes.add(pool.submit(() -> {
                for (int t = 0; t < transactionsEach; t++) {
                    int transaction = t;
                    transactions.executeWithoutResult(status -> {
                        int records = 1 + ThreadLocalRandom.current().nextInt(3);
                        for (int r = 0; r < records; r++) {
                            append("w" + writer + "-t" + transaction + "-r" + r, "k-" + writer + "-" + transaction + "-" + r);
                        }
                        // some transactions stay open a while after journaling, as a slow push does
                        sleep(ThreadLocalRandom.current().nextInt(4));
                    });
                }
            }));
        }
        for (Future<?> write : writes) {
            write.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        List<String> journaled = jdbc.sql("SELECT record_id FROM exchange_record ORDER BY log_position")
                .query(String.class).list();
        assertThat(read).containsExactlyElementsOf(journaled).doesNotHaveDuplicates();
        assertThat(head()).isEqualTo(journaled.size());
    }

    @Test
    void aRolledBackTransactionTakesNoPositionAndLeavesNothing() {
        transactions.executeWithoutResult(status -> {
            append("gone", "k-gone");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> append("kept", "k-kept"));

        assertThat(readAfter(0)).containsExactly("1 kept");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_blind_index").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTransactionSeesItsOwnUncommittedVersionsAndWritesNothingBeforeItCommits() {
        transactions.executeWithoutResult(status -> {
            for (int record = 1; record <= 3; record++) {
                append("r" + record, "key-" + record);
            }
            assertThat(journal.latest("police", "person", "key-2")).get()
                    .extracting(JournalStore.VersionRef::recordId).isEqualTo("r2");
            assertThat(journal.versions("police", "person", "key-3", "hash-r3").sameContent()).isPresent();
            assertThat(journal.versions("police", "person", "key-3", "hash-r2").sameContent()).isEmpty();
            assertThat(journal.versions("police", "person", "key-3", "hash-r2").latest()).get()
                    .extracting(JournalStore.VersionRef::recordId).isEqualTo("r3");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_record").query(Long.class).single())
                    .as("nothing is written before the commit").isZero();
        });

        assertThat(readAfter(0)).containsExactly("1 r1", "2 r2", "3 r3");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_outbox").query(Long.class).single())
                .as("no per-delivery rows: subscriptions read the log").isZero();
    }

    @Test
    void twoTransactionsJournalingTheSameContentUnderOneKeyLeaveOneVersionAndTheLoserFindsItOnItsRetry()
            throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        Future<?> loser = slow.submit(() -> transactions.executeWithoutResult(status -> {
            assertThat(journal.versions("police", "person", "k-same", "hash-same").latest()).isEmpty();
            appendVersion("loser", "k-same", 1, "hash-same");
            appended.countDown();
            await(release);
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        transactions.executeWithoutResult(status -> appendVersion("winner", "k-same", 1, "hash-same"));
        release.countDown();

        assertThatThrownBy(() -> loser.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
        slow.shutdown();
        JournalStore.KeyVersions retried = transactions.execute(status ->
                journal.versions("police", "person", "k-same", "hash-same"));
        assertThat(retried.sameContent()).get().extracting(JournalStore.VersionRef::recordId).isEqualTo("winner");
        assertThat(readAfter(0)).containsExactly("1 winner");
        assertThat(journal.versions("police", "person", "k-same", "hash-other").latest()).get()
                .as("other content under the key would follow version 1").extracting(JournalStore.VersionRef::version)
                .isEqualTo(1);
    }

    @Test
    void recordsAreJournaledOnlyInATransaction() {
        assertThatThrownBy(() -> append("loose", "k")).isInstanceOf(IllegalStateException.class);
    }

    private void append(String recordId, String sourceKey) {
        journal.append(new JournalStore.StoredRecord(recordId, "person", "person-value", 1, "police", sourceKey, 1,
                new byte[] { 0 }), "hash-" + recordId, null, NOW, NOW, Map.of("idNumber", "bi1.t" + IDS.incrementAndGet()));
    }

    private void appendVersion(String recordId, String sourceKey, int version, String contentHash) {
        journal.append(new JournalStore.StoredRecord(recordId, "person", "person-value", 1, "police", sourceKey,
                version, new byte[] { 0 }), contentHash, null, NOW, NOW, Map.of());
    }

    private List<String> readAfter(long cursor) {
        return jdbc.sql("SELECT log_position, record_id FROM exchange_record WHERE log_position > ?"
                + " ORDER BY log_position").param(cursor).query((rs, n) -> rs.getLong(1) + " " + rs.getString(2)).list();
    }

    private long head() {
        return jdbc.sql("SELECT position FROM exchange_log_head").query(Long.class).single();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
