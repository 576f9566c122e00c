package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the subscribers and the audit chain say after an {@link AllowanceFlow} run: records lost and duplicated,
 * redeliveries, content mismatches, the chain's verdict (through the auditor's API) and how often PUBLISHED and
 * DELIVERED events name the records.
 */
record FlowOutcome(long lost, long duplicated, long redelivered, long mismatched, JsonNode verdict, long published,
        long delivered) {

    /** Reads the outcome from the subscribers and, through {@code http}, the hub's audit chain. */
    static FlowOutcome of(HubHttp http, RecordingSubscribers subscribers, Set<String> accepted) {
        String auditor = TestCredentials.basic(TestCredentials.AUDITOR);
        return new FlowOutcome(AllowanceFlow.lost(subscribers, accepted), AllowanceFlow.duplicated(subscribers),
                subscribers.redeliveries(), subscribers.mismatches() + subscribers.changedOnRedelivery(),
                http.post("/api/v1/audit/verification", auditor, null).json(), named(http, auditor, "PUBLISHED"),
                named(http, auditor, "DELIVERED"));
    }

    /** One line for the test output. */
    String line() {
        return "lost %d, duplicated %d, redelivered %d, mismatched %d; audit %s with %,d events, PUBLISHED %,d, DELIVERED %,d"
                .formatted(lost, duplicated, redelivered, mismatched, verdict.get("ok").asBoolean() ? "verifies"
                        : "FAILS", verdict.get("events").asLong(), published, delivered);
    }

    /**
     * Every one of {@code records} records accepted and received by every subscriber under one cursor, as sent, and
     * the audit chain verifying with exactly one PUBLISHED naming per record and one DELIVERED per subscriber.
     */
    void assertExact(Set<String> accepted, int records) {
        assertExact(accepted, records, 0);
    }

    /** As {@link #assertExact(Set, int)}, with {@code versions} more records sent as versions of a few keys. */
    void assertExact(Set<String> accepted, int records, int versions) {
        assertThat(accepted).hasSize(records);
        assertThat(lost).as("accepted records some subscriber never received").isZero();
        assertThat(duplicated).as("records a subscriber received under two cursors").isZero();
        assertThat(mismatched).as("records that arrived otherwise than sent").isZero();
        assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(published).isEqualTo(records + versions);
        assertThat(delivered).isEqualTo((long) (records + versions) * AllowanceFlow.SUBSCRIBERS.size());
    }

    /**
     * How many times records are named by the events of an action (a batch event names many), read through the
     * auditor's API; fails if one record is named twice for the same subscription.
     */
    private static long named(HubHttp http, String auditor, String action) {
        Set<String> named = new HashSet<>();
        long count = 0;
        for (int page = 0;; page++) {
            JsonNode events = http.get("/api/v1/audit/events?action=" + action + "&recordType=subsistence-allowance"
                    + "&size=1000&page=" + page, auditor).json().get("events");
            for (JsonNode event : events) {
                List<String> ids = new ArrayList<>();
                if (event.path("records").isArray()) {
                    event.get("records").forEach(record -> ids.add(record.get("recordId").asText()));
                } else {
                    ids.add(event.get("recordId").asText());
                }
                for (String id : ids) {
                    assertThat(named.add(id + " " + event.path("subscriptionId").asText()))
                            .as(action + " names record " + id + " twice").isTrue();
                    count++;
                }
            }
            if (events.size() < 1000) {
                return count;
            }
        }
    }
}
