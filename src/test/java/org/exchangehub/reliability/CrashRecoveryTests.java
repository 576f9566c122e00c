package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hub as its own JVM on an H2 file database, killed with SIGKILL at random moments while a department pushes
 * and three subscribers receive, and restarted each time. Every record the hub accepted (answered 200 for) must reach
 * every subscriber under exactly one delivery cursor with the content that was sent, and the audit chain must
 * verify with exactly one PUBLISHED event per record and one DELIVERED event per record and subscriber. A cursor that
 * comes again (sent, then the hub died before it could note the acknowledgement) is the documented at-least-once
 * transport and counted as a redelivery; a record reaching a subscriber under two cursors is a duplicate.
 */
class CrashRecoveryTests {

    static final List<String> SUBSCRIBERS = AllowanceFlow.SUBSCRIBERS;
    static final int BATCH = 250;

    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedRecordReachesEverySubscriberOnceAcrossRepeatedKills() throws Exception {
        int records = ReliabilitySummary.longVariant() ? 100_000 : 20_000;
        int kills = ReliabilitySummary.longVariant() ? 8 : 3;
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("crash: %,d records, %d kills, seed %d%n", records, kills, seed);
        Random random = new Random(seed);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (RecordingSubscribers subscribers = new RecordingSubscribers(SUBSCRIBERS, AllowanceFlow::asSent);
                HubProcess hub = new HubProcess(dataDir, AllowanceFlow.arguments(subscribers,
                        "--hub.delivery.initial-backoff=100ms", "--hub.delivery.max-backoff=1s"))) {
            hub.start();
            HubHttp http = hub.http();
            String key = AllowanceFlow.civilAffairsKey(http);
            ExecutorService pusher = Executors.newSingleThreadExecutor();
            Future<Integer> retries = pusher.submit(() -> pushAll(http, key, records, accepted));
            long started = System.nanoTime();
            for (int k = 0; k < kills; k++) {
                Thread.sleep(1_500 + random.nextInt(4_500));
                hub.kill();
                System.out.printf("crash: killed after %.1f s with %,d records accepted%n",
                        (System.nanoTime() - started) / 1e9, accepted.size());
                hub.start();
            }
            int retried = retries.get(30, TimeUnit.MINUTES);
            pusher.shutdown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + records / 100);
            while (!AllowanceFlow.allArrived(subscribers, accepted) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);

            long lost = AllowanceFlow.lost(subscribers, accepted);
            long duplicated = AllowanceFlow.duplicated(subscribers);
            String auditor = TestCredentials.basic(TestCredentials.AUDITOR);
            JsonNode verdict = http.post("/api/v1/audit/verification", auditor, null).json();
            long published = total(http, auditor, "PUBLISHED");
            long deliveredEvents = total(http, auditor, "DELIVERED");
            System.out.printf("crash: accepted %,d (push retries %d), lost %d, duplicated %d, redelivered %d, "
                    + "mismatched %d; audit %s with %,d events, PUBLISHED %,d, DELIVERED %,d%n", accepted.size(),
                    retried, lost, duplicated, subscribers.redeliveries(), subscribers.mismatches(),
                    verdict.get("ok").asBoolean() ? "verifies" : "FAILS", verdict.get("events").asLong(), published,
                    deliveredEvents);
            ReliabilitySummary.record(Map.of("crash_records", accepted.size(), "crash_kills", kills, "crash_lost", lost,
                    "crash_duplicated", duplicated, "crash_redelivered", subscribers.redeliveries(),
                    "crash_content_mismatches", subscribers.mismatches() + subscribers.changedOnRedelivery()));

            assertThat(accepted).hasSize(records);
            assertThat(lost).as("accepted records some subscriber never received").isZero();
            assertThat(duplicated).as("records a subscriber received under two cursors").isZero();
            assertThat(subscribers.mismatches() + subscribers.changedOnRedelivery()).isZero();
            assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isTrue();
            assertThat(published).isEqualTo(records);
            assertThat(deliveredEvents).isEqualTo((long) records * SUBSCRIBERS.size());
        }
    }

    private static int pushAll(HubHttp http, String key, int records, Set<String> accepted)
            throws InterruptedException {
        int retries = 0;
        for (int from = 0; from < records; from += BATCH) {
            retries += AllowanceFlow.push(http, key, from, Math.min(BATCH, records - from), accepted);
        }
        return retries;
    }

    /**
     * How many times records are named by the events of an action (a batch event names many), read through the
     * auditor's API; fails if one record is named twice for the same subscription.
     */
    static long total(HubHttp http, String auditor, String action) {
        java.util.Set<String> named = new java.util.HashSet<>();
        long count = 0;
        for (int page = 0;; page++) {
            JsonNode events = http.get("/api/v1/audit/events?action=" + action + "&recordType=subsistence-allowance"
                    + "&size=1000&page=" + page, auditor).json().get("events");
            for (JsonNode event : events) {
                List<String> ids = new java.util.ArrayList<>();
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
