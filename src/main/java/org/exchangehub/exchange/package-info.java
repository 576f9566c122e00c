/**
 * The exchange: the journal of accepted records (protected, in wire format, idempotent, versioned), the
 * departments and their subscriptions, the outbox of deliveries owed, and delivery with retries and dead letters.
 */
@ApplicationModule(displayName = "Exchange")
package org.exchangehub.exchange;

import org.springframework.modulith.ApplicationModule;
