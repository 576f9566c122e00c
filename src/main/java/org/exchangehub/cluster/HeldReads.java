package org.exchangehub.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads of a table held in memory until the table changes, for what every request looks up (a department's key,
 * the catalog entry of a service, the caller's grants). A read made outside a transaction is held; one made in a transaction may see
 * that transaction's own changes and is not. A change ({@link #changing()} before it, {@link #changed()} after it)
 * counts the cluster's configuration generation up, so that the other nodes drop what they hold within
 * {@code hub.cluster.watch-every} ({@link #forget()} on {@code SharedConfigurationChanged}), and drops what this node
 * holds at once and again when its transaction ends. A read that raced with a change is not held: it compares a
 * change counter taken before the read with the one after it.
 */
public final class HeldReads<K, V> {

    private final SharedConfiguration shared;
    private final Map<K, V> held = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public HeldReads(SharedConfiguration shared) {
        this.shared = shared;
    }

    /** What {@code read} gives for {@code key}: held, or read (and held when no change raced with it). */
    public V get(K key, Supplier<V> read) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return read.get();
        }
        V found = held.get(key);
        if (found != null) {
            return found;
        }
        long before = changes.get();
        V value = read.get();
        if (value != null && changes.get() == before) {
            held.put(key, value);
        }
        return value;
    }

    /** Drops everything held: the table changed here or on another node. */
    public void forget() {
        changes.incrementAndGet(); // first: a read under way when this runs is not held
        held.clear();
    }

    /** Before a change, in its transaction when there is one. */
    public void changing() {
        shared.changed();
        forget();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget();
                }
            });
        }
    }

    /** After a change: one made without a transaction is in the database now. */
    public void changed() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            forget();
        }
    }
}
