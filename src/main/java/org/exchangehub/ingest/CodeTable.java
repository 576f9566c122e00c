package org.exchangehub.ingest;

import java.util.Map;

/**
 * Translates one source system's codes to the standard ({@code config/codes/<id>.yaml}), e.g. the petition
 * export's sex 0/1 to GB/T 2261.1, or 来信/来电 to the canonical enum symbols.
 *
 * @param id          table id, the file name without {@code .yaml}
 * @param description what is translated to what
 * @param entries     source value → standard value (text, number or boolean)
 */
public record CodeTable(String id, String description, Map<String, Object> entries) {

    public CodeTable {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
    }
}
