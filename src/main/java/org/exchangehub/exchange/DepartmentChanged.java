package org.exchangehub.exchange;

import java.time.Instant;

/**
 * A department was created, updated, disabled, enabled or given a sealing key; for the audit log.
 *
 * @param change  {@code CREATED}, {@code UPDATED}, {@code DISABLED}, {@code ENABLED} or {@code SEALING_KEY}
 * @param version the department's version after the change
 * @param actor   a user, or {@code config}
 * @param diff    canonical JSON of what changed ({@code {"member": {"before": …, "after": …}}})
 */
public record DepartmentChanged(String code, String change, int version, String actor, String diff, Instant at) {
}
