package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Quarantined inputs are fixed and resubmitted through the path they first took, or discarded with a reason. */
@HubTest
class QuarantineTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    InboundRecords inbound;

    @Autowired
    Quarantine quarantine;

    @Test
    void fixedSourceRowIsResubmittedThroughItsMapping() throws Exception {
        ObjectNode row = (ObjectNode) JSON.readTree("""
                {"信访件编号": "XF33012026119998", "登记日期": "2026年11月4日", "信访人姓名": "张伟",
                 "身份证号": "330105199001010170", "联系电话": "13519722233", "性别": "1", "信访形式": "来访",
                 "信访目的": "意见建议", "问题属地": "330105", "内容摘要": "建议增设公交站", "办理状态": "已交办",
                 "是否重复信访": "否", "是否集体访": "否"}""");
        InboundOutcome first = inbound.receiveMapped("petition-csv", row, "FILE");
        assertThat(first.status()).isEqualTo(InboundOutcome.Status.QUARANTINED);

        row.put("身份证号", "330105199001010177");
        InboundOutcome second = inbound.resubmit(first.quarantineId(), row, "admin-test");

        assertThat(second.status()).as(String.valueOf(second.problems())).isEqualTo(InboundOutcome.Status.ACCEPTED);
        assertThat(quarantine.list("RESUBMITTED")).anySatisfy(entry -> {
            assertThat(entry.id()).isEqualTo(first.quarantineId());
            assertThat(entry.resolution()).contains("admin-test").contains(second.recordId());
        });
        assertThatThrownBy(() -> inbound.resubmit(first.quarantineId(), row, "admin-test"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryIsDiscardedOnlyWithAReason() throws Exception {
        InboundOutcome outcome = inbound.receive("work-order", JSON.readTree("{\"sourceDepartment\": \"hotline\"}"),
                "PUSH");

        assertThatThrownBy(() -> quarantine.resolve(outcome.quarantineId(), "DISCARDED", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(quarantine.resolve(outcome.quarantineId(), "DISCARDED", "test call from the hotline's staging system"))
                .isTrue();
        assertThat(quarantine.list("DISCARDED")).extracting(QuarantineEntry::id).contains(outcome.quarantineId());
        assertThat(quarantine.resolve(outcome.quarantineId(), "DISCARDED", "again")).isFalse();
    }

    @Test
    void aListedSourceKeyOrFileNameShowsRecordNumbersButMasksAPersonsIdOrPhoneNumber() {
        assertThat(Quarantine.listed("XF33012026119999", 200)).isEqualTo("XF33012026119999");
        assertThat(Quarantine.listed("petition-export-20261107.csv", 255)).isEqualTo("petition-export-20261107.csv");
        assertThat(Quarantine.listed("person-33010219460312038X", 200)).isEqualTo("person-330*************8X");
        assertThat(Quarantine.listed("caller 13730246633.csv", 255)).isEqualTo("caller 137******33.csv");
        assertThat(Quarantine.listed("  ", 200)).isNull();
        assertThat(Quarantine.listed("K".repeat(300), 200)).hasSize(200).endsWith("…");
    }
}
