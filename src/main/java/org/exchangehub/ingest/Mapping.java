package org.exchangehub.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A declarative mapping from a department's export to a canonical record ({@code config/mappings/<id>.yaml}).
 *
 * @param id               mapping id, the file name without {@code .yaml}
 * @param recordType       canonical record type produced
 * @param sourceDepartment department whose system the data comes from (the record's {@code sourceDepartment})
 * @param fields           canonical field → how to fill it, in order
 */
public record Mapping(String id, String recordType, String sourceDepartment, Map<String, Rule> fields) {

    public Mapping {
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
    }

    /**
     * How one canonical field is filled.
     *
     * @param from      source field; a path with {@code /} for nested JSON or XML ({@code Deceased/Name})
     * @param concat    several source fields joined with {@code separator} (instead of {@code from})
     * @param separator separator for {@code concat} (default empty)
     * @param constant  a fixed value (instead of {@code from})
     * @param transform {@code text} (default: trimmed, blank → absent), {@code date}, {@code date-time},
     *                  {@code integer}, {@code boolean}, {@code yuan-to-fen}, {@code id-number}, {@code phone}
     * @param codeTable id of a code table in {@code config/codes} translating source values
     * @param required  when true, a missing or blank value quarantines the record ({@code REQUIRED_MISSING})
     */
    public record Rule(String from, List<String> concat, String separator, Object constant, String transform,
            String codeTable, boolean required) {
    }
}
