package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.exchangehub.H2Files;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit on the hub's own migrations: concurrent callers' work shares transactions, each caller returns once its
 * work has committed, and one caller's failure rolls back only its own work.
 */
class GroupCommitTests {

    private static final Object MARK = new Object();

    JdbcDataSource dataSource;
    JdbcClient jdbc;
    GroupCommit groups;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Set<Object> transactionsSeen = ConcurrentHashMap.newKeySet();
    final List<String> order = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        dataSource = H2Files.migrate(H2Files.inMemory("group"), "latest");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE t (name VARCHAR(20) PRIMARY KEY)").update();
        groups = groups(Duration.ofMillis(200), Duration.ZERO);
    }

    private GroupCommit groups(Duration linger, Duration spacing) {
        GroupCommit started = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new JournalProperties(5000, linger, spacing), meters);
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        groups.stop();
    }

    @Test
    void concurrentCallersShareTransactionsAndEachReturnsAfterItsOwnCommit() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<Future<Long>> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "r" + i;
            seen.add(callers.submit(() -> {
                groups.run(1, () -> insert(name));
                // committed: another connection sees it
                return jdbc.sql("SELECT COUNT(*) FROM t WHERE name = ?").param(name).query(Long.class).single();
            }));
        }
        for (Future<Long> visible : seen) {
            assertThat(visible.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        callers.shutdown();

        assertThat(transactionsSeen).as("20 callers in a few transactions").hasSizeLessThan(20);
    }

    @Test
    void workArrivingSoonAfterACommitWaitsForTheSpacingAndCommitsTogether() throws Exception {
        groups.stop();
        groups = groups(Duration.ZERO, Duration.ofSeconds(1));
        long quiet = System.nanoTime();
        groups.run(1, () -> insert("after a quiet spell"));
        assertThat(Duration.ofNanos(System.nanoTime() - quiet)).as("committed at once, not after the spacing")
                .isLessThan(Duration.ofMillis(900));

        ExecutorService callers = Executors.newFixedThreadPool(5);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "soon" + i;
            sent.add(callers.submit(() -> groups.run(1, () -> insert(name))));
            Thread.sleep(20);
        }
        for (Future<?> done : sent) {
            done.get(10, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(transactionsSeen).as("the first alone, the five arriving 20 ms apart within the spacing together")
                .hasSize(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM t").query(Long.class).single()).isEqualTo(6);
        assertThat(meters.summary("hub.journal.commits").count()).as("commits counted").isEqualTo(2);
        assertThat(meters.summary("hub.journal.commits").max()).as("callers in the larger").isEqualTo(5);
    }

    @Test
    void workHandedInAheadCommitsBeforeTheIngestWorkWaitingAndWithoutIt() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> committing = committerBusy(callers, release);
        Future<?> push = handIn(callers, false, "push", null);
        Future<?> marking = handIn(callers, true, "marking", null);
        release.countDown();
        for (Future<?> done : List.of(committing, push, marking)) {
            done.get(10, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(order).as("the marking handed in after the push commits before it").containsExactly("marking",
                "push");
        assertThat(transactionsSeen).as("each in a transaction of its own").hasSize(3);
    }

    @Test
    void workHandedInAheadAllTheTimeDoesNotKeepIngestWorkWaitingBeyondOneGroupOfIt() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch releaseMarking = new CountDownLatch(1);
        Future<?> committing = committerBusy(callers, release);
        Future<?> push = handIn(callers, false, "push", null);
        Future<?> marking1 = handIn(callers, true, "marking-1", releaseMarking);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> order.contains("marking-1")); // holding the committer
        Future<?> marking2 = handIn(callers, true, "marking-2", null);
        releaseMarking.countDown();
        for (Future<?> done : List.of(committing, push, marking1, marking2)) {
            done.get(10, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(order).as("the second marking, ahead again, takes the waiting push with it")
                .containsExactly("marking-1", "marking-2", "push");
        assertThat(transactionsSeen).as("the busy one; marking-1; marking-2 with the push").hasSize(3);
    }

    /** Work that holds the committer until {@code release}; returns once the committer is in it. */
    private Future<?> committerBusy(ExecutorService callers, CountDownLatch release) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        Future<?> committing = callers.submit(() -> groups.run(1, () -> {
            busy.countDown();
            waitFor(release);
            return insert("committing");
        }));
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        return committing;
    }

    /**
     * Hands in work noting {@code name} in {@link #order} — ahead, or as a push of 500 records — and gives it 100 ms
     * to reach the queue; with {@code hold}, the work waits for it once it runs.
     */
    private Future<?> handIn(ExecutorService callers, boolean ahead, String name, CountDownLatch hold)
            throws InterruptedException {
        Supplier<Object> work = () -> {
            order.add(name);
            if (hold != null) {
                waitFor(hold);
            }
            return insert(name);
        };
        Future<?> handedIn = callers.submit(() -> ahead ? GroupCommit.join(groups.handAhead(work)) : groups.run(500, work));
        Thread.sleep(100);
        return handedIn;
    }

    @Test
    void aFailingCallerRollsBackOnlyItsOwnWork() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        Future<?> first = callers.submit(() -> groups.run(1, () -> insert("a")));
        Future<?> failing = callers.submit(() -> groups.run(1, () -> {
            insert("b");
            throw new IllegalArgumentException("broken record");
        }));
        Future<?> third = callers.submit(() -> groups.run(1, () -> insert("c")));
        first.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        callers.shutdown();

        assertThat(jdbc.sql("SELECT name FROM t ORDER BY name").query(String.class).list()).containsExactly("a", "c");
    }

    @Test
    void workOfACallerInATransactionJoinsIt() {
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            groups.run(1, () -> insert("inside"));
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM t").query(Long.class).single()).as("rolled back with it").isZero();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object insert(String name) {
        Object transaction = TransactionSynchronizationManager.getResource(MARK);
        if (transaction == null) {
            transaction = new Object();
            TransactionSynchronizationManager.bindResource(MARK, transaction);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(MARK);
                }
            });
        }
        transactionsSeen.add(transaction);
        jdbc.sql("INSERT INTO t (name) VALUES (?)").param(name).update();
        return null;
    }
}
