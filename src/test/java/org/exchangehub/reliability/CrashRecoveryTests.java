package org.exchangehub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.exchangehub.FictionalAllowances;
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

    static final List<String> SUBSCRIBERS = List.of("police", "health", "grid");
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
        try (RecordingSubscribers subscribers = new RecordingSubscribers(SUBSCRIBERS, CrashRecoveryTests::asSent);
                HubProcess hub = new HubProcess(dataDir, arguments(subscribers))) {
            hub.start();
            HubHttp http = hub.http();
            String key = http.post("/api/v1/admin/departments/civil-affairs/api-keys",
                    TestCredentials.basic(TestCredentials.ADMIN), "{\"label\":\"crash test\"}").json().get("key").asText();
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
            while (!allArrived(subscribers, accepted) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);

            long lost = 0;
            long duplicated = 0;
            for (String subscriber : SUBSCRIBERS) {
                Map<String, Integer> cursorsPerKey = new LinkedHashMap<>();
                subscribers.receipts(subscriber).values().forEach(r -> cursorsPerKey.merge(r.sourceKey(), 1, Integer::sum));
                lost += accepted.stream().filter(k -> !cursorsPerKey.containsKey(k)).count();
                duplicated += cursorsPerKey.values().stream().filter(n -> n > 1).count();
            }
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

    /** Pushes every batch until the hub accepted it, riding out kills; returns how many pushes were repeated. */
    private static int pushAll(HubHttp http, String key, int records, Set<String> accepted) throws InterruptedException {
        int retries = 0;
        for (int from = 0; from < records; from += BATCH) {
            int size = Math.min(BATCH, records - from);
            String body = FictionalAllowances.batch(from, size);
            while (true) {
                HubHttp.Response response;
                try {
                    response = http.post("/api/v1/inbound/subsistence-allowance", "Bearer " + key, body);
                } catch (UncheckedIOException e) {
                    response = null;
                }
                if (response != null && response.status() == 200) {
                    for (JsonNode result : response.json().get("results")) {
                        String status = result.get("status").asText();
                        if (!status.equals("ACCEPTED") && !status.equals("DUPLICATE")) {
                            throw new IllegalStateException("record " + (from + result.get("index").asInt())
                                    + " was " + status);
                        }
                        accepted.add(FictionalAllowances.sourceKey(from + result.get("index").asInt()));
                    }
                    break;
                }
                if (response != null && response.status() < 500 && response.status() != 429) {
                    throw new IllegalStateException("push answered " + response.status() + ": " + response.body());
                }
                retries++;
                Thread.sleep(200);
            }
        }
        return retries;
    }

    private static boolean allArrived(RecordingSubscribers subscribers, Set<String> accepted) {
        for (String subscriber : SUBSCRIBERS) {
            Set<String> keys = new HashSet<>();
            subscribers.receipts(subscriber).values().forEach(r -> keys.add(r.sourceKey()));
            if (!keys.containsAll(accepted)) {
                return false;
            }
        }
        return true;
    }

    private static long total(HubHttp http, String auditor, String action) {
        return http.get("/api/v1/audit/events?action=" + action + "&recordType=subsistence-allowance&size=1", auditor)
                .json().get("total").asLong();
    }

    /** Police: name clear, ID number as blind index, no address; health: all masked; grid: all clear. */
    static boolean asSent(String subscriber, JsonNode record) {
        int i = FictionalAllowances.index(record.get("sourceKey").asText());
        boolean common = record.get("allowanceNo").asText().equals("DB%08d".formatted(i))
                && record.get("householdSize").asInt() == i % 5 + 1
                && record.get("monthlyAmountFen").asLong() == 80_000 + i % 7 * 5_000;
        String name = record.path("recipientName").asText(null);
        String id = record.path("recipientIdNumber").asText(null);
        String address = record.path("address").asText(null);
        return common && switch (subscriber) {
            case "police" -> FictionalAllowances.name(i).equals(name) && id != null && id.startsWith("bi1.")
                    && address == null;
            case "health" -> name != null && name.contains("*") && !name.equals(FictionalAllowances.name(i))
                    && id != null && id.contains("*") && address != null && address.contains("*");
            default -> FictionalAllowances.name(i).equals(name) && FictionalAllowances.idNumber(i).equals(id)
                    && FictionalAllowances.address(i).equals(address);
        };
    }

    static List<String> arguments(RecordingSubscribers subscribers) {
        List<String> arguments = new ArrayList<>(List.of("--hub.care.enabled=false",
                "--hub.delivery.poll-interval=50ms", "--hub.delivery.initial-backoff=100ms",
                "--hub.delivery.max-backoff=1s", "--hub.delivery.max-attempts=1000",
                "--hub.security.rate-limit.requests-per-second=1000", "--hub.security.rate-limit.burst=1000"));
        Map<String, String> views = Map.of("police", "recipientName=CLEAR,recipientIdNumber=BLIND_INDEX",
                "health", "recipientName=MASKED,recipientIdNumber=MASKED,address=MASKED",
                "grid", "recipientName=CLEAR,recipientIdNumber=CLEAR,address=CLEAR");
        for (int s = 0; s < SUBSCRIBERS.size(); s++) {
            String subscriber = SUBSCRIBERS.get(s);
            String prefix = "--hub.subscriptions[" + s + "].";
            arguments.addAll(List.of(prefix + "id=crash-" + subscriber, prefix + "subscriber=" + subscriber,
                    prefix + "record-type=subsistence-allowance", prefix + "purpose=可靠性测试",
                    prefix + "legal-basis=《测试条例》第一条", prefix + "channel.type=WEBHOOK",
                    prefix + "channel.url=" + subscribers.url(subscriber)));
            for (String view : views.get(subscriber).split(",")) {
                String[] fieldView = view.split("=");
                arguments.add(prefix + "views." + fieldView[0] + "=" + fieldView[1]);
            }
        }
        return arguments;
    }
}
