package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.schema.RecordCodecException.Reason;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RecordJsonTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Schema incident;
    private final ObjectNode valid;

    RecordJsonTests() throws IOException {
        incident = new Schema.Parser().parse(Path.of("schemas/police-incident.avsc").toFile());
        valid = (ObjectNode) JSON.readTree("""
                {"recordId": "0b5c6f7e-8d9a-4b1c-9e2f-3a4b5c6d7e8f", "sourceDepartment": "police",
                 "sourceKey": "J330102202611011000", "occurredAt": "2026-11-01T08:15:30+08:00",
                 "ingestedAt": 1793500000000, "incidentNo": "J330102202611011000", "callerName": "阿依古丽·买买提",
                 "callerIdNumber": "330102198511200487", "callerPhone": null, "place": "杭州市某区某街道3号",
                 "divisionCode": "330102", "category": "纠纷", "summary": "邻里纠纷"}""");
    }

    @Test
    void readsPlainJsonWithLogicalTypesAndBareUnions() {
        GenericRecord record = RecordJson.fromJson(valid, incident);

        assertThat(record.get("occurredAt")).isEqualTo(1793492130000L);
        assertThat(record.get("ingestedAt")).isEqualTo(1793500000000L);
        assertThat(record.get("callerName")).isEqualTo("阿依古丽·买买提");
        assertThat(record.get("callerPhone")).isNull();
    }

    @Test
    void writesTimestampsInShanghaiTime() {
        ObjectNode written = (ObjectNode) RecordJson.toJson(RecordJson.fromJson(valid, incident));

        assertThat(written.get("ingestedAt").asText()).isEqualTo("2026-11-01T10:26:40.000+08:00");
        assertThat(written.get("occurredAt").asText()).isEqualTo("2026-11-01T08:15:30.000+08:00");
    }

    /**
     * The delivery bodies are written token by token ({@link RecordJson#write}): byte for byte what the tree gives,
     * for every Avro type the hub's JSON knows, nested, with nulls, escapes and both logical types.
     */
    @Test
    void writingStraightToAGeneratorGivesTheSameBytesAsTheTree() throws IOException {
        Schema everything = new Schema.Parser().parse("""
                {"type": "record", "name": "Everything", "namespace": "test", "fields": [
                  {"name": "text", "type": "string"}, {"name": "maybe", "type": ["null", "string"]},
                  {"name": "count", "type": "int"}, {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "big", "type": "long"},
                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "ratio", "type": "float"}, {"name": "amount", "type": "double"},
                  {"name": "flag", "type": "boolean"}, {"name": "blob", "type": "bytes"},
                  {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 3}},
                  {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
                  {"name": "tags", "type": {"type": "array", "items": "string"}},
                  {"name": "scores", "type": {"type": "map", "values": ["null", "double"]}},
                  {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [
                    {"name": "note", "type": "string"}, {"name": "n", "type": ["null", "int"]}]}]},
                  {"name": "nothing", "type": "null"}]}""");
        ObjectNode json = (ObjectNode) JSON.readTree("""
                {"text": "引号\\\" 反斜杠\\\\ 换行\\n 制表\\t \\u0001 😀", "maybe": null, "count": -2147483648,
                 "day": "2026-12-08", "big": 9223372036854775807, "at": "1986-05-04T01:59:59.999+09:00",
                 "ratio": 0.1, "amount": 1.0E-7, "flag": true, "blob": "AAEC/w==", "code": "YWJj", "kind": "B",
                 "tags": ["x", "", "张三"], "scores": {"k1": 2.5, "k2": null},
                 "inner": {"note": "内", "n": null}, "nothing": null}""");
        GenericRecord incidentRecord = RecordJson.fromJson(valid, incident);
        for (GenericRecord record : List.of(RecordJson.fromJson(json, everything), incidentRecord)) {
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            try (JsonGenerator out = JSON.getFactory().createGenerator(streamed)) {
                RecordJson.write(record, out);
            }
            assertThat(streamed.toByteArray()).as(record.getSchema().getName())
                    .isEqualTo(JSON.writeValueAsBytes(RecordJson.toJson(record)));
        }
    }

    @Test
    void absentNullableFieldTakesItsDefault() {
        valid.remove("summary");

        assertThat(RecordJson.fromJson(valid, incident).get("summary")).isNull();
    }

    @Test
    void reportsFieldPathWithoutTheValue() {
        valid.put("callerIdNumber", 330102198511200487L);

        assertThatThrownBy(() -> RecordJson.fromJson(valid, incident))
                .isInstanceOfSatisfying(RecordCodecException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.JSON_TYPE_MISMATCH))
                .hasMessageContaining("$.callerIdNumber").hasMessageNotContaining("330102198511200487");
    }

    @Test
    void rejectsMissingUnknownAndMalformedFields() {
        assertReason(copy().without("incidentNo"), Reason.JSON_MISSING_FIELD);
        assertReason(copy().put("shoeSize", 42), Reason.JSON_UNKNOWN_FIELD);
        assertReason(copy().put("recordId", "not-a-uuid"), Reason.JSON_TYPE_MISMATCH);
        assertReason(copy().put("occurredAt", "yesterday"), Reason.JSON_TYPE_MISMATCH);
        assertReason(copy().put("occurredAt", 1.5), Reason.JSON_TYPE_MISMATCH);
        assertReason(copy().putNull("divisionCode"), Reason.JSON_TYPE_MISMATCH);
    }

    @Test
    void rejectsUnknownEnumSymbol() throws IOException {
        Schema petition = new Schema.Parser().parse(Path.of("schemas/petition.avsc").toFile());
        ObjectNode sample = new SampleRecords(3).next(petition);
        sample.put("form", "PIGEON");

        assertThatThrownBy(() -> RecordJson.fromJson(sample, petition)).hasMessageContaining("$.form")
                .hasMessageContaining("LETTER");
    }

    private ObjectNode copy() {
        return valid.deepCopy();
    }

    private void assertReason(ObjectNode json, Reason reason) {
        assertThatThrownBy(() -> RecordJson.fromJson(json, incident)).isInstanceOfSatisfying(
                RecordCodecException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
