package org.exchangehub.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one inbound record.
 *
 * @param status       {@code ACCEPTED}, {@code DUPLICATE} (same content accepted before) or {@code QUARANTINED}
 * @param recordId     the journal record id, unless quarantined
 * @param version      its version under the source key, unless quarantined
 * @param quarantineId the quarantine entry, when quarantined
 * @param problems     reason codes per field, when quarantined
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboundOutcome(String status, String recordId, Integer version, String quarantineId,
        List<FieldProblem> problems) {

    static InboundOutcome accepted(String recordId, int version, boolean duplicate) {
        return new InboundOutcome(duplicate ? "DUPLICATE" : "ACCEPTED", recordId, version, null, null);
    }

    static InboundOutcome quarantined(String quarantineId, List<FieldProblem> problems) {
        return new InboundOutcome("QUARANTINED", null, null, quarantineId, problems);
    }
}
