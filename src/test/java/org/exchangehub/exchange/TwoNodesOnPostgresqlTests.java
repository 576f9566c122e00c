package org.exchangehub.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.PostgresTestDatabases;
import org.exchangehub.admin.routes.RouteOperations;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.ChainVerifier;
import org.exchangehub.cluster.Leadership;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Two hub nodes on one PostgreSQL database ({@code hub.cluster.enabled}), in one JVM: exactly one leads and runs
 * the polling adapters (on the other they stand by, and the routes API will not start them); a subscription made on
 * one node is served by both; records pushed to both nodes reach the subscriber once each (each subscription's
 * deliveries are locked to one node at a time), and versions of one key sent to the nodes in turn arrive in order;
 * when the leader stops, the other node takes over the adapters and goes on delivering; each node wrote its own
 * audit chain, both verify, and each record's publication is in exactly one of them. Runs in the build's
 * {@code postgresql} test execution.
 */
class TwoNodesOnPostgresqlTests {

    static final WireMockServer GRID = new WireMockServer(options().dynamicPort());
    static final Path DIR = Path.of("target/test-cluster");
    static final String ADAPTER = "petition-csv-files";

    final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @BeforeAll
    static void startSubscriber() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
        GRID.start();
        GRID.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    @AfterAll
    static void stopSubscriber() {
        GRID.stop();
    }

    @Test
    void oneNodeLeadsTheAdaptersBothDeliverEachRecordOnceAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
        String database = PostgresTestDatabases.create();
        ConfigurableApplicationContext a = node("node-a", database);
        ConfigurableApplicationContext b = node("node-b", database);

        await().atMost(Duration.ofSeconds(20)).until(() -> leaders(a, b) == 1);
        ConfigurableApplicationContext leader = leads(a) ? a : b;
        ConfigurableApplicationContext standby = leader == a ? b : a;
        assertThat(adapter(leader)).isEqualTo(ServiceStatus.Started);
        assertThat(adapter(standby)).as("a polling adapter runs on the leader only").isEqualTo(ServiceStatus.Stopped);
        RouteOperations standbyRoutes = standby.getBean(RouteOperations.class);
        assertThat(standbyRoutes.get(ADAPTER).state()).isEqualTo("STANDBY");
        assertThat(leader.getBean(RouteOperations.class).get(ADAPTER).state()).isEqualTo("Started");
        assertThatThrownBy(() -> standbyRoutes.control(ADAPTER, "start", "test-admin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("runs on the cluster's leader only");
        assertThat(adapter(standby)).isEqualTo(ServiceStatus.Stopped);

        standby.getBean(Subscriptions.class).put(new Subscription("cluster-grid", "grid", "work-order", "网格员上门处置",
                "《测试条例》第一条", new SubscriptionFilter(null, List.of(), "requestType", List.of("cluster")),
                Map.of("content", FieldView.CLEAR), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                        GRID.baseUrl() + "/grid/inbox", null, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.getBean(Subscriptions.class).all().stream()
                .anyMatch(subscription -> subscription.id().equals("cluster-grid")));

        List<String> accepted = push(List.of(a, b), "FIRST", 200);
        // versions of one key, sent to the two nodes in turn, reach the subscriber in order
        for (int version = 1; version <= 6; version++) {
            ObjectNode order = (ObjectNode) WorkOrders.workOrder("WO-CLUSTER-ONE-KEY", "cluster");
            order.put("content", "第" + version + "次反映路灯不亮");
            accepted.add(List.of(a, b).get(version % 2).getBean(InboundRecords.class)
                    .receive("work-order", order, "PUSH").recordId());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkOrders.delivered(GRID).size() >= accepted.size());
        assertThat(versionsOf("WO-CLUSTER-ONE-KEY")).containsExactly(1, 2, 3, 4, 5, 6);

        leader.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> leads(standby));
        assertThat(adapter(standby)).as("the adapters moved to the node that leads now").isEqualTo(ServiceStatus.Started);
        accepted.addAll(push(List.of(standby), "SECOND", 50));
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkOrders.delivered(GRID).size() >= accepted.size());
        Thread.sleep(500);
        assertThat(WorkOrders.delivered(GRID)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(accepted);
        assertAuditChains(standby, accepted);
    }

    /** Each node wrote its own chain, both verify, and every record's publication is in exactly one of them. */
    private static void assertAuditChains(ConfigurableApplicationContext node, List<String> accepted) {
        ChainVerifier.Verdict verdict = node.getBean(AuditVerifier.class).verifyDatabase();
        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.chains()).extracting(ChainVerifier.Verdict::node).containsExactly("node-a", "node-b");
        Map<String, Integer> published = new HashMap<>();
        Map<String, Integer> byNode = new HashMap<>();
        for (int page = 0;; page++) {
            List<AuditEvent> events = node.getBean(AuditQueries.class).search(new AuditQueries.Query(null, null, null,
                    "work-order", "PUBLISHED", null, null, page, 1000)).events();
            events.forEach(event -> event.namedRecords().forEach(record -> {
                published.merge((String) record.get("recordId"), 1, Integer::sum);
                byNode.merge(event.node(), 1, Integer::sum);
            }));
            if (events.size() < 1000) {
                break;
            }
        }
        assertThat(published).as("every record published once, in one of the chains").hasSize(accepted.size())
                .containsOnlyKeys(accepted).allSatisfy((record, times) -> assertThat(times).isEqualTo(1));
        assertThat(byNode).as("records pushed to each node are published in its chain").containsOnlyKeys("node-a",
                "node-b");
    }

    /** Pushes work orders to the nodes in turn from four threads; returns the record ids accepted. */
    private static List<String> push(List<ConfigurableApplicationContext> to, String prefix, int count)
            throws Exception {
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> pushes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InboundRecords inbound = to.get(i % to.size()).getBean(InboundRecords.class);
            String key = "WO-" + prefix + "-" + i;
            pushes.add(pool.submit(() -> accepted.add(inbound.receive("work-order",
                    WorkOrders.workOrder(key, "cluster"), "PUSH").recordId())));
        }
        for (Future<?> push : pushes) {
            push.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return new ArrayList<>(accepted);
    }

    /** The versions of a work order the subscriber acknowledged, in the order they arrived. */
    private static List<Integer> versionsOf(String sourceKey) {
        List<Integer> versions = new ArrayList<>();
        GRID.getAllServeEvents().stream().filter(event -> event.getResponse().getStatus() == 200)
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .forEach(event -> WorkOrders.read(event.getRequest().getBodyAsString()).get("records")
                        .forEach(entry -> {
                            if (sourceKey.equals(entry.path("record").path("sourceKey").asText())) {
                                versions.add(entry.get("version").asInt());
                            }
                        }));
        return versions;
    }

    private ConfigurableApplicationContext node(String id, String database) {
        Map<String, Object> properties = new HashMap<>(PostgresTestDatabases.connection(database));
        properties.putAll(Map.of("server.port", "0", "hub.data-dir", DIR.resolve(id).toString(),
                "hub.protect.keystore", DIR.resolve("hub-keys.bcfks").toString(), "hub.cluster.enabled", "true",
                "hub.cluster.node-id", id, "hub.cluster.lease-time", "3s", "hub.cluster.heartbeat", "300ms",
                "hub.cluster.watch-every", "200ms", "hub.delivery.poll-interval", "50ms"));
        // as arguments: they win over config/application.yaml, as a deployment's own settings do
        ConfigurableApplicationContext node = new SpringApplicationBuilder(ExchangeHubApplication.class)
                .profiles("test").run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    private static boolean leads(ConfigurableApplicationContext node) {
        return node.isActive() && node.getBean(Leadership.class).isLeader();
    }

    private static long leaders(ConfigurableApplicationContext... nodes) {
        return List.of(nodes).stream().filter(TwoNodesOnPostgresqlTests::leads).count();
    }

    private static ServiceStatus adapter(ConfigurableApplicationContext node) {
        return node.getBean(CamelContext.class).getRouteController().getRouteStatus(ADAPTER);
    }
}
