package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exchangehub.schema.RegistryHttp.schemaBody;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryCompatibilityApiTests extends RegistryApiTest {

    @AfterEach
    void restoreGlobalLevel() {
        http.delete("/config");
    }

    @Test
    void backwardTransitiveRejectsAChangeCompatibleOnlyWithTheLatestVersion() {
        String subject = TestSchemas.subject("transitive");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        var rejected = http.post("/subjects/" + subject + "/versions", schemaBody(TestSchemas.V3));

        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.errorCode()).isEqualTo(409);
        assertThat(rejected.json().get("message").asText())
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("version 1").doesNotContain("version 2");
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void backwardAcceptsTheSameChange() {
        String subject = TestSchemas.subject("nontransitive");
        http.put("/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        assertThat(http.register(subject, TestSchemas.V3)).isPositive();
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2,3]");
    }

    @Test
    void incompatibleChangeListsEachProblem() {
        String subject = TestSchemas.subject("problems");
        http.register(subject, TestSchemas.V1);

        String message = http.post("/subjects/" + subject + "/versions", schemaBody(TestSchemas.BROKEN))
                .json().get("message").asText();

        assertThat(message).contains("TYPE_MISMATCH").contains("/fields/0/type")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("visitor");
    }

    @Test
    void forwardAndFullCheckTheOtherDirection() {
        String subject = TestSchemas.subject("forward");
        http.put("/config/" + subject, "{\"compatibility\":\"FORWARD\"}");
        http.register(subject, TestSchemas.V2);

        // Dropping a field is forward compatible: old readers fill it from their default.
        assertThat(http.register(subject, TestSchemas.V1)).isPositive();
        http.put("/config/" + subject, "{\"compatibility\":\"FULL\"}");
        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(TestSchemas.BROKEN)).status())
                .isEqualTo(409);
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        assertThat(http.register(subject, TestSchemas.BROKEN)).isPositive();
    }

    @Test
    void compatibilityEndpointReportsWithoutRegistering() {
        String subject = TestSchemas.subject("check");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        var compatible = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(TestSchemas.V3));
        assertThat(compatible.json().get("is_compatible").asBoolean()).isTrue();
        var againstFirst = http.post("/compatibility/subjects/" + subject + "/versions/1", schemaBody(TestSchemas.V3));
        assertThat(againstFirst.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(againstFirst.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        var againstAll = http.post("/compatibility/subjects/" + subject + "/versions", schemaBody(TestSchemas.V3));
        assertThat(againstAll.json().get("is_compatible").asBoolean()).isFalse();

        assertThat(http.post("/compatibility/subjects/nope/versions/latest", schemaBody(TestSchemas.V1)).errorCode())
                .isEqualTo(40401);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/5", schemaBody(TestSchemas.V1))
                .errorCode()).isEqualTo(40402);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody("{\"type\":"))
                .errorCode()).isEqualTo(42201);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void globalLevelCanBeChangedAndReset() {
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD_TRANSITIVE");

        assertThat(http.put("/config", "{\"compatibility\":\"FULL\"}").json().get("compatibility").asText())
                .isEqualTo("FULL");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(http.delete("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD_TRANSITIVE");

        var invalid = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD_TRANSITIVE");
    }

    @Test
    void subjectLevelOverridesGlobalUntilDeleted() {
        String subject = TestSchemas.subject("subjectconfig");

        assertThat(http.get("/config/" + subject).errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD_TRANSITIVE");
        assertThat(http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}").json().get("compatibility").asText())
                .isEqualTo("NONE");
        assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.put("/config/" + subject, "{\"compatibility\":\"nonsense\"}").errorCode()).isEqualTo(42203);
        assertThat(http.delete("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/" + subject).errorCode()).isEqualTo(40408);
        assertThat(http.delete("/config/" + subject).errorCode()).isEqualTo(40408);
    }
}
