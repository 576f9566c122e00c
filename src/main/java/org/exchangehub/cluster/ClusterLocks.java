package org.exchangehub.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * Named locks held by one thread of the cluster at a time, for work that must not run twice at once (a
 * subscription's deliveries, and the changes that end them). In a cluster they are rows of the JDBC lock registry,
 * held until released or, when their node dies, until {@code hub.cluster.lease-time} has passed; on a single node
 * they are locks of the process.
 * {@link #runExclusively} never waits: work whose lock someone else holds is theirs. {@link #runWaiting} waits for
 * the holder to finish, for changes that must not overlap that work.
 */
public class ClusterLocks {

    private static final Logger log = LoggerFactory.getLogger(ClusterLocks.class);

    private final LockRegistry registry;
    private final Map<String, Lock> local = new ConcurrentHashMap<>();

    /** @param registry the cluster's lock registry; null on a single node */
    ClusterLocks(LockRegistry registry) {
        this.registry = registry;
    }

    private Lock obtain(String name) {
        return registry != null ? registry.obtain(name) : local.computeIfAbsent(name, n -> new ReentrantLock());
    }

    /**
     * Runs {@code work} holding the lock {@code name} when no one else holds it; returns false, without running it,
     * when someone does or the lock cannot be asked for (the database is away).
     */
    public boolean runExclusively(String name, Runnable work) {
        Lock lock = obtain(name);
        try {
            if (!lock.tryLock()) {
                return false;
            }
        } catch (RuntimeException e) {
            log.debug("Lock {} could not be taken: {}", name, e.getClass().getSimpleName());
            return false;
        }
        return held(name, lock, () -> {
            work.run();
            return true;
        });
    }

    /**
     * Runs {@code work} holding the lock {@code name}, waiting up to {@code patience} for whoever holds it to let go.
     *
     * @throws IllegalStateException when the lock was not had within {@code patience} (or the database is away):
     *                               the work did not run, and may be tried again
     */
    public <T> T runWaiting(String name, Duration patience, Supplier<T> work) {
        Lock lock = obtain(name);
        boolean taken;
        try {
            taken = lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        } catch (RuntimeException e) {
            log.debug("Lock {} could not be taken: {}", name, e.getClass().getSimpleName());
            taken = false;
        }
        if (!taken) {
            throw new IllegalStateException(name + " is held by work still running after " + patience
                    + "; try again later");
        }
        return held(name, lock, work);
    }

    private static <T> T held(String name, Lock lock, Supplier<T> work) {
        try {
            return work.get();
        } finally {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                log.warn("Lock {} was lost while held ({}): its lease ran out", name, e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Extends the lease of a lock this thread holds, for work that goes on longer than a lease; false when the lease
     * could not be extended (it ran out, or the database is away): the work should stop.
     */
    public boolean renew(String name) {
        if (registry instanceof RenewableLockRegistry renewable) {
            try {
                renewable.renewLock(name);
            } catch (RuntimeException e) {
                log.warn("Lock {} could not be renewed ({})", name, e.getClass().getSimpleName());
                return false;
            }
        }
        return true;
    }
}
