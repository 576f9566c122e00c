package org.exchangehub.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Schema evolution rules, with the Confluent Schema Registry's names and meaning. BACKWARD: consumers using
 * the new schema can read data written with the previous one; FORWARD: consumers of the previous schema can
 * read data written with the new one; FULL: both; {@code _TRANSITIVE}: against every earlier version, not
 * only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /**
     * Parses a level name.
     *
     * @throws SchemaRegistryException with {@code INVALID_COMPATIBILITY_LEVEL} for anything else
     */
    public static CompatibilityLevel parse(String name) {
        return Arrays.stream(values())
                .filter(level -> level.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(SchemaRegistryException.Code.INVALID_COMPATIBILITY_LEVEL,
                        "Invalid compatibility level '" + name + "'. Valid values are " + Arrays.toString(values())));
    }

    /**
     * Checks a candidate against the live versions of a subject under this level.
     *
     * @param existing the subject's versions, oldest first
     * @return one line per incompatibility, naming its type, location and the version it conflicts with; empty
     *         when compatible
     */
    public List<String> problems(Schema candidate, List<RegisteredSchema> existing) {
        if (this == NONE || existing.isEmpty()) {
            return List.of();
        }
        List<RegisteredSchema> against = transitive ? existing : existing.subList(existing.size() - 1, existing.size());
        List<String> problems = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0; i--) {
            problems.addAll(problemsAgainst(candidate, against.get(i)));
        }
        return problems;
    }

    /** Checks a candidate against one version, in this level's directions, ignoring transitivity. */
    public List<String> problemsAgainst(Schema candidate, RegisteredSchema version) {
        List<String> problems = new ArrayList<>();
        if (backward) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, version.schema()),
                    "BACKWARD", version.version(), problems);
        }
        if (forward) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(version.schema(), candidate),
                    "FORWARD", version.version(), problems);
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, String direction, int version,
            List<String> problems) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("%s at %s: %s (%s check against version %d)".formatted(incompatibility.getType(),
                    incompatibility.getLocation(), incompatibility.getMessage(), direction, version));
        }
    }
}
