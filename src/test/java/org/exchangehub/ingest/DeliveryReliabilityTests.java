package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.exchange.DeadLetter;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** Subscribers that fail, stay down or are slow; nothing is lost, duplicated or held up. */
@HubTest
class DeliveryReliabilityTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    JdbcClient jdbc;

    WireMockServer subscriber = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));

    @BeforeEach
    void start() {
        subscriber.start();
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
    }

    @AfterEach
    void stop() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriber.stop();
    }

    @Test
    void subscriberThatFailsForAWhileGetsEveryRecordOnceAfterItReturns() throws Exception {
        subscriber.stubFor(post(urlEqualTo("/flaky")).inScenario("outage").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        subscriber.stubFor(post(urlEqualTo("/flaky")).inScenario("outage").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        subscriber.stubFor(post(urlEqualTo("/flaky")).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        subscribe("flaky-grid", "/flaky");

        List<String> ids = pushWorkOrders("WO-FLAKY-", 5);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredIds("/flaky").containsAll(ids));
        Thread.sleep(300);
        assertThat(deliveredIds("/flaky")).filteredOn(ids::contains).hasSize(ids.size()).doesNotHaveDuplicates();
    }

    @Test
    void permanentlyFailingSubscriberGetsDeadLettersThatReplayDelivers() throws Exception {
        subscriber.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(500)));
        subscribe("broken-grid", "/broken");
        List<String> ids = pushWorkOrders("WO-DEAD-", 2);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadFor("broken-grid").size() == 2);
        assertThat(deadFor("broken-grid")).allSatisfy(dead -> {
            assertThat(dead.attempts()).isEqualTo(4);
            assertThat(dead.lastError()).isEqualTo("HTTP 500");
        });

        subscriber.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(200)));
        int replayed = deadLetters.replay(deadFor("broken-grid").stream().map(DeadLetter::id).toList(), "test-admin");

        assertThat(replayed).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveredIds("/broken").containsAll(ids));
        assertThat(deadFor("broken-grid")).isEmpty();
    }

    @Test
    void versionsOfARecordArriveInOrderDespiteRetries() throws Exception {
        subscriber.stubFor(post(urlEqualTo("/ordered")).inScenario("order").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("still down"));
        subscriber.stubFor(post(urlEqualTo("/ordered")).inScenario("order").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        subscriber.stubFor(post(urlEqualTo("/ordered")).inScenario("order").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        subscribe("ordered-grid", "/ordered");
        String key = "WO-ORDER-" + System.nanoTime();
        List<String> versions = new java.util.ArrayList<>();
        for (String content : new String[] { "第一次", "第二次", "第三次" }) {
            versions.add(inbound.receive("work-order", JSON.readTree(PipelineFixtures.workOrder(key, content, "grid")),
                    "PUSH").recordId());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredIds("/ordered").containsAll(versions));
        assertThat(deliveredIds("/ordered")).filteredOn(versions::contains).containsExactlyElementsOf(versions);
    }

    @Test
    void slowSubscriberDoesNotHoldUpTheOthers() throws Exception {
        subscriber.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2500)));
        subscriber.stubFor(post(urlEqualTo("/fast")).willReturn(aResponse().withStatus(200)));
        subscribe("slow-grid", "/slow");
        subscribe("fast-grid", "/fast");

        long started = System.nanoTime();
        List<String> ids = pushWorkOrders("WO-SPEED-", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveredIds("/fast").containsAll(ids));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveredIds("/slow").containsAll(ids));
    }

    @Test
    void removingASubscriptionLetsTheCallUnderWayFinishThenNothingIsOwedOrSent() throws Exception {
        callUnderWay("leaving-grid", "/leaving", 503);

        subscriptions.remove("leaving-grid", "test-admin"); // while the subscriber still holds the call

        assertThat(outbox("leaving-grid", "CANCELLED")).as("the call's failure was recorded, then cancelled")
                .isEqualTo(1);
        pushWorkOrders("WO-LEAVING-", 1);
        Thread.sleep(1500);
        assertThat(outbox("leaving-grid", "PENDING")).as("nothing owed after removal").isZero();
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/leaving")))).hasSize(1);
    }

    @Test
    void aDeliveryUnderWayWhenASubscriptionIsRemovedIsRecordedBeforeTheRemoval() throws Exception {
        callUnderWay("last-grid", "/last", 200);

        subscriptions.remove("last-grid", "test-admin");

        List<String> actions = jdbc.sql("SELECT action FROM audit_event WHERE subscription_id = ? ORDER BY seq")
                .param("last-grid").query(String.class).list();
        assertThat(actions).as("delivered while the subscription was live, then removed")
                .containsSubsequence("DELIVERED", "ADMIN_CHANGE").endsWith("ADMIN_CHANGE");
    }

    /** A record pushed for a new subscription whose subscriber holds the call 1.5 s, then answers {@code status}. */
    private void callUnderWay(String id, String path, int status) throws Exception {
        subscriber.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withFixedDelay(1500)));
        subscribe(id, path);
        pushWorkOrders("WO-" + id + "-", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !subscriber.findAll(postRequestedFor(urlEqualTo(path))).isEmpty());
    }

    private int outbox(String subscriptionId, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_outbox WHERE subscription_id = ? AND status = ?")
                .params(subscriptionId, status).query(Integer.class).single();
    }

    private void subscribe(String id, String path) {
        subscriptions.put(PipelineFixtures.webhook(id, "grid", "work-order", subscriber.baseUrl() + path,
                Map.of("content", FieldView.CLEAR), SubscriptionFilter.ALL));
    }

    private List<String> pushWorkOrders(String prefix, int count) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode order = JSON.readTree(PipelineFixtures.workOrder(prefix + System.nanoTime() + "-" + i,
                    "独居老人请求上门探访", "grid"));
            InboundOutcome outcome = inbound.receive("work-order", order, "PUSH");
            assertThat(outcome.status()).isEqualTo(InboundOutcome.Status.ACCEPTED);
            ids.add(outcome.recordId());
        }
        return ids;
    }

    private List<DeadLetter> deadFor(String subscriptionId) {
        return deadLetters.list().stream().filter(dead -> dead.subscriptionId().equals(subscriptionId)).toList();
    }

    /** Records in requests the subscriber answered with 200 (delivered, as the hub counts it), oldest first. */
    private List<String> deliveredIds(String path) {
        return subscriber.getAllServeEvents().stream()
                .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .filter(event -> event.getRequest().getUrl().equals(path) && event.getResponse().getStatus() == 200)
                .flatMap(event -> ids(event.getRequest().getBodyAsString()).stream()).toList();
    }

    private static List<String> ids(String body) {
        try {
            List<String> ids = new java.util.ArrayList<>();
            JSON.readTree(body).get("records").forEach(record -> ids.add(record.get("recordId").asText()));
            return ids;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
