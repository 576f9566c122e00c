package org.exchangehub.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** The hub stops while deliveries are owed; after a restart on the same database each is delivered once. */
class RestartDuringDeliveryTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    final WireMockServer subscriber = new WireMockServer(options().dynamicPort());

    @AfterEach
    void stop() {
        subscriber.stop();
    }

    @Test
    void deliveriesOwedAtShutdownAreMadeAfterRestartExactlyOnce() throws Exception {
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(503)));
        List<String> ids = new ArrayList<>();
        try (ConfigurableApplicationContext hub = start()) {
            InboundRecords inbound = hub.getBean(InboundRecords.class);
            for (int i = 0; i < 20; i++) {
                InboundOutcome outcome = inbound.receive("work-order", JSON.readTree("""
                        {"sourceDepartment": "hotline", "sourceKey": "WO-RESTART-%1$02d", "occurredAt": "2026-11-20T09:00:00+08:00",
                         "workOrderNo": "WO-RESTART-%1$02d", "channel": "HOTLINE", "requestType": "求助", "content": "路灯不亮",
                         "divisionCode": "330102", "assignedDepartment": "grid", "dueAt": "2026-11-22T18:00:00+08:00"}"""
                        .formatted(i)), "PUSH");
                ids.add(outcome.recordId());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !subscriber.getAllServeEvents().isEmpty());
        }

        subscriber.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
        try (ConfigurableApplicationContext hub = start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered().containsAll(ids));
            Thread.sleep(500);
            assertThat(delivered()).hasSize(ids.size()).doesNotHaveDuplicates();
        }
    }

    private List<String> delivered() {
        return WorkOrders.delivered(subscriber);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ExchangeHubApplication.class).run(
                "--server.port=0", "--spring.profiles.active=test", "--hub.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub",
                "--hub.delivery.poll-interval=50ms", "--hub.delivery.initial-backoff=100ms",
                "--hub.delivery.max-backoff=300ms", "--hub.delivery.max-attempts=1000",
                "--hub.subscriptions[0].id=orders-to-grid", "--hub.subscriptions[0].subscriber=grid",
                "--hub.subscriptions[0].record-type=work-order", "--hub.subscriptions[0].purpose=网格员上门处置",
                "--hub.subscriptions[0].legal-basis=《测试条例》第一条", "--hub.subscriptions[0].views.content=CLEAR",
                "--hub.subscriptions[0].channel.type=WEBHOOK",
                "--hub.subscriptions[0].channel.url=" + subscriber.baseUrl() + "/grid/inbox");
    }
}
