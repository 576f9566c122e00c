package org.exchangehub.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Calls at a fixed rate, open loop: call {@code n} is due at {@code n / rate} seconds and its latency is measured from
 * then, so a slow answer delays nothing that follows but counts in full. The client makes blocking calls on
 * kept-alive connections, each on the thread that makes it: it takes less of the two cores the hub has than the JDK's
 * client, whose selector thread and futures took about a fifth of the CPU at 500 calls a second.
 */
final class SteadyLoad implements AutoCloseable {

    /** One call of the load. */
    interface Call {
        /** @return the answer's status */
        int make(int n) throws Exception;
    }

    private static final int CLIENT_THREADS = 32;
    private static final int WARM_UP_SLICE_S = 5;
    private static final double SETTLED_COMPILE_SHARE = 0.05;

    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(64)
                    .setMaxConnPerRoute(64).build())
            .build();

    /**
     * Makes {@code perSecond} calls a second for {@code seconds}; returns the latencies in ms, sorted.
     *
     * @throws IllegalStateException when a call was not answered 200
     */
    double[] run(int perSecond, int seconds, Call made) throws Exception {
        double[] latencies = timed(perSecond, seconds, made);
        Arrays.sort(latencies);
        return latencies;
    }

    /**
     * Makes {@code perSecond} calls a second for {@code seconds}; returns the latencies in ms, call {@code n}'s at
     * index {@code n}.
     *
     * @throws IllegalStateException when a call was not answered 200
     */
    double[] timed(int perSecond, int seconds, Call made) throws Exception {
        int total = perSecond * seconds;
        long interval = 1_000_000_000L / perSecond;
        double[] latencies = new double[total];
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<?>> calls = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            calls.add(clients.submit(() -> {
                int status = made.make(n);
                latencies[n] = (System.nanoTime() - due) / 1e6;
                if (status != 200) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        clients.shutdown();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + total + " calls were not answered 200");
        }
        return latencies;
    }

    /**
     * Makes {@code perSecond} calls a second until the JIT compilers have settled — in {@value #WARM_UP_SLICE_S} s
     * slices, until a slice's compilations took less than {@value #SETTLED_COMPILE_SHARE} of that slice in time —
     * and for at least {@code minSeconds}, at most {@code maxSeconds}; returns the seconds it took. On two cores under
     * load the compiler threads get little CPU: after 30 s at 500 questions a second they still took about 30 % of
     * the process's CPU time, and the "CPU per question" and the p99 measured the compilers, not the hub (with 90 s,
     * 1,511 µs per question instead of 3,700).
     */
    int warmUp(int perSecond, int minSeconds, int maxSeconds, Call made) throws Exception {
        int seconds = 0;
        boolean settled = false;
        while (seconds < maxSeconds && (seconds < minSeconds || !settled)) {
            long compiling = compilationMillis();
            run(perSecond, WARM_UP_SLICE_S, made);
            seconds += WARM_UP_SLICE_S;
            settled = compilationMillis() - compiling < SETTLED_COMPILE_SHARE * WARM_UP_SLICE_S * 1000;
        }
        return seconds;
    }

    /** Time the JIT compilers have taken so far. */
    static long compilationMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** A JSON POST; returns the answer's status once its body is read. */
    int post(String to, String authorization, String body) throws IOException {
        HttpPost post = new HttpPost(to);
        post.setHeader("Authorization", authorization);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** CPU time of the whole process so far: the hub and the load's client (the two share the cores). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Time the garbage collectors have taken so far (G1: its pauses, and its concurrent cycles' work). */
    static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
