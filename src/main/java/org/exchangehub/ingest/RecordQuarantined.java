package org.exchangehub.ingest;

import java.time.Instant;
import java.util.List;

/** An input was quarantined; for the audit log and metrics. No personal data. */
public record RecordQuarantined(String quarantineId, String sourceDepartment, String recordType, String channel,
        List<FieldProblem> problems, Instant at) {
}
