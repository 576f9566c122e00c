package org.exchangehub;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Holds an embedded H2 database's store lock, as H2 itself does while it writes a chunk of changes to its file: a
 * transaction that commits meanwhile becomes visible to other sessions at once but reaches the file only when the
 * lock is released. Tests use it to stretch that window, which under load is a few milliseconds, and see what the
 * hub lets out of it. Reaches into H2's internals on purpose; an upgrade that moves them breaks only these tests.
 */
public final class HeldH2Store implements AutoCloseable {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread holder;

    private HeldH2Store(MVStore store) {
        holder = new Thread(() -> store.executeFilestoreOperation(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "held-h2-store");
        holder.setDaemon(true);
        holder.start();
    }

    /** Takes the store lock of the embedded H2 database behind {@code dataSource}; returns once it is held. */
    public static HeldH2Store hold(DataSource dataSource) throws SQLException, InterruptedException {
        MVStore store;
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            store = session.getDatabase().getStore().getMvStore();
        }
        HeldH2Store hold = new HeldH2Store(store);
        if (!hold.held.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the H2 store lock was not free within 10 s");
        }
        return hold;
    }

    /** Lets H2 write again; returns when the lock is given back. */
    @Override
    public void close() throws InterruptedException {
        release.countDown();
        holder.join(10_000);
    }
}
