package org.exchangehub.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The end-to-end scenario of {@link EndToEndBenchmark} (subsistence allowances with 3 PII fields, SM suite, 3 webhook
 * subscribers) on PostgreSQL, with one hub node or several on one fresh database ({@code hub.cluster.enabled}),
 * in this JVM: pushes go to the nodes in turn, and the rate counts from the first push to the last delivery.
 */
final class ClusterBenchmark implements AutoCloseable {

    private static final int BATCH = EndToEndBenchmark.BATCH;
    private static final List<String> SUBSCRIBERS = List.of("police", "health", "grid");

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private final List<String> pushUrls = new ArrayList<>();
    private final WebhookSubscribers subscribers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String key;

    /**
     * @param server a PostgreSQL server ({@code jdbc:postgresql://localhost:5432/}) where user {@code bench.pg.user}
     *               (default hub, password {@code bench.pg.password}, default hub) may create databases
     */
    ClusterBenchmark(Path data, String server, int count) throws Exception {
        FileSystemUtils.deleteRecursively(data);
        String user = System.getProperty("bench.pg.user", "hub");
        String password = System.getProperty("bench.pg.password", "hub");
        String database = "hub_bench_" + ProcessHandle.current().pid() + "_" + count;
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        }
        subscribers = new WebhookSubscribers(SUBSCRIBERS);
        for (int n = 1; n <= count; n++) {
            List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
                    "--hub.data-dir=" + data.resolve("node-" + n), "--hub.care.enabled=false",
                    "--hub.protect.keystore=" + data.resolve("hub-keys.bcfks").toAbsolutePath(),
                    "--spring.datasource.url=" + server + database, "--spring.datasource.username=" + user,
                    "--spring.datasource.password=" + password,
                    "--hub.security.rate-limit.requests-per-second=1000", "--hub.security.rate-limit.burst=1000",
                    "--logging.level.org.exchangehub=WARN"));
            if (count > 1) {
                arguments.addAll(List.of("--hub.cluster.enabled=true", "--hub.cluster.node-id=node-" + n));
            }
            ConfigurableApplicationContext node = new SpringApplicationBuilder(ExchangeHubApplication.class)
                    .run(arguments.toArray(String[]::new));
            nodes.add(node);
            pushUrls.add("http://127.0.0.1:" + ((WebServerApplicationContext) node).getWebServer().getPort()
                    + "/api/v1/inbound/subsistence-allowance");
            if (n == 1) {
                subscribe(node.getBean(Subscriptions.class));
            }
        }
        // the other nodes read the subscriptions when they see the configuration generation move (1 s)
        Thread.sleep(3_000);
        key = nodes.get(0).getBean(DepartmentKeys.class).issue("civil-affairs", "benchmark", Duration.ofDays(1),
                "bench").key();
    }

    private void subscribe(Subscriptions subscriptions) {
        subscriptions.all().forEach(s -> subscriptions.remove(s.id()));
        subscriptions.put(EndToEndBenchmark.subscription("bench-police", "police", subscribers.url("police"),
                Map.of("recipientName", FieldView.CLEAR, "recipientIdNumber", FieldView.BLIND_INDEX)));
        subscriptions.put(EndToEndBenchmark.subscription("bench-health", "health", subscribers.url("health"),
                Map.of("recipientName", FieldView.MASKED, "recipientIdNumber", FieldView.MASKED, "address",
                        FieldView.MASKED)));
        subscriptions.put(EndToEndBenchmark.subscription("bench-grid", "grid", subscribers.url("grid"),
                Map.of("recipientName", FieldView.CLEAR, "recipientIdNumber", FieldView.CLEAR, "address",
                        FieldView.CLEAR)));
    }

    /**
     * Pushes {@code count} records from {@code first} in batches from 2 client threads per node, batch by batch to
     * the nodes in turn, and waits until every subscriber acknowledged all of them; returns records per second.
     */
    double throughput(int first, int count) throws Exception {
        long target = subscribers.delivered() + (long) count * SUBSCRIBERS.size();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(2 * nodes.size());
        try {
            List<Future<?>> pushes = new ArrayList<>();
            for (int from = first, batch = 0; from < first + count; from += BATCH, batch++) {
                int start = from;
                int size = Math.min(BATCH, first + count - from);
                String url = pushUrls.get(batch % pushUrls.size());
                pushes.add(clients.submit(() -> push(url, FictionalAllowances.batch(start, size))));
            }
            for (Future<?> push : pushes) {
                push.get();
            }
        } finally {
            clients.shutdown();
        }
        while (subscribers.delivered() < target) {
            Thread.sleep(5);
        }
        double perSecond = count / ((System.nanoTime() - started) / 1e9);
        System.out.printf("postgresql, %d node(s): %,d records from %,d: %,.0f records/s%n", nodes.size(), count,
                first, perSecond);
        return perSecond;
    }

    private Void push(String url, String body) {
        EndToEndBenchmark.push(http, url, key, body);
        return null;
    }

    @Override
    public void close() throws SQLException {
        nodes.forEach(ConfigurableApplicationContext::close);
        subscribers.close();
    }
}
