package org.exchangehub.catalog.internal;

import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.cluster.Leadership;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link SharingRequests#sweep()} every {@code hub.catalog.sweep-every}: expiries and overdue flags; once per
 * cluster, on the leader.
 */
@Component
class SharingSweeper {

    private final SharingRequests requests;
    private final Leadership leadership;

    SharingSweeper(SharingRequests requests, Leadership leadership) {
        this.requests = requests;
        this.leadership = leadership;
    }

    @Scheduled(initialDelayString = "${hub.catalog.sweep-every:30s}", fixedDelayString = "${hub.catalog.sweep-every:30s}")
    void sweep() {
        if (leadership.isLeader()) {
            requests.sweep();
        }
    }
}
