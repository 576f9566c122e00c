package org.exchangehub.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one inbound record.
 *
 * @param status       accepted, a duplicate (same content accepted before) or quarantined
 * @param recordId     the journal record id, unless quarantined
 * @param version      its version under the source key, unless quarantined
 * @param quarantineId the quarantine entry, when quarantined
 * @param problems     reason codes per field, when quarantined
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboundOutcome(Status status, String recordId, Integer version, String quarantineId,
        List<FieldProblem> problems) {

    /** What became of the record. */
    public enum Status {
        /** Journaled as a new record or version. */
        ACCEPTED,
        /** The same content was accepted before; nothing new journaled. */
        DUPLICATE,
        /** Not journaled: kept sealed in the quarantine with its reasons. */
        QUARANTINED
    }

    static InboundOutcome accepted(String recordId, int version, boolean duplicate) {
        return new InboundOutcome(duplicate ? Status.DUPLICATE : Status.ACCEPTED, recordId, version, null, null);
    }

    static InboundOutcome quarantined(String quarantineId, List<FieldProblem> problems) {
        return new InboundOutcome(Status.QUARANTINED, null, null, quarantineId, problems);
    }
}
