package org.exchangehub.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.exchangehub.HubTest;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Slow and fast ingest transactions interleaved: slow ones journal records and stay open while many fast pushes
 * commit and are delivered past them. Delivery follows the journal's log by position, and a record takes its
 * position only when its transaction commits, so the slow ones' records come after the cursor, not behind it: the
 * subscriber receives every record once.
 */
@HubTest
class InterleavedIngestTests {

    static final WireMockServer GRID = new WireMockServer(options().dynamicPort());

    static {
        GRID.start();
        GRID.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
    }

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    TransactionTemplate transactions;

    @AfterEach
    void cleanUp() {
        subscriptions.remove("interleaved-grid");
    }

    @AfterAll
    static void stop() {
        GRID.stop();
    }

    @Test
    void recordsOfTransactionsHeldOpenWhileOthersCommitAreDeliveredOnceAfterThem() throws Exception {
        subscriptions.put(new Subscription("interleaved-grid", "grid", "work-order", "网格员上门处置", "《测试条例》第一条",
                new SubscriptionFilter(null, List.of(), "requestType", List.of("interleaved")),
                Map.of("content", FieldView.CLEAR), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                        GRID.baseUrl() + "/grid/inbox", null, null)));
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<CountDownLatch> releases = new ArrayList<>();
        List<Future<?>> slow = new ArrayList<>();
        int fast = 0;
        for (int round = 0; round < 3; round++) {
            CountDownLatch journaled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            releases.add(release);
            int slowRound = round;
            slow.add(pool.submit(() -> transactions.executeWithoutResult(status -> {
                // joins this open transaction: journaled now, positioned when it commits
                accepted.add(receive("SLOW-" + slowRound + "-A"));
                accepted.add(receive("SLOW-" + slowRound + "-B"));
                journaled.countDown();
                waitFor(release);
            })));
            assertThat(journaled.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> pushes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "FAST-" + fast++;
                pushes.add(pool.submit(() -> accepted.add(receive(key))));
            }
            for (Future<?> push : pushes) {
                push.get(20, TimeUnit.SECONDS);
            }
            int fastSoFar = fast;
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() >= fastSoFar);
            assertThat(delivered()).as("the fast ones went past the open transactions").hasSize(fastSoFar);
        }
        // the slow ones commit last, in another order than they began
        for (int round = releases.size() - 1; round >= 0; round--) {
            releases.get(round).countDown();
            slow.get(round).get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(20)).until(() -> delivered().size() >= accepted.size());
        Thread.sleep(500);
        assertThat(delivered()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(accepted);
    }

    private String receive(String sourceKey) {
        return inbound.receive("work-order", WorkOrders.workOrder("WO-" + sourceKey, "interleaved"), "PUSH").recordId();
    }

    private static List<String> delivered() {
        return WorkOrders.delivered(GRID);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
