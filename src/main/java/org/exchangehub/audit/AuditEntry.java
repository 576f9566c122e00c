package org.exchangehub.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to append to the audit log; the log adds seq, time and hashes. No clear personal data: identifiers,
 * views, reason codes and blind indexes only.
 */
public record AuditEntry(String actor, String action, String recordId, String subject, Integer schemaId,
        String sourceDepartment, String targetDepartment, String subscriptionId, String purpose, String legalBasis,
        Map<String, String> fields, Map<String, String> subjectIndexes, String outcome, String detail, Batch batch) {

    /**
     * What a batch event adds to an entry: the records it names, hashed with it ({@link #record}), and what finds
     * them again without being hashed — the log positions its records read from the journal's log lie between, and
     * the records it names from elsewhere (retried and replayed deliveries), indexed by id.
     */
    public record Batch(List<Map<String, Object>> records, Long logFrom, Long logTo, List<String> indexedRecordIds) {

        public Batch {
            records = List.copyOf(records);
            indexedRecordIds = indexedRecordIds == null ? List.of() : List.copyOf(indexedRecordIds);
        }
    }

    /** An entry about one record or none. */
    public AuditEntry(String actor, String action, String recordId, String subject, Integer schemaId,
            String sourceDepartment, String targetDepartment, String subscriptionId, String purpose, String legalBasis,
            Map<String, String> fields, Map<String, String> subjectIndexes, String outcome, String detail) {
        this(actor, action, recordId, subject, schemaId, sourceDepartment, targetDepartment, subscriptionId, purpose,
                legalBasis, fields, subjectIndexes, outcome, detail, null);
    }

    /**
     * A record as a batch event names it: {@code recordId}, {@code subject}, {@code schemaId}, {@code version},
     * {@code position} (in the journal's log), {@code fields} (disclosed field → view; empty when publishing) and
     * {@code subjectIndexes} (field → blind index; empty when delivering).
     */
    public static Map<String, Object> record(String recordId, String subject, Integer schemaId, int version,
            long position, Map<String, String> fields, Map<String, String> subjectIndexes) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("recordId", recordId);
        record.put("subject", subject);
        record.put("schemaId", schemaId);
        record.put("version", version);
        record.put("position", position);
        record.put("fields", fields == null ? Map.of() : fields);
        record.put("subjectIndexes", subjectIndexes == null ? Map.of() : subjectIndexes);
        return record;
    }

    public AuditEntry {
        if (!AuditEvent.ACTIONS.contains(action)) {
            throw new IllegalArgumentException("unknown audit action " + action);
        }
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        subjectIndexes = subjectIndexes == null ? Map.of() : Map.copyOf(subjectIndexes);
    }

    /** An entry about no record, e.g. a key or configuration event. */
    public static AuditEntry of(String actor, AuditAction action, String outcome, String detail) {
        return new AuditEntry(actor, action.name(), null, null, null, null, null, null, null, null, null, null,
                outcome, detail);
    }

    /**
     * A verification service's answer about a person ({@link AuditAction#VERIFIED}): who asked ({@code actor}: the
     * department's system, or a person of the department in the console), the asking department (target), the
     * provider whose records answered, the grant and purpose, the person's blind index, the answer, and in
     * {@code detail} {@code service=…; case=…; question=…; answer=…} with keyed digests of question and answer
     * ({@link VerifiedDetail}).
     */
    public static AuditEntry verified(String actor, String department, String provider, String grant, String purpose,
            String subjectToken, String answer, VerifiedDetail detail) {
        return new AuditEntry(actor, AuditAction.VERIFIED.name(), null, null, null, provider, department, grant,
                purpose, null, null, Map.of("idNumber", subjectToken), answer, detail.text());
    }

    /**
     * A call of a provider's query service ({@link AuditAction#QUERIED}): the caller, the provider, the answer's
     * subject and schema, the grant and purpose, the views disclosed, the blind indexes of the people the query and
     * the answer concern, how the call ended ({@code ANSWERED}, {@code NOT_ON_FILE}, {@code PROVIDER_UNAVAILABLE},
     * {@code TIMEOUT}, {@code BAD_ANSWER}), and in {@code detail} the keyed digests of query and answer
     * ({@link VerifiedDetail}).
     */
    public static AuditEntry queried(String caller, String provider, String subject, Integer schemaId, String grant,
            String purpose, Map<String, String> views, Map<String, String> subjectIndexes, String outcome,
            VerifiedDetail detail) {
        return new AuditEntry(caller, AuditAction.QUERIED.name(), null, subject, schemaId, provider, caller, grant,
                purpose, null, views, subjectIndexes, outcome, detail.text());
    }

    /** An admin's change concerning one department (its keys, certificates): found by that department too. */
    public static AuditEntry forDepartment(String actor, String department, String detail) {
        return new AuditEntry(actor, AuditAction.ADMIN_CHANGE.name(), null, null, null, null, department, null, null,
                null, null, null, "OK", detail);
    }
}
