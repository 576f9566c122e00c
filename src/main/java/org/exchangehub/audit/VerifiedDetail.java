package org.exchangehub.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code detail} of a {@link AuditAction#VERIFIED} event: {@code service=<code>; case=<reference>;
 * question=<digest>; answer=<digest>}, then {@code ; batch=<id>/<row>} for a question of a batch or
 * {@code ; watch=<id>} for a watched question answered again; the digests keyed (they prove a question and its answer
 * to whoever holds the hub's keys and reveal nothing to others).
 *
 * @param caseReference the caller's case number: letters, digits and {@code - _ / .}, so that it cannot break the form
 * @param origin        where the question came from besides one call: {@code batch=<batch id>/<row number>} or
 *                      {@code watch=<watch id>}; null for one call
 */
public record VerifiedDetail(String service, String caseReference, String questionDigest, String answerDigest,
        String origin) {

    /** The origin of a question of a batch's row. */
    public static String batchRow(String batch, int row) {
        return "batch=" + batch + "/" + row;
    }

    /** The origin of a watched question. */
    public static String watch(String watch) {
        return "watch=" + watch;
    }

    /** What a case reference may be. */
    public static final String CASE_REFERENCE = "[\\p{IsHan}A-Za-z0-9._/-]{1,64}";

    public VerifiedDetail {
        if (caseReference == null || !caseReference.matches(CASE_REFERENCE)) {
            throw new IllegalArgumentException("caseReference: 1 to 64 letters, digits, '-', '_', '/' or '.'");
        }
    }

    String text() {
        return "service=" + service + "; case=" + caseReference + "; question=" + questionDigest + "; answer="
                + answerDigest + (origin == null ? "" : "; " + origin);
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
                    parts.get("answer"), parts.containsKey("batch") ? "batch=" + parts.get("batch")
                            : parts.containsKey("watch") ? "watch=" + parts.get("watch") : null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
