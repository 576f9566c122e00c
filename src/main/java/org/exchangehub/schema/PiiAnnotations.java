package org.exchangehub.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * Reads and checks the {@code pii} and {@code blindIndex} field properties of a record schema.
 *
 * <p>Rules, enforced when a schema is registered: {@code pii} names a {@link PiiCategory}; a PII field is
 * {@code ["null","string"]} so that one schema holds clear, encrypted, masked, indexed or omitted values;
 * {@code blindIndex} is a boolean and only appears on PII fields; annotations appear on top-level fields only
 * (a nested annotation would silently go unprotected, so it is rejected).
 */
public final class PiiAnnotations {

    static final String PII = "pii";
    static final String BLIND_INDEX = "blindIndex";

    private PiiAnnotations() {
    }

    /** The PII fields of a record schema, in field order; empty for other schema types. */
    public static List<PiiField> of(Schema schema) {
        List<PiiField> fields = new ArrayList<>();
        if (schema.getType() != Schema.Type.RECORD) {
            return fields;
        }
        for (Field field : schema.getFields()) {
            Object category = field.getObjectProp(PII);
            if (category != null) {
                fields.add(new PiiField(field.name(), PiiCategory.valueOf(category.toString()),
                        Boolean.TRUE.equals(field.getObjectProp(BLIND_INDEX))));
            }
        }
        return List.copyOf(fields);
    }

    /**
     * Checks the annotations of a schema.
     *
     * @return the problems found, each naming the field; empty when the annotations are valid
     */
    public static List<String> problems(Schema schema) {
        List<String> problems = new ArrayList<>();
        if (schema.getType() == Schema.Type.RECORD) {
            Set<String> visited = new HashSet<>();
            visited.add(schema.getFullName());
            for (Field field : schema.getFields()) {
                checkField(field, problems);
                rejectNested(field.name(), field.schema(), visited, problems);
            }
        }
        return problems;
    }

    private static void checkField(Field field, List<String> problems) {
        Object category = field.getObjectProp(PII);
        Object blindIndex = field.getObjectProp(BLIND_INDEX);
        if (blindIndex != null && !(blindIndex instanceof Boolean)) {
            problems.add("field '" + field.name() + "': blindIndex must be true or false");
        }
        if (category == null) {
            if (Boolean.TRUE.equals(blindIndex)) {
                problems.add("field '" + field.name() + "': blindIndex is only allowed on pii fields");
            }
            return;
        }
        if (Arrays.stream(PiiCategory.values()).noneMatch(c -> c.name().equals(category.toString()))) {
            problems.add("field '" + field.name() + "': unknown pii category '" + category + "', expected one of "
                    + Arrays.toString(PiiCategory.values()));
        }
        if (!isNullableString(field.schema())) {
            problems.add("field '" + field.name() + "': a pii field must have type [\"null\",\"string\"]");
        }
    }

    private static boolean isNullableString(Schema schema) {
        if (schema.getType() != Schema.Type.UNION || schema.getTypes().size() != 2) {
            return false;
        }
        return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.STRING);
    }

    private static void rejectNested(String path, Schema schema, Set<String> visited, List<String> problems) {
        switch (schema.getType()) {
            case UNION -> schema.getTypes().forEach(s -> rejectNested(path, s, visited, problems));
            case ARRAY -> rejectNested(path + "[]", schema.getElementType(), visited, problems);
            case MAP -> rejectNested(path + "{}", schema.getValueType(), visited, problems);
            case RECORD -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                for (Field nested : schema.getFields()) {
                    if (nested.getObjectProp(PII) != null || nested.getObjectProp(BLIND_INDEX) != null) {
                        problems.add("field '" + path + "." + nested.name()
                                + "': pii annotations are only supported on top-level fields");
                    }
                    rejectNested(path + "." + nested.name(), nested.schema(), visited, problems);
                }
            }
            default -> {
            }
        }
    }
}
