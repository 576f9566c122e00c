package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.schema.RegisteredSchema;
import org.exchangehub.schema.SampleRecords;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Encrypt → view → decrypt on many random records of every schema in {@code schemas/}, for the suite of the
 * running hub. Subclasses choose the suite.
 */
abstract class ProtectionRoundTripContract {

    @Autowired
    RecordProtection protection;

    @Autowired
    CanonicalSchemas canonical;

    abstract CryptoSuite suite();

    @Test
    void everySchemaRoundTripsThroughProtectionAndEveryView() throws Exception {
        SampleRecords samples = new SampleRecords(4711);
        KeyPair subscriber = suite().newKeyPair();
        for (String type : canonical.recordTypes()) {
            RegisteredSchema registered = canonical.forRecordType(type).orElseThrow();
            String subject = SchemaRegistry.subjectFor(type);
            for (int i = 0; i < 100; i++) {
                GenericRecord clear = RecordJson.fromJson(samples.next(registered.schema()), registered.schema());

                ProtectedRecord protectedRecord = protection.protect(clear, subject);

                assertProtected(clear, protectedRecord.record(), registered.schema());
                assertThat(protection.reveal(protectedRecord.record(), subject)).isEqualTo(clear);
                assertThat(protection.view(protectedRecord, subject, allFields(registered.schema(), FieldView.CLEAR, subscriber)))
                        .isEqualTo(clear);
                assertSealedFieldsOpen(clear, protection.view(protectedRecord, subject,
                        allFields(registered.schema(), FieldView.SEALED, subscriber)), subject, subscriber);
            }
        }
    }

    private void assertProtected(GenericRecord clear, GenericRecord protectedRecord, Schema schema) {
        for (Schema.Field field : schema.getFields()) {
            Object original = clear.get(field.name());
            Object stored = protectedRecord.get(field.name());
            boolean pii = protection.piiFields(schema).stream().anyMatch(p -> p.name().equals(field.name()));
            if (pii && original != null) {
                assertThat(stored.toString()).startsWith("ehx1.");
                if (!original.toString().chars().allMatch(c -> c < 128)) {
                    assertThat(stored.toString()).doesNotContain(original.toString());
                }
            } else {
                assertThat(stored).isEqualTo(original);
            }
        }
    }

    private void assertSealedFieldsOpen(GenericRecord clear, GenericRecord sealed, String subject, KeyPair subscriber)
            throws Exception {
        for (PiiField field : protection.piiFields(clear.getSchema())) {
            Object value = sealed.get(field.name());
            if (clear.get(field.name()) == null) {
                assertThat(value).isNull();
                continue;
            }
            assertThat(SealedFields.open(value.toString(), subscriber.getPrivate(), clear.get("recordId").toString(),
                    subject, field.name())).isEqualTo(clear.get(field.name()).toString());
        }
    }

    private SubscriberView allFields(Schema schema, FieldView view, KeyPair subscriber) {
        Map<String, FieldView> fields = new HashMap<>();
        protection.piiFields(schema).forEach(field -> fields.put(field.name(), view));
        return new SubscriberView(fields, subscriber.getPublic());
    }
}
