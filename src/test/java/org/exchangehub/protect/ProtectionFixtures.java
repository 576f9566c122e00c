package org.exchangehub.protect;

import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Fictional people with valid check characters, as canonical records. */
final class ProtectionFixtures {

    static final String DEATH = "death-certificate-value";
    static final String INCIDENT = "police-incident-value";

    private ProtectionFixtures() {
    }

    static GenericRecord deathCertificate(Schema schema) {
        GenericRecord record = header(schema, "health", "S330105202611060017");
        record.put("certificateNo", "S330105202611060017");
        record.put("hospitalName", "某市第一人民医院");
        record.put("hospitalUscc", "91350100M000100Y43");
        record.put("deceasedName", "陈𠇔");
        record.put("deceasedIdNumber", "33010519390615002X");
        record.put("sex", "2");
        record.put("address", "杭州市某区某街道8号");
        record.put("divisionCode", "330105");
        record.put("deathTime", 1793907000000L);
        record.put("causeDirect", "急性心肌梗死");
        record.put("causeUnderlying", "冠状动脉粥样硬化性心脏病");
        record.put("icd10", "I21.9");
        return record;
    }

    static GenericRecord incident(Schema schema, String callerIdNumber) {
        GenericRecord record = header(schema, "police", "J330106202611021001");
        record.put("incidentNo", "J330106202611021001");
        record.put("callerName", "李建国");
        record.put("callerIdNumber", callerIdNumber);
        record.put("callerPhone", "13915032582");
        record.put("place", "杭州市某区某街道4号");
        record.put("divisionCode", "330106");
        record.put("category", "求助");
        record.put("summary", "老人摔倒求助");
        return record;
    }

    /** Every PII field of the death certificate in one view. */
    static SubscriberView deathView(FieldView view, java.security.PublicKey sealingKey) {
        return new SubscriberView(Map.of("deceasedName", view, "deceasedIdNumber", view, "address", view,
                "causeDirect", view, "causeUnderlying", view, "icd10", view), sealingKey);
    }

    private static GenericRecord header(Schema schema, String department, String key) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("recordId", UUID.randomUUID().toString());
        record.put("sourceDepartment", department);
        record.put("sourceKey", key);
        record.put("occurredAt", 1793907000000L);
        record.put("ingestedAt", 1793950000000L);
        return record;
    }
}
