package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.schema.RecordCodecException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

@HubTest
class RecordCodecTests {

    @Autowired
    RecordCodec codec;

    @Autowired
    SchemaRegistry registry;

    @Autowired
    CanonicalSchemas canonical;

    @Test
    void everyCanonicalRecordRoundTripsThroughJsonAndWireFormat() {
        SampleRecords samples = new SampleRecords(20261123L);
        for (String type : canonical.recordTypes()) {
            RegisteredSchema registered = canonical.forRecordType(type).orElseThrow();
            for (int i = 0; i < 200; i++) {
                JsonNode json = samples.next(registered.schema());

                byte[] wire = codec.encode(RecordJson.fromJson(json, registered.schema()));

                assertThat(wire[0]).isEqualTo(RecordCodec.MAGIC_BYTE);
                assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(registered.id());
                assertThat(RecordJson.toJson(codec.decode(wire))).as(type).isEqualTo(json);
            }
        }
    }

    @Test
    void decodesIntoANewerReaderSchema() {
        String subject = TestSchemas.subject("evolve");
        String v1Text = TestSchemas.unique(TestSchemas.V1);
        Schema v1 = registry.register(subject, v1Text).schema();
        Schema v2 = registry.register(subject, v1Text.replace("}]}",
                "}, {\"name\": \"note\", \"type\": \"string\", \"default\": \"none\"}]}")).schema();
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", "V-1");

        GenericRecord upgraded = codec.decode(codec.encode(old), v2);

        assertThat(upgraded.get("id").toString()).isEqualTo("V-1");
        assertThat(upgraded.get("note").toString()).isEqualTo("none");
    }

    @Test
    void rejectsMalformedMessagesWithTypedReasons() {
        Schema schema = canonical.forRecordType("work-order-status").orElseThrow().schema();
        byte[] wire = codec.encode(RecordJson.fromJson(new SampleRecords(7).next(schema), schema));

        byte[] badMagic = wire.clone();
        badMagic[0] = 1;
        byte[] unknownId = wire.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 999_999);
        byte[] trailing = Arrays.copyOf(wire, wire.length + 3);

        assertReason(() -> codec.decode(badMagic), Reason.BAD_MAGIC_BYTE);
        assertReason(() -> codec.decode(new byte[] { 0, 0, 1 }), Reason.TRUNCATED);
        assertReason(() -> codec.decode(null), Reason.TRUNCATED);
        assertReason(() -> codec.decode(Arrays.copyOf(wire, wire.length - 2)), Reason.TRUNCATED);
        assertReason(() -> codec.decode(unknownId), Reason.UNKNOWN_SCHEMA_ID);
        assertReason(() -> codec.decode(trailing), Reason.MALFORMED_AVRO);
    }

    @Test
    void refusesToEncodeUnregisteredOrInvalidRecords() {
        Schema unregistered = new Schema.Parser().parse(TestSchemas.unique(TestSchemas.V1));
        GenericRecord stray = new GenericData.Record(unregistered);
        stray.put("id", "x");
        Schema person = canonical.forRecordType("person").orElseThrow().schema();
        GenericRecord incomplete = new GenericData.Record(person);

        assertReason(() -> codec.encode(stray), Reason.SCHEMA_NOT_REGISTERED);
        assertReason(() -> codec.encode(incomplete), Reason.INVALID_RECORD);
    }

    private static void assertReason(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RecordCodecException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
