package org.exchangehub.exchange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook subscriber at {@code /grid/inbox} that answers 200 to every call but holds its answer to the first one
 * until {@link #answerFirst()}: a delivery thread's first batch stays out while a test arranges what happens next.
 * Keeps every body it received, in order.
 */
final class FirstCallHeld implements AutoCloseable {

    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private final CountDownLatch answerFirst = new CountDownLatch(1);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FirstCallHeld() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/grid/inbox", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (bodies.size() == 1) {
                firstArrived.countDown();
                waitFor(answerFirst);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/grid/inbox";
    }

    /** True once the first call arrived (its answer held), false after 10 s without it. */
    boolean firstArrived() throws InterruptedException {
        return firstArrived.await(10, TimeUnit.SECONDS);
    }

    void answerFirst() {
        answerFirst.countDown();
    }

    /** The bodies received so far, in order. */
    List<String> bodies() {
        return bodies;
    }

    /** Waits for a latch a test counts down, at most 20 s. */
    static void waitFor(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        answerFirst.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
