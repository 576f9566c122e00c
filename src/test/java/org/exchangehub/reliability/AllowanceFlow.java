package org.exchangehub.reliability;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the reliability tests share: civil affairs pushes {@link FictionalAllowances} records to a {@link HubProcess}
 * and three subscribers receive them in different views (police: name clear, ID number as blind index, no address;
 * health: all masked; grid: all clear), each checked against what was sent.
 */
final class AllowanceFlow {

    static final List<String> SUBSCRIBERS = List.of("police", "health", "grid");
    /**
     * Source keys from this index on are sent in several versions ({@link #pushVersions}), each version under a cursor
     * of its own; the others once each.
     */
    static final int VERSIONED_FROM = 9_000_000;
    private static final String OCCURRED_AT = "2026-11-20T09:00:00+08:00";
    private static final Map<String, String> VIEWS = Map.of(
            "police", "recipientName=CLEAR,recipientIdNumber=BLIND_INDEX",
            "health", "recipientName=MASKED,recipientIdNumber=MASKED,address=MASKED",
            "grid", "recipientName=CLEAR,recipientIdNumber=CLEAR,address=CLEAR");

    private AllowanceFlow() {
    }

    /** The hub's arguments: the three subscriptions, quick polling, a generous rate limit. */
    static List<String> arguments(RecordingSubscribers subscribers, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--hub.care.enabled=false",
                "--hub.delivery.poll-interval=50ms", "--hub.security.rate-limit.requests-per-second=1000",
                "--hub.security.rate-limit.burst=1000"));
        for (int s = 0; s < SUBSCRIBERS.size(); s++) {
            String subscriber = SUBSCRIBERS.get(s);
            String prefix = "--hub.subscriptions[" + s + "].";
            arguments.addAll(List.of(prefix + "id=allowances-to-" + subscriber, prefix + "subscriber=" + subscriber,
                    prefix + "record-type=subsistence-allowance", prefix + "purpose=可靠性测试",
                    prefix + "legal-basis=《测试条例》第一条", prefix + "channel.type=WEBHOOK",
                    prefix + "channel.url=" + subscribers.url(subscriber)));
            for (String view : VIEWS.get(subscriber).split(",")) {
                String[] fieldView = view.split("=");
                arguments.add(prefix + "views." + fieldView[0] + "=" + fieldView[1]);
            }
        }
        arguments.addAll(List.of(more));
        return arguments;
    }

    /** A new API key of civil affairs, issued by the admin over the API. */
    static String civilAffairsKey(HubHttp http) {
        return http.post("/api/v1/admin/departments/civil-affairs/api-keys", TestCredentials.basic(TestCredentials.ADMIN),
                "{\"label\":\"reliability test\"}").json().get("key").asText();
    }

    /**
     * Pushes records {@code from} .. {@code from + size - 1} until the hub accepts them (riding out a hub that is
     * down or restarting), adds their source keys to {@code accepted}; returns how many times it had to try again.
     */
    static int push(HubHttp http, String key, int from, int size, Set<String> accepted) throws InterruptedException {
        return push(List.of(http), key, from, size, accepted);
    }

    /**
     * Pushes as {@link #push(HubHttp, String, int, int, Set)} does, to several hub nodes: first to the node the batch
     * number picks, then, while that one fails, to the next, as a load balancer would.
     */
    static int push(List<HubHttp> nodes, String key, int from, int size, Set<String> accepted)
            throws InterruptedException {
        int[] retries = new int[1];
        for (JsonNode result : send(nodes, key, FictionalAllowances.batch(from, size), from / Math.max(size, 1),
                retries)) {
            accepted.add(FictionalAllowances.sourceKey(from + result.get("index").asInt()));
        }
        return retries[0];
    }

    /**
     * Sends versions 1, 2, … of the records {@link #VERSIONED_FROM} .. {@code VERSIONED_FROM + keys - 1} (each
     * version another {@code occurredAt}) while {@code more} says so, one record a push, each version of a key only
     * after the hub accepted the one before, to the nodes in turn (the next one while one fails); returns how many
     * versions of each key were accepted.
     */
    static int pushVersions(List<HubHttp> nodes, String key, int keys, BooleanSupplier more)
            throws InterruptedException {
        int version = 0;
        while (more.getAsBoolean()) {
            version++;
            for (int k = 0; k < keys; k++) {
                String record = FictionalAllowances.record(VERSIONED_FROM + k).replace(OCCURRED_AT,
                        "2026-11-20T09:%02d:%02d+08:00".formatted(version / 60, version % 60));
                send(nodes, key, "[" + record + "]", version + k, new int[1]);
            }
            Thread.sleep(200);
        }
        return version;
    }

    /**
     * Sends one push until a node answers it, starting with node {@code first} (modulo their number), riding out
     * nodes that are down or restarting; returns the results, each ACCEPTED or DUPLICATE (a push sent again after
     * its answer was lost), and counts the tries after the first in {@code retries[0]}.
     */
    private static JsonNode send(List<HubHttp> nodes, String key, String body, int first, int[] retries)
            throws InterruptedException {
        for (;; retries[0]++) {
            HubHttp http = nodes.get((first + retries[0]) % nodes.size());
            HubHttp.Response response;
            try {
                response = http.post("/api/v1/inbound/subsistence-allowance", "Bearer " + key, body);
            } catch (UncheckedIOException e) {
                response = null;
            }
            if (response != null && response.status() == 200) {
                JsonNode results = response.json().get("results");
                for (JsonNode result : results) {
                    String status = result.get("status").asText();
                    if (!status.equals("ACCEPTED") && !status.equals("DUPLICATE")) {
                        throw new IllegalStateException("record " + result.get("index").asInt() + " of the push was "
                                + status);
                    }
                }
                return results;
            }
            if (response != null && response.status() < 500 && response.status() != 429) {
                throw new IllegalStateException("push answered " + response.status() + ": " + response.body());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Pushes batches of {@code batch} records to the nodes (as {@link #push(List, String, int, int, Set)}) at most
     * {@code rate} records a second, the departments' steady flow, while {@code more} says so for the next batch's
     * first record; returns how many records were pushed and how many pushes had to be sent again.
     */
    static int[] pushPaced(List<HubHttp> nodes, String key, Set<String> accepted, int rate, int batch,
            IntPredicate more) throws InterruptedException {
        int retries = 0;
        int from = 0;
        long started = System.nanoTime();
        for (; more.test(from); from += batch) {
            TimeUnit.NANOSECONDS.sleep(started + TimeUnit.SECONDS.toNanos(from) / rate - System.nanoTime());
            retries += push(nodes, key, from, batch, accepted);
        }
        return new int[] { from, retries };
    }

    /** Waits until every subscriber received every accepted record, at most {@code seconds}, then 2 s more. */
    static void awaitArrival(RecordingSubscribers subscribers, Set<String> accepted, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!allArrived(subscribers, accepted) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
    }

    /** The source keys a subscriber received, each with the number of distinct cursors it came under. */
    static Map<String, Integer> cursorsPerKey(RecordingSubscribers subscribers, String subscriber) {
        Map<String, Integer> cursors = new LinkedHashMap<>();
        subscribers.receipts(subscriber).values().forEach(r -> cursors.merge(r.sourceKey(), 1, Integer::sum));
        return cursors;
    }

    static boolean arrived(RecordingSubscribers subscribers, String subscriber, Set<String> keys) {
        return cursorsPerKey(subscribers, subscriber).keySet().containsAll(keys);
    }

    static boolean allArrived(RecordingSubscribers subscribers, Set<String> keys) {
        return SUBSCRIBERS.stream().allMatch(s -> arrived(subscribers, s, keys));
    }

    /** Accepted records a subscriber never received, summed over subscribers. */
    static long lost(RecordingSubscribers subscribers, Set<String> accepted) {
        long lost = 0;
        for (String subscriber : SUBSCRIBERS) {
            Set<String> received = new HashSet<>(cursorsPerKey(subscribers, subscriber).keySet());
            lost += accepted.stream().filter(k -> !received.contains(k)).count();
        }
        return lost;
    }

    /** Records a subscriber received under more than one cursor, summed over subscribers (versioned keys aside). */
    static long duplicated(RecordingSubscribers subscribers) {
        return SUBSCRIBERS.stream().mapToLong(s -> cursorsPerKey(subscribers, s).entrySet().stream()
                .filter(k -> FictionalAllowances.index(k.getKey()) < VERSIONED_FROM && k.getValue() > 1).count()).sum();
    }

    /**
     * The versions of each versioned key ({@link #pushVersions}) in the order they first reached each subscriber,
     * e.g. {@code "police DB09000000: [1, 2, 3]"}; in order and complete, each is 1 to {@code versions}.
     */
    static List<String> versionsArrived(RecordingSubscribers subscribers, int keys) {
        List<String> arrived = new ArrayList<>();
        for (String subscriber : SUBSCRIBERS) {
            for (int k = 0; k < keys; k++) {
                String sourceKey = FictionalAllowances.sourceKey(VERSIONED_FROM + k);
                arrived.add(subscriber + " " + sourceKey + ": " + subscribers.versions(subscriber, sourceKey));
            }
        }
        return arrived;
    }

    /** Whether a record arrived as sent, in the subscriber's view. */
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
}
