package org.exchangehub.exchange.internal;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code deliveries}: pending deliveries and dead letters. Dead letters do
 * not make the hub DOWN (it keeps working) but are reported so that an operator replays them.
 */
@Component("deliveries")
class DeliveryHealth implements HealthIndicator {

    private final OutboxStore outbox;

    DeliveryHealth(OutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public Health health() {
        long dead = outbox.count("DEAD");
        return Health.up().withDetail("pending", outbox.count("PENDING")).withDetail("deadLetters", dead)
                .withDetail("action", dead > 0 ? "replay dead letters once the subscribers are fixed" : "none")
                .build();
    }
}
