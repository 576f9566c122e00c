package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.schema.RecordCodecException.Reason;
import org.junit.jupiter.api.Test;

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
