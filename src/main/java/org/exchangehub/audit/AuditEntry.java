package org.exchangehub.audit;

import java.util.Map;

/**
 * What to append to the audit log; the log adds seq, time and hashes. No clear personal data: identifiers,
 * views, reason codes and blind indexes only.
 */
public record AuditEntry(String actor, String action, String recordId, String subject, Integer schemaId,
        String sourceDepartment, String targetDepartment, String subscriptionId, String purpose, String legalBasis,
        Map<String, String> fields, Map<String, String> subjectIndexes, String outcome, String detail) {

    public AuditEntry {
        if (!AuditEvent.ACTIONS.contains(action)) {
            throw new IllegalArgumentException("unknown audit action " + action);
        }
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        subjectIndexes = subjectIndexes == null ? Map.of() : Map.copyOf(subjectIndexes);
    }

    /** An entry about no record, e.g. a key or configuration event. */
    public static AuditEntry of(String actor, String action, String outcome, String detail) {
        return new AuditEntry(actor, action, null, null, null, null, null, null, null, null, null, null, outcome,
                detail);
    }
}
