package org.exchangehub.exchange;

import java.time.Instant;

/**
 * A subscription was created, replaced or removed at runtime; for the audit log.
 *
 * @param change {@code CREATED}, {@code REPLACED} or {@code REMOVED}
 */
public record SubscriptionChanged(String subscriptionId, String subscriber, String change, String purpose,
        String legalBasis, Instant at) {
}
