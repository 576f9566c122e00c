package org.exchangehub.exchange;

import java.time.Instant;

/**
 * A subscription was created, replaced, paused, resumed or removed; for the audit log.
 *
 * @param change    {@code CREATED}, {@code REPLACED}, {@code PAUSED}, {@code RESUMED} or {@code REMOVED}
 * @param version   the subscription's version after the change
 * @param actor     who made it: a user, or {@code config} for a change of the configuration file
 * @param diff      canonical JSON of what changed, {@code {"member": {"before": …, "after": …}}}; never a secret
 * @param cancelled deliveries still owed that the change cancelled (removal)
 */
public record SubscriptionChanged(String subscriptionId, String subscriber, String change, int version,
        String purpose, String legalBasis, String actor, String diff, int cancelled, Instant at) {
}
