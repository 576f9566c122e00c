package org.exchangehub.exchange.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the journal and the cursors: work handed in by concurrent callers — push requests, adapter
 * records, the care watch, delivery batches being marked — runs on one committer thread in one transaction per group, and each caller returns only once that
 * transaction has committed (on H2 with {@code WRITE_DELAY 0}, once it is in the file: {@link DurableCommits}).
 * While a group commits, the next one gathers what arrives, up to {@code hub.journal.group-records} records; a
 * commit, with its chunk write and the log head's lock ({@link LogAppend}), is then paid once per group instead of
 * once per request.
 *
 * <p>The callers do the expensive part first — validation, encryption, encoding — and hand in only the database
 * work. When that work fails for one caller (a concurrent duplicate, a broken record) the group's transaction rolls
 * back and each caller's work runs again in a transaction of its own, so one caller's failure is its own.
 *
 * <p>Delivery markings are handed in <em>ahead</em> ({@link #handAhead}): they commit in a group of their own
 * before the ingest work already waiting, so that a burst of pushes — each group of them a commit of tens of
 * milliseconds — holds every subscriber's next marking only for the commit under way, not for the pushes queued
 * behind it too (end-to-end benchmark: a marking waited 52–74 ms per batch during a burst, 34–43 ms ahead).
 * A group of them never follows another while ingest work waits: then the ingest work commits next, with the
 * markings at the front joining it, so that many subscribers catching up cannot keep pushes waiting.
 *
 * <p>Work handed in while the caller is already in a transaction joins that transaction instead (its records take
 * their log positions when it commits); before the committer starts and after it stops, work runs on the caller's
 * thread in a transaction of its own.
 */
@Component
public class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Unit<T>(int records, boolean ahead, Supplier<T> work, CompletableFuture<T> done) {
    }

    private final TransactionTemplate transactions;
    private final JournalProperties properties;
    private final DistributionSummary sizes;
    private final Timer waits;
    /** Work waiting: units handed in ahead at the front, the others in the order they came. */
    private final BlockingDeque<Unit<?>> queue = new LinkedBlockingDeque<>();
    private boolean running;
    private Thread committer;
    /** When the committer last began a group's transaction ({@link System#nanoTime()}; committer thread only). */
    private long lastStart = System.nanoTime() - Duration.ofDays(1).toNanos();
    /** Whether the last group held work handed in ahead only (committer thread only). */
    private boolean lastAheadOnly;

    GroupCommit(TransactionTemplate transactions, JournalProperties properties, MeterRegistry meters) {
        this.transactions = transactions;
        this.properties = properties;
        this.sizes = DistributionSummary.builder("hub.journal.commits").baseUnit("callers")
                .description("group commits, each sized by the callers whose work it carried").register(meters);
        this.waits = Timer.builder("hub.journal.commit.wait").publishPercentiles(0.5, 0.99)
                .description("how long a caller waited for its work to be committed: the spacing, the commit before"
                        + " it, its own")
                .register(meters);
    }

    /**
     * Runs {@code work} in a transaction shared with other callers' work and returns its result once the
     * transaction has committed.
     *
     * @param records how many records the work journals, for the group's bound
     */
    public <T> T run(int records, Supplier<T> work) {
        return run(new Unit<>(Math.max(records, 1), false, work, new CompletableFuture<>()));
    }

    /**
     * Hands in small work <em>ahead</em> of the ingest work waiting — a delivery batch being marked — to commit
     * with other such work only; the caller goes on while it commits and learns the outcome from the future (completed
     * exceptionally when the work failed; {@link #join}). Work one caller hands in this way commits in the order
     * handed in only when the caller waits for each before handing in the next.
     */
    public <T> CompletableFuture<T> handAhead(Supplier<T> work) {
        Unit<T> unit = new Unit<>(1, true, work, new CompletableFuture<>());
        try {
            if (enqueue(unit)) {
                long handedIn = System.nanoTime();
                unit.done().whenComplete((result, failure) -> waits.record(System.nanoTime() - handedIn,
                        TimeUnit.NANOSECONDS));
            }
        } catch (RuntimeException | Error failed) {
            unit.done().completeExceptionally(failed);
        }
        return unit.done();
    }

    private <T> T run(Unit<T> unit) {
        if (!enqueue(unit)) {
            return unit.done().join();
        }
        long handedIn = System.nanoTime();
        try {
            return join(unit.done());
        } finally {
            waits.record(System.nanoTime() - handedIn, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Queues a unit for the committer; false when it ran at once on the caller's thread instead (inside the
     * caller's transaction, or in one of its own while the committer is not running), its future completed.
     */
    private <T> boolean enqueue(Unit<T> unit) {
        Supplier<T> work = unit.work();
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            unit.done().complete(work.get());
            return false;
        }
        synchronized (this) {
            if (!running || Thread.currentThread() == committer) {
                unit.done().complete(transactions.execute(status -> work.get()));
                return false;
            }
            if (unit.ahead()) {
                queue.addFirst(unit);
            } else {
                queue.addLast(unit);
            }
            return true;
        }
    }

    /** The result of work handed in, once committed; the work's own exception when it failed. */
    static <T> T join(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void work() {
        while (true) {
            Unit<?> first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                synchronized (this) {
                    if (!running && queue.isEmpty()) {
                        return;
                    }
                }
                continue;
            }
            // ahead of ingest, but never twice in a row while ingest waits: markings arriving all the time (many
            // subscribers catching up) would otherwise keep pushes waiting until every backlog is drained
            boolean aheadOnly = first.ahead() && !(lastAheadOnly && queue.peekLast() != null
                    && !queue.peekLast().ahead());
            List<Unit<?>> group = gather(first, aheadOnly);
            lastAheadOnly = aheadOnly;
            lastStart = System.nanoTime();
            sizes.record(group.size());
            commit(group);
        }
    }

    /**
     * The group that commits next: {@code first} and what arrives until the linger after it and the spacing after the
     * previous commit's start have both passed, or the group is full. An {@code aheadOnly} group holds only work
     * handed in ahead: what is at the front when the wait is over (ingest work is at the back, ahead work at the front:
     * the last unit is ingest work if any is waiting).
     */
    private List<Unit<?>> gather(Unit<?> first, boolean aheadOnly) {
        List<Unit<?>> group = new ArrayList<>();
        group.add(first);
        int records = first.records();
        long now = System.nanoTime();
        long waitUntil = Math.max(now + properties.groupLinger().toNanos(),
                lastStart + properties.groupSpacing().toNanos());
        if (aheadOnly) {
            for (long left = waitUntil - now; left > 0; left = waitUntil - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            // only the committer takes from the queue: a unit seen ahead at the front is still there
            while (records < properties.groupRecords() && queue.peekFirst() != null && queue.peekFirst().ahead()) {
                Unit<?> next = queue.pollFirst();
                group.add(next);
                records += next.records();
            }
            return group;
        }
        while (records < properties.groupRecords()) {
            Unit<?> next = queue.poll();
            if (next == null && waitUntil - now > 0) {
                long left = waitUntil - System.nanoTime();
                try {
                    next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                } catch (InterruptedException e) {
                    next = null;
                }
            }
            if (next == null) {
                break;
            }
            group.add(next);
            records += next.records();
        }
        return group;
    }

    private void commit(List<Unit<?>> group) {
        if (group.size() > 1) {
            List<Object> results = new ArrayList<>(group.size());
            try {
                transactions.executeWithoutResult(status -> group.forEach(unit -> results.add(unit.work().get())));
            } catch (RuntimeException | Error failed) {
                log.debug("A group of {} commits failed; each runs alone", group.size(), failed);
                group.forEach(GroupCommit.this::alone);
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                complete(group.get(i), results.get(i));
            }
        } else {
            alone(group.get(0));
        }
    }

    private <T> void alone(Unit<T> unit) {
        try {
            unit.done().complete(transactions.execute(status -> unit.work().get()));
        } catch (RuntimeException | Error failed) {
            unit.done().completeExceptionally(failed);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> unit, Object result) {
        unit.done().complete((T) result);
    }

    @Override
    public synchronized void start() {
        if (!running) {
            running = true;
            committer = new Thread(this::work, "journal-commit");
            committer.setDaemon(true);
            committer.start();
        }
    }

    @Override
    public void stop() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = committer;
        }
        if (stopping != null) {
            try {
                stopping.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Starts before and stops after everything that journals records (adapters, the web server, the care watch). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
