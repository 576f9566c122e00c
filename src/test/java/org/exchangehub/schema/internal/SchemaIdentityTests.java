package org.exchangehub.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaIdentityTests {

    private static final String BASE = """
            {"type":"record","name":"Caller","namespace":"org.example","doc":"A caller.",
             "fields":[{"name":"phone","type":["null","string"],"default":null,"pii":"PHONE","blindIndex":true}]}""";

    @Test
    void formattingPropertyOrderAndNamespaceSpellingDoNotChangeIdentity() {
        String reordered = "{\r\n\"fields\":[{\"blindIndex\":true,\"pii\":\"PHONE\",\"default\":null,"
                + "\"type\":[\"null\",{\"type\":\"string\"}],\"name\":\"phone\"}],\r\n"
                + "  \"doc\" : \"A caller.\", \"name\":\"org.example.Caller\",\"type\":\"record\"}";

        assertThat(hash(reordered)).isEqualTo(hash(BASE));
    }

    @Test
    void annotationsDocsAndDefaultsChangeIdentity() {
        assertThat(hash(BASE.replace("\"PHONE\"", "\"NAME\""))).isNotEqualTo(hash(BASE));
        assertThat(hash(BASE.replace(",\"blindIndex\":true", ""))).isNotEqualTo(hash(BASE));
        assertThat(hash(BASE.replace("A caller.", "Someone who called."))).isNotEqualTo(hash(BASE));
    }

    @Test
    void parsingFingerprintIgnoresWhatTheIdentityKeeps() {
        Schema annotated = SchemaIdentity.parse(BASE);
        Schema plain = SchemaIdentity.parse(BASE.replace(",\"pii\":\"PHONE\",\"blindIndex\":true", ""));

        assertThat(SchemaIdentity.parsingFingerprint(annotated)).isEqualTo(SchemaIdentity.parsingFingerprint(plain));
        assertThat(SchemaIdentity.identityHash(annotated)).isNotEqualTo(SchemaIdentity.identityHash(plain));
    }

    @Test
    void fieldOrderIsPartOfIdentity() {
        String two = """
                {"type":"record","name":"P","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]}""";
        String swapped = """
                {"type":"record","name":"P","fields":[{"name":"b","type":"int"},{"name":"a","type":"int"}]}""";

        assertThat(hash(two)).isNotEqualTo(hash(swapped));
    }

    private static String hash(String schemaText) {
        return SchemaIdentity.identityHash(SchemaIdentity.parse(schemaText));
    }
}
