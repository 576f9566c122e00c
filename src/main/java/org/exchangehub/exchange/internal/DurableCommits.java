package org.exchangehub.exchange.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the promise that what the hub acknowledged or sent out survives the process being killed, on H2.
 *
 * <p>Commits: H2 by default writes committed changes to its file in the background up to half a second later
 * ({@code WRITE_DELAY} 500 ms), so a process killed in that window loses records it already acknowledged (the crash
 * test lost 750 of 20,000 that way). At startup this sets {@code WRITE_DELAY 0} on an H2 database, whatever its URL
 * says, so each commit writes its changes to the file before it returns. H2 forgets that when the database closes
 * (on reopening, the URL's setting wins over the stored one), and it closes when its last connection does; so this
 * keeps one connection open while the hub runs.
 *
 * <p>Visibility: H2 still makes a committed transaction visible to other sessions <em>before</em> it is in the
 * file — the commit flips in memory, then waits for the store lock while another commit's chunk is written. A
 * delivery read in that moment and sent to a subscriber is gone after a kill, while the department that pushed it
 * got no answer and pushes again: the subscriber receives the record twice under two cursors (seen once in the
 * crash test under load). So whatever the hub lets out on the strength of what it read — a webhook batch, a file
 * drop, a feed page, a "duplicate" answer — first calls {@link #awaitOnDisk()}, which returns once everything
 * committed so far is in the file (H2's {@code CHECKPOINT}: a chunk write, or nothing when all is written). A
 * thread's own commit does the same for what the thread read before it: the commit returns once a chunk written
 * after its changes is in the file, and that chunk holds everything committed before it. Delivery reads its next
 * batch before marking the previous one delivered and so needs no {@code CHECKPOINT} for it.
 *
 * <p>H2 does not fsync each commit: after a power loss the operating system's cache decides; PostgreSQL (cluster
 * mode) fsyncs its log before a commit becomes visible and needs neither measure. Other databases and in-memory H2
 * are left as they are.
 */
@Component
public class DurableCommits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    private final DataSource dataSource;
    private final boolean onDisk;
    private final Connection keepOpen;
    /** The log's positions up to this one are in the file (H2 file databases only). */
    private final AtomicLong logInFile = new AtomicLong();

    DurableCommits(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        Connection connection = dataSource.getConnection();
        boolean h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
        onDisk = h2 && !connection.getMetaData().getURL().startsWith("jdbc:h2:mem:");
        if (onDisk) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET WRITE_DELAY 0");
            }
            keepOpen = connection;
            log.debug("H2 writes each commit to its file before the commit returns (WRITE_DELAY 0)");
        } else {
            connection.close();
            keepOpen = null;
        }
    }

    /** Whether this is an H2 file database, whose commits are visible before they are in the file. */
    public boolean onDisk() {
        return onDisk;
    }

    /**
     * Returns once every transaction committed before the call is in the database file. Call it after reading
     * what is about to leave the hub and before it leaves.
     */
    public void awaitOnDisk() {
        if (!onDisk) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not make committed changes durable (H2 CHECKPOINT)", e);
        }
    }

    /**
     * {@link #awaitOnDisk()} for what was read from the journal's log up to {@code logPosition}: at once when a
     * commit that wrote that position (or a later one) has returned, since it was in the file with everything
     * committed before it by then; otherwise a {@code CHECKPOINT}, after which positions up to this one count as in
     * the file. Under load a delivery reads well behind the last commit and so pays no {@code CHECKPOINT}.
     */
    public void awaitOnDisk(long logPosition) {
        if (!onDisk || logPosition <= logInFile.get()) {
            return;
        }
        awaitOnDisk();
        logInFile.accumulateAndGet(logPosition, Math::max);
    }

    /** A transaction that wrote the log's positions up to {@code logPosition} has committed: they are in the file. */
    void logCommitted(long logPosition) {
        if (onDisk) {
            logInFile.accumulateAndGet(logPosition, Math::max);
        }
    }

    /**
     * {@link #awaitOnDisk()} once the current transaction has committed — once per transaction however often it is
     * asked (a batch of duplicates answers together) — or at once when no transaction is active. For answers that
     * go out after the transaction: a failure then fails the request, which the sender retries.
     */
    public void awaitOnDiskAfterCommit() {
        if (!onDisk) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            awaitOnDisk();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                awaitOnDisk();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(DurableCommits.this);
            }
        });
    }

    @Override
    public void close() throws SQLException {
        if (keepOpen != null) {
            keepOpen.close();
        }
    }
}
