/**
 * The tamper-evident audit log: every exchange, quarantine, delivery, key and configuration event appended to a
 * hash chain in the same transaction as the change it records, signed checkpoints, and verification.
 */
@ApplicationModule(displayName = "Audit")
package org.exchangehub.audit;

import org.springframework.modulith.ApplicationModule;
