package org.exchangehub.exchange.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.delivery.*}: how the outbox is worked.
 *
 * @param pollInterval     how often due deliveries are looked for (default 200ms)
 * @param batchSize        most records per webhook call or file (default 250): a subscriber that keeps up gets what
 *                         came since its last call; one catching up gets full batches, each a round trip and a commit
 * @param maxAttempts      attempts before a delivery becomes a dead letter (default 300: with the default backoff a
 *                         subscriber may be down for about 5 hours before its deliveries are dead-lettered)
 * @param initialBackoff   wait after the first failure; doubles per attempt, with ±20% jitter (default 1s)
 * @param maxBackoff       longest wait between attempts (default 1m); when a call to the subscriber succeeds
 *                         again, every delivery waiting for a retry is due at once
 * @param breakerFailures  consecutive failed calls that open a subscriber's circuit (default 5)
 * @param breakerOpen      how long an open circuit sends nothing to the subscriber (default 30s)
 * @param threads          subscribers served in parallel; each has at most one call in flight (default 4)
 * @param timeout          connect and read timeout of a webhook call (default 10s); pausing, removing or ending a
 *                         subscription waits up to 11 times this for a delivery to it under way, else fails
 *                         with nothing changed
 */
@ConfigurationProperties("hub.delivery")
public record DeliveryProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("250") int batchSize,
        @DefaultValue("300") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("1m") Duration maxBackoff,
        @DefaultValue("5") int breakerFailures,
        @DefaultValue("30s") Duration breakerOpen,
        @DefaultValue("4") int threads,
        @DefaultValue("10s") Duration timeout) {

    public DeliveryProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("hub.delivery.batch-size must be between 1 and 10000, was " + batchSize);
        }
    }
}
