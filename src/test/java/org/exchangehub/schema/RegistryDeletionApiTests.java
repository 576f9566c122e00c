package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryDeletionApiTests extends RegistryApiTest {

    @Test
    void softDeletedVersionIsHiddenUnlessDeletedIsAskedFor() {
        String subject = TestSchemas.subject("softversion");
        String first = TestSchemas.unique(TestSchemas.V1);
        int firstId = http.register(subject, first);
        http.register(subject, first.replace("}]}", "}, {\"name\": \"note\", \"type\": \"string\", \"default\": \"\"}]}"));

        assertThat(http.delete("/subjects/" + subject + "/versions/1").body()).isEqualTo("1");

        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);
        assertThat(http.get("/schemas/ids/" + firstId + "/versions").json()).isEmpty();
        assertThat(http.get("/schemas/ids/" + firstId + "/versions?deleted=true").json()).hasSize(1);
        assertThat(http.get("/schemas/ids/" + firstId).status()).as("ids stay resolvable").isEqualTo(200);
    }

    @Test
    void versionIsDeletedPermanentlyOnlyAfterASoftDelete() {
        String subject = TestSchemas.subject("hardversion");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        assertThat(http.delete("/subjects/" + subject + "/versions/2?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.delete("/subjects/" + subject + "/versions/1").status()).isEqualTo(200);
        assertThat(http.delete("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40406);
        assertThat(http.delete("/subjects/" + subject + "/versions/1?permanent=true").body()).isEqualTo("1");

        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[2]");
        assertThat(http.delete("/subjects/" + subject + "/versions/9").errorCode()).isEqualTo(40402);
    }

    @Test
    void latestVersionCanBeSoftDeleted() {
        String subject = TestSchemas.subject("softlatest");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        assertThat(http.delete("/subjects/" + subject + "/versions/latest").body()).isEqualTo("2");
        assertThat(http.get("/subjects/" + subject + "/versions/latest").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void reRegisteringASoftDeletedSchemaCreatesANewVersion() {
        String subject = TestSchemas.subject("reregister");
        int id = http.register(subject, TestSchemas.V1);
        http.delete("/subjects/" + subject + "/versions/1");

        assertThat(http.register(subject, TestSchemas.V1)).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
    }

    @Test
    void subjectIsSoftDeletedThenPermanentlyDeleted() {
        String subject = TestSchemas.subject("subject");
        http.register(subject, TestSchemas.V1);
        http.register(subject, TestSchemas.V2);

        assertThat(http.delete("/subjects/" + subject + "?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(http.delete("/subjects/" + subject).json().toString()).isEqualTo("[1,2]");

        assertThat(http.get("/subjects").json().toString()).doesNotContain(subject);
        assertThat(http.get("/subjects?deleted=true").json().toString()).contains(subject);
        assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
        assertThat(http.delete("/subjects/" + subject).errorCode()).isEqualTo(40404);

        assertThat(http.delete("/subjects/" + subject + "?permanent=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects?deleted=true").json().toString()).doesNotContain(subject);
        assertThat(http.delete("/subjects/" + subject).errorCode()).isEqualTo(40401);
    }
}
