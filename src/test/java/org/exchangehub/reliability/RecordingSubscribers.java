package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * Webhook subscribers that keep what a careful receiver keeps: per subscriber, each delivery {@code cursor} with the
 * record's id, source key and a SHA-256 of the record as received, when each source key first arrived, the order its
 * versions arrived in, and how often a cursor came again. A subscriber can be taken down (it answers 503) and brought back. Every record is
 * checked on arrival against what was sent ({@code content}), and mismatches are counted.
 */
final class RecordingSubscribers implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery as received. */
    record Receipt(String recordId, String sourceKey, String sha256) {
    }

    private final HttpServer server;
    private final Map<String, Map<Long, Receipt>> receipts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<Integer>>> versions = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong changedOnRedelivery = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();

    RecordingSubscribers(List<String> names, BiPredicate<String, JsonNode> content) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(names.size()));
        for (String subscriber : names) {
            receipts.put(subscriber, new ConcurrentHashMap<>());
            firstArrival.put(subscriber, new ConcurrentHashMap<>());
            versions.put(subscriber, new ConcurrentHashMap<>());
            server.createContext("/" + subscriber, exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (down.contains(subscriber)) {
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                long now = System.nanoTime();
                for (JsonNode entry : JSON.readTree(body).get("records")) {
                    note(subscriber, entry, now, content);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
        }
        server.start();
    }

    private void note(String subscriber, JsonNode entry, long now, BiPredicate<String, JsonNode> content) {
        JsonNode record = entry.get("record");
        String sourceKey = record.path("sourceKey").asText();
        Receipt receipt = new Receipt(entry.path("recordId").asText(), sourceKey, sha256(record.toString()));
        Receipt before = receipts.get(subscriber).putIfAbsent(entry.get("cursor").asLong(), receipt);
        if (before != null) {
            redeliveries.incrementAndGet();
            if (!before.equals(receipt)) {
                changedOnRedelivery.incrementAndGet();
            }
            return;
        }
        firstArrival.get(subscriber).putIfAbsent(sourceKey, now);
        versions.get(subscriber).computeIfAbsent(sourceKey, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(entry.path("version").asInt());
        if (!content.test(subscriber, record)) {
            mismatches.incrementAndGet();
        }
    }

    String url(String subscriber) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + subscriber;
    }

    void takeDown(String subscriber) {
        down.add(subscriber);
    }

    void bringBack(String subscriber) {
        down.remove(subscriber);
    }

    /** Distinct deliveries (cursors) a subscriber received. */
    Map<Long, Receipt> receipts(String subscriber) {
        return receipts.get(subscriber);
    }

    /** When each source key first reached a subscriber (nanoTime). */
    Map<String, Long> firstArrivals(String subscriber) {
        return firstArrival.get(subscriber);
    }

    /** The versions of a source key in the order they first reached a subscriber (redeliveries aside). */
    List<Integer> versions(String subscriber, String sourceKey) {
        List<Integer> arrived = versions.get(subscriber).getOrDefault(sourceKey, List.of());
        synchronized (arrived) {
            return List.copyOf(arrived);
        }
    }

    /** Deliveries received again under a cursor already seen (at-least-once transport after a crash). */
    long redeliveries() {
        return redeliveries.get();
    }

    /** Redeliveries whose record differed from the first receipt of that cursor. */
    long changedOnRedelivery() {
        return changedOnRedelivery.get();
    }

    /** Records that did not match what was sent, in the subscriber's view. */
    long mismatches() {
        return mismatches.get();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
