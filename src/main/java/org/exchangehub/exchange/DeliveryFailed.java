package org.exchangehub.exchange;

import java.time.Instant;

/**
 * A delivery attempt failed; {@code deadLettered} when it was the last one. The error names status codes,
 * fields and reasons, never values.
 */
public record DeliveryFailed(String recordId, String subscriptionId, int attempt, boolean deadLettered, String error,
        Instant at) {
}
