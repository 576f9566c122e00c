package org.exchangehub.exchange;

import java.time.Instant;

import org.exchangehub.exchange.Subscriptions.State;

/**
 * A subscription with its state and version. {@code origin} is CONFIG, API or GRANT (made by an approved sharing
 * request of the catalog, which alone changes it); {@code validUntil} is the end of a grant's validity (null for
 * none), after which nothing more is queued or delivered for it.
 */
public record VersionedSubscription(Subscription subscription, int version, State state, String origin,
        Instant updatedAt, String updatedBy, Instant validUntil) {

    /** True while within its validity. */
    public boolean validAt(Instant instant) {
        return validUntil == null || instant.isBefore(validUntil);
    }
}
