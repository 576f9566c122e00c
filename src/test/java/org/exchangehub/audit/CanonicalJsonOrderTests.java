package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Members are sorted by Unicode code point, also where UTF-16 order would differ (supplementary characters). */
class CanonicalJsonOrderTests {

    @Test
    void keysSortByCodePointNotByUtf16Unit() {
        String supplementary = new String(Character.toChars(0x20094)); // 𠂔, encoded as a surrogate pair
        String privateUse = "\uE000";

        assertThat(CanonicalJson.byCodePoint(supplementary, privateUse)).isPositive();
        assertThat(supplementary.compareTo(privateUse)).as("UTF-16 order says the opposite").isNegative();
        assertThat(CanonicalJson.write(java.util.Map.of(supplementary, 1, privateUse, 2, "a", 3, "ab", 4)))
                .isEqualTo("{\"a\":3,\"ab\":4,\"\uE000\":2,\"" + supplementary + "\":1}");
    }

    @Test
    void fastOrderAgreesWithComparingCodePointArraysOnRandomStrings() {
        Random random = new Random(20261123);
        int[] pool = { 'a', 'z', 0x4E2D, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x20094, 0x1F600 };
        for (int i = 0; i < 20_000; i++) {
            String a = random(random, pool);
            String b = random(random, pool);
            int expected = Integer.signum(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
            assertThat(Integer.signum(CanonicalJson.byCodePoint(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
        }
    }

    @Test
    void anEventsFixedOrderWriterGivesTheSameTextAsWritingItsMembersAsAMap() {
        java.time.Instant at = java.time.Instant.parse("2026-11-23T08:16:00.120Z");
        List<AuditEvent> events = List.of(
                new AuditEvent(7, at, "hub", "DELIVERED", "r-1", "death-certificate-value", 3, "health",
                        "civil-affairs", "sr-2026-000001", "停发低保 \"引号\" \\ 反斜杠\n换行", "《社会救助暂行办法》第十三条",
                        Map.of("deceasedName", "MASKED", "\uE000", "CLEAR", new String(Character.toChars(0x20094)),
                                "OMIT"), Map.of("deceasedIdNumber", "bi1.AAAA"), "OK", "tab\there", null, null),
                new AuditEvent(1, at, "anonymous", "ACCESS_DENIED", null, null, null, null, null, null, null, null,
                        null, null, "FAILED", null, null, null));
        for (AuditEvent event : events) {
            assertThat(event.canonicalJson()).isEqualTo(CanonicalJson.write(AuditIndependentCheckTests.members(event)));
        }
        assertThat(events.get(1).canonicalJson()).startsWith("{\"action\":\"ACCESS_DENIED\",\"actor\":\"anonymous\",\"at\":");
    }

    @Test
    void aBatchEventsRecordsWrittenOnceAndInsertedGiveTheSameTextAsWritingThemWithTheEvent() {
        List<Map<String, Object>> records = List.of(
                AuditEntry.record("r-1", "allowance-value", 4, 1, 17, Map.of(), Map.of("idNumber", "bi1.AAAA")),
                AuditEntry.record("r-2", "allowance-value", 4, 2, 18, Map.of("name", "MASKED", "\uE000", "CLEAR"),
                        Map.of()));
        AuditEvent batch = new AuditEvent(8, java.time.Instant.parse("2026-12-07T06:00:00.001Z"), "civil-affairs",
                "PUBLISHED", null, "allowance-value", null, "civil-affairs", null, null, null, null, null, null, "OK",
                "2 records \"quoted\"", null, null, records);

        String written = CanonicalJson.write(records);

        assertThat(batch.canonicalJson(written)).isEqualTo(batch.canonicalJson())
                .isEqualTo(CanonicalJson.write(AuditIndependentCheckTests.members(batch))).contains(written);
    }

    private static String random(Random random, int[] pool) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            text.appendCodePoint(pool[random.nextInt(pool.length)]);
        }
        return text.toString();
    }
}
