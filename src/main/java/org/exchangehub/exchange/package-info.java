/**
 * The exchange: the journal of accepted records (protected, in wire format, idempotent, versioned), the
 * departments and their subscriptions, the outbox of deliveries owed, and delivery with retries and dead letters.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Exchange")
package org.exchangehub.exchange;
