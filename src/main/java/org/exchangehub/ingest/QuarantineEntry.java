package org.exchangehub.ingest;

import java.time.Instant;
import java.util.List;

/**
 * A quarantined input, as listed: what failed and why; the raw payload stays encrypted.
 *
 * @param id               quarantine id
 * @param sourceDepartment department that sent it, when known
 * @param recordType       record type it was meant to be
 * @param channel          how it arrived: PUSH, FILE, POLL or SQL
 * @param problems         reason codes per field
 * @param status           OPEN, RESUBMITTED or DISCARDED
 * @param resolution       what was done, when resolved
 * @param createdAt        when it was quarantined
 * @param sourceKey        the record's key in its source, when it could be read (long digit runs masked)
 * @param origin           where it came from besides the channel: the file's name for a file adapter
 */
public record QuarantineEntry(String id, String sourceDepartment, String recordType, String channel,
        List<FieldProblem> problems, String status, String resolution, Instant createdAt, String sourceKey,
        String origin) {
}
