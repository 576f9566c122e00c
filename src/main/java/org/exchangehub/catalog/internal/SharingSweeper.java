package org.exchangehub.catalog.internal;

import org.exchangehub.catalog.SharingRequests;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link SharingRequests#sweep()} every {@code hub.catalog.sweep-every}: expiries and overdue flags. */
@Component
class SharingSweeper {

    private final SharingRequests requests;

    SharingSweeper(SharingRequests requests) {
        this.requests = requests;
    }

    @Scheduled(initialDelayString = "${hub.catalog.sweep-every:30s}", fixedDelayString = "${hub.catalog.sweep-every:30s}")
    void sweep() {
        requests.sweep();
    }
}
