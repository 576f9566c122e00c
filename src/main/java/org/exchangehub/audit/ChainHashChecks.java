package org.exchangehub.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.exchangehub.protect.CryptoSuite;

/**
 * Recomputes events' hashes on a few threads, chunk by chunk, and finds the first event whose stored hash does
 * not match its content. At most a few chunks wait at a time, so memory stays bounded however long the chain.
 */
final class ChainHashChecks implements AutoCloseable {

    private final CryptoSuite suite;
    private final ExecutorService threads;
    private final Deque<Future<Long>> pending = new ArrayDeque<>();
    private final int maxPending;
    private Long mismatch;

    ChainHashChecks(CryptoSuite suite) {
        this.suite = suite;
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.maxPending = workers * 2;
        this.threads = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "audit-verify");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a chunk (events in seq order); waits for the oldest chunk when enough are queued. */
    void submit(List<AuditEvent> chunk) {
        if (chunk.isEmpty() || mismatch != null) {
            return;
        }
        pending.addLast(threads.submit(() -> {
            for (AuditEvent event : chunk) {
                if (!ChainFormat.chainHash(suite, event.prevHash(), event.canonicalJson()).equals(event.hash())) {
                    return event.seq();
                }
            }
            return null;
        }));
        while (pending.size() > maxPending && mismatch == null) {
            mismatch = take();
        }
    }

    /** A mismatch found among the chunks finished so far, in order; null when none yet. */
    Long mismatchSoFar() {
        while (mismatch == null && !pending.isEmpty() && pending.peekFirst().isDone()) {
            mismatch = take();
        }
        return mismatch;
    }

    /** Waits for every queued chunk; the first mismatching seq, or null. */
    Long firstMismatch() {
        while (mismatch == null && !pending.isEmpty()) {
            mismatch = take();
        }
        return mismatch;
    }

    private Long take() {
        try {
            return pending.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit verification interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("audit verification failed", e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
