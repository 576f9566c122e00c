package org.exchangehub.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exchangehub.ingest.CodeTable;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.Mapping;
import org.exchangehub.ingest.MappingResult;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class MappingEngineTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, CodeTable> CODES = Map.of("yes-no", new CodeTable("yes-no", "", Map.of("有", true)));

    @Test
    void concatenatesNestedFieldsAndSetsConstants() throws Exception {
        MappingResult result = MappingEngine.apply(mapping(Map.of(
                "address", rule(null, List.of("Addr/City", "Addr/District", "Addr/Street"), "", null, null, null),
                "channel", rule(null, null, null, "GRID", null, null),
                "dueAt", rule("Due", null, null, null, "date-time", null),
                "livesAlone", rule("Alone", null, null, null, null, "yes-no"))), CODES,
                JSON.readTree("""
                        {"Addr": {"City": "杭州市", "District": "某区", "Street": " 某街道6号 "}, "Due": "2026年11月22日",
                         "Alone": "有"}"""));

        assertThat(result.problems()).isEmpty();
        assertThat(result.canonical().get("address").asText()).isEqualTo("杭州市某区某街道6号");
        assertThat(result.canonical().get("channel").asText()).isEqualTo("GRID");
        assertThat(result.canonical().get("dueAt").asText()).isEqualTo("2026-11-22T00:00+08:00");
        assertThat(result.canonical().get("livesAlone").asBoolean()).isTrue();
        assertThat(result.canonical().get("sourceDepartment").asText()).isEqualTo("grid");
    }

    @Test
    void reportsEveryFailingFieldWithItsReason() throws Exception {
        MappingResult result = MappingEngine.apply(mapping(Map.of(
                "size", rule("Size", null, null, null, "integer", null),
                "alone", rule("Alone", null, null, null, null, "yes-no"),
                "name", rule("Name", null, null, null, null, null),
                "key", new Mapping.Rule("Key", null, null, null, null, null, true))), CODES,
                JSON.readTree("{\"Size\": \"三\", \"Alone\": \"不详\", \"Name\": \"王\uFFFD\"}"));

        assertThat(result.problems()).containsExactlyInAnyOrder(new FieldProblem("size", "NUMBER_FORMAT"),
                new FieldProblem("alone", "CODE_UNKNOWN"), new FieldProblem("name", "ENCODING"),
                new FieldProblem("key", "REQUIRED_MISSING"));
    }

    private static Mapping mapping(Map<String, Mapping.Rule> fields) {
        return new Mapping("test", "work-order", "grid", new LinkedHashMap<>(fields));
    }

    private static Mapping.Rule rule(String from, List<String> concat, String separator, Object constant,
            String transform, String codeTable) {
        return new Mapping.Rule(from, concat, separator, constant, transform, codeTable, false);
    }
}
