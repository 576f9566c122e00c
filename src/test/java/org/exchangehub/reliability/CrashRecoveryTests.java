package org.exchangehub.reliability;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The hub as its own JVM on an H2 file database, killed with SIGKILL at random moments while a department pushes
 * and three subscribers receive, and restarted each time. Every record the hub accepted (answered 200 for) must reach
 * every subscriber under exactly one delivery cursor with the content that was sent, and the audit chain must
 * verify with exactly one PUBLISHED event per record and one DELIVERED event per record and subscriber. A cursor that
 * comes again (sent, then the hub died before it could note the acknowledgement) is the documented at-least-once
 * transport and counted as a redelivery; a record reaching a subscriber under two cursors is a duplicate.
 */
@Tag(HubProcess.OWN_JVM)
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
            AllowanceFlow.awaitArrival(subscribers, accepted, 120 + records / 100);

            FlowOutcome outcome = FlowOutcome.of(hub.http(), subscribers, accepted);
            System.out.printf("crash: accepted %,d (push retries %d), %s%n", accepted.size(), retried, outcome.line());
            ReliabilitySummary.record(Map.of("crash_records", accepted.size(), "crash_kills", kills, "crash_lost",
                    outcome.lost(), "crash_duplicated", outcome.duplicated(), "crash_redelivered",
                    outcome.redelivered(), "crash_content_mismatches", outcome.mismatched()));
            outcome.assertExact(accepted, records);
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
}
