package org.exchangehub.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
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
 * @param records          the records a batch event names, each with {@code recordId}, {@code subject},
 *                         {@code schemaId}, {@code version}, {@code position}, {@code fields},
 *                         {@code subjectIndexes} ({@link AuditEntry#record}); null for an event about one record or
 *                         none, whose canonical JSON then has no {@code records} member
 * @param node             the hub node whose chain the event is in ({@code hub.cluster.node-id}); the chain's name,
 *                         not hashed (an event linked into another node's chain breaks both chains' links); null for
 *                         an event read from a bundle, whose manifest names the node
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String recordId, String subject,
        Integer schemaId, String sourceDepartment, String targetDepartment, String subscriptionId, String purpose,
        String legalBasis, Map<String, String> fields, Map<String, String> subjectIndexes, String outcome,
        String detail, String prevHash, String hash, List<Map<String, Object>> records, String node) {

    /** An event of no named chain (read from a bundle, or made in a test). */
    public AuditEvent(long seq, Instant at, String actor, String action, String recordId, String subject,
            Integer schemaId, String sourceDepartment, String targetDepartment, String subscriptionId, String purpose,
            String legalBasis, Map<String, String> fields, Map<String, String> subjectIndexes, String outcome,
            String detail, String prevHash, String hash, List<Map<String, Object>> records) {
        this(seq, at, actor, action, recordId, subject, schemaId, sourceDepartment, targetDepartment, subscriptionId,
                purpose, legalBasis, fields, subjectIndexes, outcome, detail, prevHash, hash, records, null);
    }

    /** An event about one record or none. */
    public AuditEvent(long seq, Instant at, String actor, String action, String recordId, String subject,
            Integer schemaId, String sourceDepartment, String targetDepartment, String subscriptionId, String purpose,
            String legalBasis, Map<String, String> fields, Map<String, String> subjectIndexes, String outcome,
            String detail, String prevHash, String hash) {
        this(seq, at, actor, action, recordId, subject, schemaId, sourceDepartment, targetDepartment, subscriptionId,
                purpose, legalBasis, fields, subjectIndexes, outcome, detail, prevHash, hash, null, null);
    }

    /** This event with its hash set. */
    public AuditEvent withHash(String newHash) {
        return new AuditEvent(seq, at, actor, action, recordId, subject, schemaId, sourceDepartment, targetDepartment,
                subscriptionId, purpose, legalBasis, fields, subjectIndexes, outcome, detail, prevHash, newHash, records,
                node);
    }

    /** The records this event names: its {@link #records} for a batch event, none otherwise. */
    public List<Map<String, Object>> namedRecords() {
        return records == null ? List.of() : records;
    }

    /**
     * The members hashed, as canonical JSON: every component but {@code prevHash} and {@code hash}, and
     * {@code records} only when the event has them.
     */
    public String canonicalJson() {
        return canonicalJson(null);
    }

    /**
     * {@link #canonicalJson()} with {@code records} given as their canonical JSON already ({@code writtenRecords},
     * null to write them here): the same text, the records written once when they are also stored.
     */
    String canonicalJson(String writtenRecords) {
        Object[] values = { seq, TIME.format(at), actor, action, recordId, subject, schemaId, sourceDepartment,
                targetDepartment, subscriptionId, purpose, legalBasis, fields == null ? Map.of() : fields,
                subjectIndexes == null ? Map.of() : subjectIndexes, outcome, detail,
                writtenRecords == null || records == null ? records : new CanonicalJson.Written(writtenRecords) };
        HashedMembers members = records == null ? HashedMembers.SINGLE : HashedMembers.BATCH;
        Object[] sorted = new Object[members.sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values[members.order[i]];
        }
        return CanonicalJson.writeSorted(members.sorted, sorted);
    }

    /** The hashed members' names in canonical order, and where {@link #canonicalJson()} lists each one's value. */
    private static final class HashedMembers {

        private static final String[] NAMES = { "seq", "at", "actor", "action", "recordId", "subject", "schemaId",
            "sourceDepartment", "targetDepartment", "subscriptionId", "purpose", "legalBasis", "fields",
            "subjectIndexes", "outcome", "detail", "records" };
        static final HashedMembers SINGLE = new HashedMembers(NAMES.length - 1);
        static final HashedMembers BATCH = new HashedMembers(NAMES.length);

        final String[] sorted;
        final int[] order;

        private HashedMembers(int count) {
            sorted = Arrays.copyOf(NAMES, count);
            Arrays.sort(sorted, CanonicalJson::byCodePoint);
            order = new int[count];
            List<String> names = List.of(NAMES);
            for (int i = 0; i < count; i++) {
                order[i] = names.indexOf(sorted[i]);
            }
        }
    }

    /** Timestamps in canonical JSON: UTC, always three fraction digits, e.g. {@code 2026-11-23T08:16:00.120Z}. */
    public static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Names of the actions ({@link AuditAction}), for validation. */
    public static final List<String> ACTIONS = Arrays.stream(AuditAction.values()).map(Enum::name).toList();
}
