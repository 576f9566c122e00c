package org.exchangehub.exchange.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.exchangehub.cluster.ClusterLocks;
import org.springframework.stereotype.Component;

/**
 * Who may deliver to a subscription, and when a change that stops its deliveries may apply. A delivery turn holds
 * the subscription's lock ({@code delivery/<id>}, a row of the cluster's lock registry in a cluster); a change that
 * ends or pauses the subscription asks the turn to stop after its batch in hand and waits for it, then applies with
 * the lock held. So nothing is sent, and no delivery or failure of the subscription is recorded, after the change
 * returns: what a turn read before a grant ended is either sent and recorded before the grant's end, or cancelled
 * with the rest of what was owed.
 */
@Component
public class DeliveryTurns {

    /** Batches one turn may send in a row before it gives its thread back. */
    static final int BATCHES_PER_TURN = 10;
    private static final String LOCK = "delivery/";

    private final ClusterLocks locks;
    private final Duration patience;
    private final Map<String, Integer> stopping = new ConcurrentHashMap<>();

    DeliveryTurns(ClusterLocks locks, DeliveryProperties properties) {
        this.locks = locks;
        // a turn on another node of a cluster does not see the request to stop: it may send all its batches
        this.patience = properties.timeout().multipliedBy(BATCHES_PER_TURN + 1L);
    }

    /** Runs a delivery turn unless one runs already, here or on another node; false when it did not run. */
    boolean take(String subscriptionId, Runnable turn) {
        return locks.runExclusively(LOCK + subscriptionId, turn);
    }

    /** Keeps a long turn's lock; false when it was lost and the turn must stop. */
    boolean renew(String subscriptionId) {
        return locks.renew(LOCK + subscriptionId);
    }

    /** True while a change waits for the subscription's turn to stop: no further batch may start. */
    public boolean stopping(String subscriptionId) {
        return stopping.containsKey(subscriptionId);
    }

    /**
     * Applies a change that stops the subscription's deliveries once no turn delivers to it, holding its lock.
     *
     * @throws IllegalStateException when a turn went on beyond {@code hub.delivery.timeout} × 11: nothing was changed
     */
    public <T> T stopped(String subscriptionId, Supplier<T> change) {
        stopping.merge(subscriptionId, 1, Integer::sum);
        try {
            return locks.runWaiting(LOCK + subscriptionId, patience, change);
        } finally {
            stopping.computeIfPresent(subscriptionId, (id, waiting) -> waiting == 1 ? null : waiting - 1);
        }
    }
}
