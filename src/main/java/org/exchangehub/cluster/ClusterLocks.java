package org.exchangehub.cluster;

import java.util.concurrent.locks.Lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * Named locks held by one node of the cluster at a time, for work that must not run on two nodes at once (a
 * subscription's deliveries). In a cluster they are rows of the JDBC lock registry, held until released or, when
 * their node dies, until {@code hub.cluster.lease-time} has passed; a single node has no one to exclude and just
 * runs the work.
 * Taking a lock never waits: work whose lock another node holds is that node's.
 */
public class ClusterLocks {

    private static final Logger log = LoggerFactory.getLogger(ClusterLocks.class);

    private final LockRegistry registry;

    /** @param registry the cluster's lock registry; null on a single node */
    ClusterLocks(LockRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs {@code work} holding the lock {@code name} when no one else holds it; returns false, without running it,
     * when someone does or the lock cannot be asked for (the database is away).
     */
    public boolean runExclusively(String name, Runnable work) {
        if (registry == null) {
            work.run();
            return true;
        }
        Lock lock = registry.obtain(name);
        try {
            if (!lock.tryLock()) {
                return false;
            }
        } catch (RuntimeException e) {
            log.debug("Lock {} could not be taken: {}", name, e.getClass().getSimpleName());
            return false;
        }
        try {
            work.run();
            return true;
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
