package org.exchangehub.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's subscribers: one in-process HTTP server with a path per subscriber that answers 200, counts the
 * records of each delivery cheaply (one {@code "cursor"} per record) and, while latency is measured, notes when
 * each record arrived.
 */
final class WebhookSubscribers implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CURSOR = "\"cursor\"".getBytes(UTF_8);

    private final HttpServer server;
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private volatile Map<String, Long> arrivals;

    WebhookSubscribers(List<String> names) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(names.size()));
        for (String subscriber : names) {
            received.put(subscriber, new AtomicLong());
            server.createContext("/" + subscriber, exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                long now = System.nanoTime();
                received.get(subscriber).addAndGet(count(body));
                calls.incrementAndGet();
                Map<String, Long> times = arrivals;
                if (times != null) {
                    for (JsonNode record : JSON.readTree(body).get("records")) {
                        times.merge(subscriber + "|" + record.at("/record/sourceKey").asText(), now, Math::max);
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
        }
        server.start();
    }

    String url(String subscriber) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + subscriber;
    }

    /** Records delivered to all subscribers together. */
    long delivered() {
        return received.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Webhook calls received by all subscribers together (a delivery batch each). */
    long calls() {
        return calls.get();
    }

    /** From now on, notes when each record reaches each subscriber ({@code subscriber|sourceKey} → nanoTime). */
    Map<String, Long> noteArrivals() {
        Map<String, Long> times = new ConcurrentHashMap<>();
        arrivals = times;
        return times;
    }

    void stopNoting() {
        arrivals = null;
    }

    private static long count(byte[] body) {
        long n = 0;
        outer: for (int i = 0; i <= body.length - CURSOR.length; i++) {
            for (int j = 0; j < CURSOR.length; j++) {
                if (body[i + j] != CURSOR[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
