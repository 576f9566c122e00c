package org.exchangehub.exchange.internal;

import org.exchangehub.exchange.DeliveryBacklog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code deliveries}: deliveries owed (records after the subscriptions' cursors
 * and exception rows pending) and dead letters. Dead letters do
 * not make the hub DOWN (it keeps working) but are reported so that an operator replays them.
 */
@Component("deliveries")
class DeliveryHealth implements HealthIndicator {

    private final OutboxStore outbox;
    private final ObjectProvider<DeliveryBacklog> backlog;

    DeliveryHealth(OutboxStore outbox, ObjectProvider<DeliveryBacklog> backlog) {
        this.outbox = outbox;
        this.backlog = backlog;
    }

    @Override
    public Health health() {
        try {
            return counts();
        } catch (RuntimeException e) {
            // the database is away: this component is DOWN (and with it the hub), not an error page
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    private Health counts() {
        long dead = outbox.count("DEAD");
        long pending = backlog.getObject().bySubscription().stream().mapToLong(DeliveryBacklog.Entry::pending).sum();
        return Health.up().withDetail("pending", pending).withDetail("deadLetters", dead)
                .withDetail("action", dead > 0 ? "replay dead letters once the subscribers are fixed" : "none")
                .build();
    }
}
