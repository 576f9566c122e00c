package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exchangehub.schema.RegistryHttp.schemaBody;

import org.junit.jupiter.api.Test;

class RegistryVersionsApiTests extends RegistryApiTest {

    @Test
    void registeredSchemaIsServedByEveryReadEndpoint() {
        String subject = TestSchemas.subject("visit");
        int id = http.register(subject, TestSchemas.unique(TestSchemas.V1));

        assertThat(http.get("/subjects").json()).extracting(Object::toString).asString().contains(subject);
        assertThat(http.get("/subjects?subjectPrefix=visit-").json().toString()).contains(subject);
        assertThat(http.get("/subjects?subjectPrefix=nothing-").json()).isEmpty();
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        for (String version : new String[] { "1", "latest", "-1" }) {
            var described = http.get("/subjects/" + subject + "/versions/" + version);
            assertThat(described.status()).isEqualTo(200);
            assertThat(described.contentType()).startsWith(RegistryHttp.MEDIA_TYPE);
            assertThat(described.json().get("subject").asText()).isEqualTo(subject);
            assertThat(described.json().get("version").asInt()).isEqualTo(1);
            assertThat(described.json().get("id").asInt()).isEqualTo(id);
            assertThat(described.json().get("schema").asText()).contains("\"name\":\"Visit");
        }
        assertThat(http.get("/subjects/" + subject + "/versions/1/schema").json().get("name").asText())
                .startsWith("Visit");
        assertThat(http.get("/schemas/ids/" + id).json().get("schema").asText()).contains("org.example");
        assertThat(http.get("/schemas/ids/" + id + "/schema").json().get("type").asText()).isEqualTo("record");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":1}]");
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"" + subject + "\"]");
        assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void sameSchemaWithCrlfWhitespaceAndReorderedPropertiesKeepsIdAndVersion() {
        String subject = TestSchemas.subject("identity");
        int id = http.register(subject, TestSchemas.V1);
        String reformatted = "{\r\n  \"fields\" : [ { \"type\" : \"string\",\r\n \"name\" : \"id\" } ],\r\n"
                + "  \"namespace\": \"org.example\",\t\"name\" : \"Visit\",\r\n  \"type\" : \"record\"\r\n}\r\n";
        String fullName = "{\"type\":\"record\",\"name\":\"org.example.Visit\","
                + "\"fields\":[{\"name\":\"id\",\"type\":{\"type\":\"string\"}}]}";

        assertThat(http.register(subject, reformatted)).isEqualTo(id);
        assertThat(http.register(subject, fullName)).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void changedPiiAnnotationIsANewSchema() {
        String subject = TestSchemas.subject("pii");
        String plain = """
                {"type":"record","name":"Caller","fields":[{"name":"phone","type":["null","string"],"default":null}]}""";
        String annotated = """
                {"type":"record","name":"Caller","fields":[{"name":"phone","type":["null","string"],"default":null,
                 "pii":"PHONE"}]}""";

        int first = http.register(subject, plain);
        int second = http.register(subject, annotated);

        assertThat(second).isNotEqualTo(first);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void sameSchemaUnderTwoSubjectsSharesOneId() {
        String one = TestSchemas.subject("shared");
        String two = TestSchemas.subject("shared");
        String schema = TestSchemas.unique(TestSchemas.V2);
        int id = http.register(one, schema);

        assertThat(http.register(two, schema)).isEqualTo(id);
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json()).hasSize(2);
    }

    @Test
    void lookupFindsTheVersionHoldingASchema() {
        String subject = TestSchemas.subject("lookup");
        int id = http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        var found = http.post("/subjects/" + subject, schemaBody(TestSchemas.V1));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);

        var unknownSchema = http.post("/subjects/" + subject, schemaBody(TestSchemas.V3));
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
        assertThat(http.post("/subjects/no-such-subject", schemaBody(TestSchemas.V1)).errorCode()).isEqualTo(40401);
    }

    @Test
    void unknownSubjectVersionAndIdGet404Codes() {
        String subject = TestSchemas.subject("unknown");
        http.register(subject, TestSchemas.V1);

        assertThat(http.get("/subjects/no-such-subject/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/no-such-subject/versions/latest").errorCode()).isEqualTo(40401);
        var missingVersion = http.get("/subjects/" + subject + "/versions/7");
        assertThat(missingVersion.status()).isEqualTo(404);
        assertThat(missingVersion.errorCode()).isEqualTo(40402);
        assertThat(http.get("/schemas/ids/999999").errorCode()).isEqualTo(40403);
        assertThat(http.get("/schemas/ids/999999/versions").errorCode()).isEqualTo(40403);
    }

    @Test
    void invalidVersionGets42202() {
        String subject = TestSchemas.subject("badversion");
        http.register(subject, TestSchemas.V1);

        for (String version : new String[] { "abc", "0", "-2", "99999999999" }) {
            var response = http.get("/subjects/" + subject + "/versions/" + version);
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(42202);
        }
    }

    @Test
    void invalidSchemaGets42201WithParserMessageAndChangesNothing() {
        String subject = TestSchemas.subject("invalid");
        http.register(subject, TestSchemas.V1);

        var unknownType = http.post("/subjects/" + subject + "/versions",
                schemaBody("{\"type\":\"record\",\"name\":\"Visit\",\"fields\":[{\"name\":\"id\",\"type\":\"strin\"}]}"));
        assertThat(unknownType.status()).isEqualTo(422);
        assertThat(unknownType.errorCode()).isEqualTo(42201);
        assertThat(unknownType.json().get("message").asText()).contains("strin");

        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody("{not json")).errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody("")).errorCode()).isEqualTo(42201);
        var badDefault = http.post("/subjects/" + subject + "/versions", schemaBody(
                "{\"type\":\"record\",\"name\":\"Visit\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}"));
        assertThat(badDefault.errorCode()).isEqualTo(42201);

        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void piiAnnotationsAreValidatedAtRegistration() {
        String subject = TestSchemas.subject("badpii");
        var unknownCategory = http.post("/subjects/" + subject + "/versions", schemaBody("""
                {"type":"record","name":"P","fields":[{"name":"x","type":["null","string"],"default":null,"pii":"SHOE_SIZE"}]}"""));
        var notNullableString = http.post("/subjects/" + subject + "/versions", schemaBody("""
                {"type":"record","name":"P","fields":[{"name":"age","type":"int","pii":"HEALTH"}]}"""));
        var indexWithoutPii = http.post("/subjects/" + subject + "/versions", schemaBody("""
                {"type":"record","name":"P","fields":[{"name":"x","type":"string","blindIndex":true}]}"""));

        assertThat(unknownCategory.errorCode()).isEqualTo(42201);
        assertThat(unknownCategory.json().get("message").asText()).contains("'x'").contains("SHOE_SIZE");
        assertThat(notNullableString.json().get("message").asText()).contains("'age'");
        assertThat(indexWithoutPii.json().get("message").asText()).contains("blindIndex");
        assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
    }

    @Test
    void overlongSubjectNameGets42208() {
        var response = http.post("/subjects/" + "s".repeat(256) + "/versions", schemaBody(TestSchemas.V1));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42208);
    }

    @Test
    void acceptsPlainJsonAndRejectsWhatItCannotServe() {
        String subject = TestSchemas.subject("media");
        var plainJson = http.post("/subjects/" + subject + "/versions", schemaBody(TestSchemas.V1), "application/json");
        assertThat(plainJson.status()).isEqualTo(200);

        assertThat(http.post("/subjects/" + subject + "/versions", "[1,2").status()).isEqualTo(400);
        assertThat(http.post("/subjects/" + subject + "/versions",
                "{\"schema\":\"syntax = 'proto3';\",\"schemaType\":\"PROTOBUF\"}").errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/" + subject + "/versions",
                "{\"schema\":\"{}\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}").errorCode())
                .isEqualTo(42201);
    }
}
