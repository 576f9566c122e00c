package org.exchangehub.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code detail} of a {@link AuditAction#VERIFIED} event: {@code service=<code>; case=<reference>;
 * question=<digest>; answer=<digest>}, and {@code ; batch=<id>/<row>} for a question of a batch; the digests keyed
 * (they prove a question and its answer to whoever holds the hub's keys and reveal nothing to others).
 *
 * @param caseReference the caller's case number: letters, digits and {@code - _ / .}, so that it cannot break the form
 * @param batchRow      {@code <batch id>/<row number>} for a question asked in a batch; null for one call
 */
public record VerifiedDetail(String service, String caseReference, String questionDigest, String answerDigest,
        String batchRow) {

    /** What a case reference may be. */
    public static final String CASE_REFERENCE = "[\\p{IsHan}A-Za-z0-9._/-]{1,64}";

    public VerifiedDetail {
        if (caseReference == null || !caseReference.matches(CASE_REFERENCE)) {
            throw new IllegalArgumentException("caseReference: 1 to 64 letters, digits, '-', '_', '/' or '.'");
        }
    }

    String text() {
        return "service=" + service + "; case=" + caseReference + "; question=" + questionDigest + "; answer="
                + answerDigest + (batchRow == null ? "" : "; batch=" + batchRow);
    }

    /** The detail of a VERIFIED event read back; null when the text is not one. */
    static VerifiedDetail parse(String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : text.split("; ")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        try {
            return new VerifiedDetail(parts.get("service"), parts.get("case"), parts.get("question"),
                    parts.get("answer"), parts.get("batch"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
