package org.exchangehub.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one database transaction does to the audit chain. The head row is locked on first use and kept for the
 * transaction (written once, just before commit, however many events were appended); entries appended "at commit"
 * wait here and are chained just before commit too, so that a long transaction — a push of hundreds of records —
 * holds the chain's lock only for the moment its events are written, not while it works.
 */
final class ChainTransaction implements TransactionSynchronization {

    /** The chain's head: the last event's seq and hash. */
    record Head(long seq, String hash) {
    }

    private final Object key;
    private final Supplier<Head> lock;
    private final Consumer<Head> store;
    private final Consumer<List<AuditEntry>> chain;
    private final List<Supplier<List<AuditEntry>>> pending = new ArrayList<>();
    private Head head;
    private boolean moved;
    private boolean chained;

    private ChainTransaction(Object key, Supplier<Head> lock, Consumer<Head> store,
            Consumer<List<AuditEntry>> chain) {
        this.key = key;
        this.lock = lock;
        this.store = store;
        this.chain = chain;
    }

    /** The current transaction's state for a chain, created and registered on first use. */
    static ChainTransaction current(Object key, Supplier<Head> lock, Consumer<Head> store,
            Consumer<List<AuditEntry>> chain) {
        ChainTransaction existing = (ChainTransaction) TransactionSynchronizationManager.getResource(key);
        if (existing != null) {
            return existing;
        }
        ChainTransaction created = new ChainTransaction(key, lock, store, chain);
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(created);
        return created;
    }

    /** The head as this transaction sees it, locking the row the first time. */
    Head head() {
        if (head == null) {
            head = lock.get();
        }
        return head;
    }

    void moveTo(Head next) {
        head = next;
        moved = true;
    }

    void appendAtCommit(AuditEntry entry) {
        appendAtCommit(() -> List.of(entry), entry.action());
    }

    /** Entries made only as the transaction commits, in their turn among the others (a batch of its records). */
    void appendAtCommit(Supplier<List<AuditEntry>> entries, String what) {
        if (chained) {
            // after this transaction's events were chained nothing may join them unrecorded
            throw new IllegalStateException("audit entry " + what + " after its transaction was chained");
        }
        pending.add(entries);
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (!pending.isEmpty()) {
            List<AuditEntry> entries = new ArrayList<>();
            pending.forEach(supplier -> entries.addAll(supplier.get()));
            pending.clear();
            if (!entries.isEmpty()) {
                chain.accept(entries);
            }
        }
        chained = true;
        if (moved) {
            store.accept(head);
        }
    }

    @Override
    public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
    }
}
