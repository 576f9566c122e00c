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

    /** Closes the circuit; true when calls had been failing before this one (the subscriber is back). */
    synchronized boolean success() {
        boolean recovered = failures > 0;
        failures = 0;
        openUntil = Instant.MIN;
        return recovered;
    }

    synchronized void failure(Instant now) {
        failures++;
        if (failures >= threshold) {
            openUntil = now.plus(openFor);
        }
    }
}
