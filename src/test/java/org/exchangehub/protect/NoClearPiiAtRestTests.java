package org.exchangehub.protect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchangehub.protect.ProtectionFixtures.DEATH;
import static org.exchangehub.protect.ProtectionFixtures.INCIDENT;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.protect.internal.DataKeys;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores protected records as the journal will (wire format plus blind indexes), then dumps every table of the
 * database with H2's SCRIPT and looks for each clear value, as text and as the hex of its UTF-8 bytes — and for
 * the clear data keys.
 */
@HubTest
class NoClearPiiAtRestTests {

    private static final List<String> CLEAR_VALUES = List.of("陈𠇔", "33010519390615002X", "杭州市某区某街道8号",
            "急性心肌梗死", "冠状动脉粥样硬化性心脏病", "I21.9", "李建国", "330106195808070152", "13915032582", "老人摔倒求助");

    @Autowired
    RecordProtection protection;

    @Autowired
    RecordCodec codec;

    @Autowired
    SchemaRegistry registry;

    @Autowired
    DataKeys dataKeys;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noTableHoldsAClearValueOrAClearKey() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS scan_journal (id VARCHAR(64) PRIMARY KEY, payload VARBINARY(65536),"
                + " blind_indexes VARCHAR(4000))").update();
        store(protection.protect(ProtectionFixtures.deathCertificate(registry.latest(DEATH).schema()), DEATH));
        store(protection.protect(ProtectionFixtures.incident(registry.latest(INCIDENT).schema(), "330106195808070152"),
                INCIDENT));

        String dump = String.join("\n", jdbc.sql("SCRIPT").query(String.class).list());

        assertThat(dump).contains("scan_journal".toUpperCase()).contains("PROTECT_DATA_KEY");
        for (String value : CLEAR_VALUES) {
            assertThat(dump).doesNotContain(value)
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(value.getBytes(UTF_8)));
        }
        for (PiiCategory category : PiiCategory.values()) {
            byte[] key = dataKeys.forIndex(category).key();
            assertThat(dump).doesNotContainIgnoringCase(HexFormat.of().formatHex(key))
                    .doesNotContain(Base64.getEncoder().encodeToString(key));
        }
    }

    private void store(ProtectedRecord record) {
        GenericRecord stored = record.record();
        jdbc.sql("INSERT INTO scan_journal (id, payload, blind_indexes) VALUES (?, ?, ?)")
                .params(stored.get("recordId").toString(), codec.encode(stored), record.blindIndexes().toString())
                .update();
    }
}
