package org.exchangehub.exchange.internal;

import org.exchangehub.cluster.SharedConfiguration;
import org.exchangehub.exchange.DepartmentChanged;
import org.exchangehub.exchange.SubscriptionChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the other nodes of a cluster that a department or a subscription (a grant's too) changed, in the
 * transaction of the change, so that they reload what they hold in memory ({@link SharedConfiguration}).
 */
@Component
class ConfigurationBroadcast {

    private final SharedConfiguration shared;

    ConfigurationBroadcast(SharedConfiguration shared) {
        this.shared = shared;
    }

    @EventListener
    void on(DepartmentChanged change) {
        shared.changed();
    }

    @EventListener
    void on(SubscriptionChanged change) {
        shared.changed();
    }
}
