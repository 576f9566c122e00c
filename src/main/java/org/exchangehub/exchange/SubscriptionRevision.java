package org.exchangehub.exchange;

import java.time.Instant;

import org.exchangehub.exchange.Subscriptions.State;

/** One version in a subscription's history: what changed, when, by whom, and the definition (no secret). */
public record SubscriptionRevision(int version, String change, State state, Instant at, String by,
        Subscription definition) {
}
