package org.exchangehub.ingest;

/**
 * Why one field of a record was rejected: the field (a JSON path for structural problems) and a reason code.
 * Never the value.
 *
 * @param field the field name, or {@code $} for the record as a whole
 * @param code  a {@link ReasonCode} name or a structural code such as {@code SCHEMA_MISMATCH}
 */
public record FieldProblem(String field, String code) {

    @Override
    public String toString() {
        return code + "@" + field;
    }

    /** Parses {@link #toString()}. */
    public static FieldProblem parse(String text) {
        int at = text.indexOf('@');
        return new FieldProblem(text.substring(at + 1), text.substring(0, at));
    }
}
