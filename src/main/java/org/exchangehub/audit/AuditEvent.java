package org.exchangehub.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of the audit log. Carries identifiers, views and blind indexes — never clear personal data.
 *
 * @param seq              position in the chain, from 1
 * @param at               when it happened (UTC, millisecond precision)
 * @param actor            who: {@code hub}, a department code, or a user
 * @param action           RECEIVED, QUARANTINED, PUBLISHED, DELIVERED, DELIVERY_FAILED, DEAD_LETTERED, REPLAYED,
 *                         ACCESS_DENIED, ADMIN_CHANGE, KEY_CREATED, KEY_ROTATED, KEY_RETIRED, AUDIT_EXPORTED,
 *                         SUBJECT_REPORT; for sharing requests of the catalog REQUESTED, APPROVED, REJECTED,
 *                         EXTENDED, EXPIRED, REVOKED (subscriptionId is the request's id and its grant's)
 * @param recordId         the record version concerned, if any
 * @param subject          registry subject of the record, if any
 * @param schemaId         registry id of its schema, if any
 * @param sourceDepartment department the record came from
 * @param targetDepartment department it went to
 * @param subscriptionId   subscription concerned
 * @param purpose          the subscription's purpose
 * @param legalBasis       the subscription's legal basis
 * @param fields           disclosed field → view
 * @param subjectIndexes   blind indexes of the data subjects (field → {@code bi1.} token)
 * @param outcome          OK, FAILED, HELD, ...
 * @param detail           free text without personal data: reason codes, error types, key ids
 * @param prevHash         hash of the previous event (hex), 64 zeros for the first
 * @param hash             H(prevHash bytes ‖ canonical JSON of this event without prevHash and hash), hex
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String recordId, String subject,
        Integer schemaId, String sourceDepartment, String targetDepartment, String subscriptionId, String purpose,
        String legalBasis, Map<String, String> fields, Map<String, String> subjectIndexes, String outcome,
        String detail, String prevHash, String hash) {

    /** This event with its hash set. */
    public AuditEvent withHash(String newHash) {
        return new AuditEvent(seq, at, actor, action, recordId, subject, schemaId, sourceDepartment, targetDepartment,
                subscriptionId, purpose, legalBasis, fields, subjectIndexes, outcome, detail, prevHash, newHash);
    }

    /** The members hashed, as canonical JSON: every component but {@code prevHash} and {@code hash}. */
    public String canonicalJson() {
        Object[] values = { seq, TIME.format(at), actor, action, recordId, subject, schemaId, sourceDepartment,
                targetDepartment, subscriptionId, purpose, legalBasis, fields == null ? Map.of() : fields,
                subjectIndexes == null ? Map.of() : subjectIndexes, outcome, detail };
        Object[] sorted = new Object[values.length];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values[HashedMembers.ORDER[i]];
        }
        return CanonicalJson.writeSorted(HashedMembers.SORTED, sorted);
    }

    /** The hashed members' names as {@link #canonicalJson()} lists their values, and in canonical order. */
    private static final class HashedMembers {

        static final String[] NAMES = { "seq", "at", "actor", "action", "recordId", "subject", "schemaId",
            "sourceDepartment", "targetDepartment", "subscriptionId", "purpose", "legalBasis", "fields",
            "subjectIndexes", "outcome", "detail" };
        static final String[] SORTED = NAMES.clone();
        static final int[] ORDER = new int[NAMES.length];

        static {
            java.util.Arrays.sort(SORTED, CanonicalJson::byCodePoint);
            List<String> names = List.of(NAMES);
            for (int i = 0; i < SORTED.length; i++) {
                ORDER[i] = names.indexOf(SORTED[i]);
            }
        }
    }

    /** Timestamps in canonical JSON: UTC, always three fraction digits, e.g. {@code 2026-11-23T08:16:00.120Z}. */
    public static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Names of the actions, for validation. */
    public static final List<String> ACTIONS = List.of("RECEIVED", "QUARANTINED", "PUBLISHED", "DELIVERED",
            "DELIVERY_FAILED", "DEAD_LETTERED", "REPLAYED", "ACCESS_DENIED", "ADMIN_CHANGE", "KEY_CREATED",
            "KEY_ROTATED", "KEY_RETIRED", "AUDIT_EXPORTED", "SUBJECT_REPORT", "REQUESTED", "APPROVED", "REJECTED",
            "EXTENDED", "EXPIRED", "REVOKED");
}
