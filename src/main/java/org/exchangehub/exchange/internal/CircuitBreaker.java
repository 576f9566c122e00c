package org.exchangehub.exchange.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * One subscriber's circuit: after {@code threshold} consecutive failed calls it opens for {@code openFor};
 * then one call is let through (half-open), and a success closes it.
 */
final class CircuitBreaker {

    private final int threshold;
    private final Duration openFor;
    private int failures;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openFor = openFor;
    }

    synchronized boolean allows(Instant now) {
        return !now.isBefore(openUntil);
    }

    synchronized void success() {
        failures = 0;
        openUntil = Instant.MIN;
    }

    synchronized void failure(Instant now) {
        failures++;
        if (failures >= threshold) {
            openUntil = now.plus(openFor);
        }
    }
}
