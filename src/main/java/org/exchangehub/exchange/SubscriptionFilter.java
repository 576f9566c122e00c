package org.exchangehub.exchange;

import java.util.List;

import org.apache.avro.generic.GenericRecord;

/**
 * Which records of a type a subscription receives. Conditions apply to non-PII fields only.
 *
 * @param divisionPrefix records whose {@code divisionCode} starts with it (e.g. {@code 3301}); empty for any
 * @param sourceDepartments records from these departments only; empty for any
 * @param field          a non-PII field to compare, with {@code values}
 * @param values         accepted values of {@code field}
 */
public record SubscriptionFilter(String divisionPrefix, List<String> sourceDepartments, String field,
        List<String> values) {

    public static final SubscriptionFilter ALL = new SubscriptionFilter(null, List.of(), null, List.of());

    public SubscriptionFilter {
        sourceDepartments = sourceDepartments == null ? List.of() : List.copyOf(sourceDepartments);
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** True when the filter has no condition. */
    public boolean matchesEverything() {
        return (divisionPrefix == null || divisionPrefix.isEmpty()) && sourceDepartments.isEmpty()
                && (field == null || field.isEmpty());
    }

    /** True when the record passes every condition (conditions read non-PII fields, clear in a stored record too). */
    public boolean matches(GenericRecord record) {
        if (divisionPrefix != null && !divisionPrefix.isEmpty()) {
            Object division = record.hasField("divisionCode") ? record.get("divisionCode") : null;
            if (division == null || !division.toString().startsWith(divisionPrefix)) {
                return false;
            }
        }
        if (!sourceDepartments.isEmpty() && !sourceDepartments.contains(String.valueOf(record.get("sourceDepartment")))) {
            return false;
        }
        if (field != null && !field.isEmpty()) {
            Object value = record.hasField(field) ? record.get(field) : null;
            return value != null && values.contains(value.toString());
        }
        return true;
    }
}
