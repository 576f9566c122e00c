package org.exchangehub.ingest.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.ingest.DivisionCode;
import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.GbCode;
import org.exchangehub.ingest.MaritalStatus;
import org.exchangehub.ingest.MobilePhone;
import org.exchangehub.ingest.ReasonCode;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.ingest.SexCode;
import org.exchangehub.ingest.SocialCreditCode;

/**
 * Checks and normalizes the fields of a canonical record that carry a {@code "format"} property in their schema:
 * {@code resident-id}, {@code mobile-phone}, {@code division-code}, {@code uscc}, {@code sex-code},
 * {@code marital-status}. A formatted value is read in Unicode NFKC first (full-width digits and letters become
 * ASCII), so the normalized value stored is the one the check accepted. Declarative: no per-schema code.
 */
public final class ElementFormats {

    private static final Map<String, Function<String, ElementCheck<String>>> CHECKS = Map.of(
            "resident-id", ResidentIdNumber::check,
            "mobile-phone", MobilePhone::check,
            "division-code", DivisionCode::check,
            "uscc", SocialCreditCode::check,
            "sex-code", value -> code(SexCode.ofCode(value)),
            "marital-status", value -> code(MaritalStatus.ofCode(value)));

    private ElementFormats() {
    }

    /** Longest text of a field without a {@code maxLength} property in its schema (characters). */
    public static final int DEFAULT_MAX_LENGTH = 4_000;
    /** Longest source key and department code: they identify the record in the journal. */
    public static final int KEY_MAX_LENGTH = 200;

    /**
     * Checks every text field's length (the schema's {@code maxLength}, else {@value #KEY_MAX_LENGTH} for the
     * record's keys and {@value #DEFAULT_MAX_LENGTH} for the rest) and normalizes the formatted fields in place;
     * returns the problems of those that fail.
     */
    public static List<FieldProblem> check(GenericRecord record) {
        List<FieldProblem> problems = new ArrayList<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object format = field.getObjectProp("format");
            Object value = record.get(field.pos());
            if (value instanceof CharSequence text && text.length() > maxLength(field)) {
                problems.add(new FieldProblem(field.name(), ReasonCode.TOO_LONG.name()));
                continue;
            }
            if (format == null || value == null) {
                continue;
            }
            Function<String, ElementCheck<String>> check = CHECKS.get(format.toString());
            if (check == null) {
                throw new IllegalStateException("schema " + record.getSchema().getFullName() + " field " + field.name()
                        + " has unknown format '" + format + "'; known: " + CHECKS.keySet());
            }
            // departments type ID numbers and phones in full-width forms (１１０１…, Ｘ) and with ideographic spaces:
            // read them as their ASCII characters, as the blind index does, before the format is checked
            ElementCheck<String> checked = check.apply(Normalizer.normalize(value.toString(), Normalizer.Form.NFKC));
            if (checked.isValid()) {
                record.put(field.pos(), checked.value());
            } else {
                problems.add(new FieldProblem(field.name(), checked.reason().name()));
            }
        }
        return problems;
    }

    private static int maxLength(Schema.Field field) {
        Object declared = field.getObjectProp("maxLength");
        if (declared instanceof Number number) {
            return number.intValue();
        }
        return field.name().equals("sourceKey") || field.name().equals("sourceDepartment") ? KEY_MAX_LENGTH
                : DEFAULT_MAX_LENGTH;
    }

    private static <E extends Enum<E> & GbCode> ElementCheck<String> code(ElementCheck<E> checked) {
        return checked.isValid() ? ElementCheck.valid(checked.value().code()) : ElementCheck.invalid(checked.reason());
    }
}
