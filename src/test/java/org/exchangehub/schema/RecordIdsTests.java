package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Record ids are RFC 9562 version-7 UUIDs: the millisecond they were made, then 74 random bits. */
class RecordIdsTests {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        Instant at = Instant.parse("2026-11-23T08:30:15.123Z");

        UUID id = UUID.fromString(RecordIds.next(at));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).as("RFC 9562 variant 10xx").isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        assertThat(RecordIds.next(at)).hasSize(36).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        // the RFC's test vector: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms
        assertThat(RecordIds.next(Instant.parse("2022-02-22T19:22:22Z"))).startsWith("017f22e2-79b0-7");
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAndNoneRepeats() {
        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        List<String> ids = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RecordIds.next(start.plusMillis(i / 10));
            ids.add(id);
            distinct.add(id);
        }

        assertThat(distinct).hasSize(ids.size());
        for (int i = 10; i < ids.size(); i += 10) {
            assertThat(ids.get(i)).as("text order follows time").isGreaterThan(ids.get(i - 1));
        }
    }
}
