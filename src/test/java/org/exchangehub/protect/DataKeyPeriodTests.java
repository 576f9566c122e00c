package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exchangehub.protect.ProtectionFixtures.DEATH;

import java.time.Clock;
import java.time.Instant;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.MovableClock;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.convention.TestBean;

/** New data keys per period (a month, Asia/Shanghai); old ones keep decrypting. */
@HubTest
class DataKeyPeriodTests {

    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-30T15:00:00Z"));

    @TestBean(name = "clock")
    Clock clock;

    @Autowired
    RecordProtection protection;

    @Autowired
    SchemaRegistry registry;

    static Clock clock() {
        return CLOCK;
    }

    @Test
    void newMonthInShanghaiGetsANewDataKeyAndOldRecordsStillOpen() {
        GenericRecord november = protect();
        CLOCK.set(Instant.parse("2026-11-30T16:30:00Z")); // 00:30 on 1 December in Shanghai
        GenericRecord december = protect();

        assertThat(dekId(december)).isNotEqualTo(dekId(november));
        assertThat(dekId(protect())).isEqualTo(dekId(december));
        assertThat(protection.reveal(november, DEATH).get("causeDirect")).isEqualTo("急性心肌梗死");
        assertThat(protection.reveal(december, DEATH).get("causeDirect")).isEqualTo("急性心肌梗死");
    }

    private GenericRecord protect() {
        return protection.protect(ProtectionFixtures.deathCertificate(registry.latest(DEATH).schema()), DEATH).record();
    }

    private static String dekId(GenericRecord record) {
        return record.get("causeDirect").toString().split("\\.")[1];
    }
}
