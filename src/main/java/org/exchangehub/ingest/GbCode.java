package org.exchangehub.ingest;

import java.util.Arrays;
import java.util.function.Predicate;

/** A value of a GB code table: the code canonical records carry and the standard's Chinese name. */
public interface GbCode {

    /** The code, e.g. {@code 1} for male in GB/T 2261.1. */
    String code();

    /** The standard's Chinese name, e.g. 男. */
    String label();

    /** The table entry with a code; surrounding space is ignored. */
    static <E extends Enum<E> & GbCode> ElementCheck<E> byCode(Class<E> table, String raw) {
        String value = raw == null ? "" : raw.strip();
        return find(table, entry -> entry.code().equals(value));
    }

    /** The table entry with a Chinese name; surrounding space is ignored. */
    static <E extends Enum<E> & GbCode> ElementCheck<E> byLabel(Class<E> table, String raw) {
        String value = raw == null ? "" : raw.strip();
        return find(table, entry -> entry.label().equals(value));
    }

    private static <E extends Enum<E> & GbCode> ElementCheck<E> find(Class<E> table,
            Predicate<E> matches) {
        return Arrays.stream(table.getEnumConstants()).filter(matches).findFirst()
                .map(ElementCheck::valid).orElseGet(() -> ElementCheck.invalid(ReasonCode.CODE_UNKNOWN));
    }
}
