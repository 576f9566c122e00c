package org.exchangehub.console.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.DeliveryBacklog;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The dashboard's figures against what really happened: records civil affairs pushed count as received from it,
 * deliveries to a working subscriber as delivered to its department, those to a subscriber that keeps failing as
 * retried and then dead-lettered owed to its department, in the totals, the per-department rows, the chart's
 * current bucket and the backlog.
 */
@HubTest
@OwnHub("the dashboard's totals are compared with what the class alone sent")
class DashboardTests {

    static final WireMockServer SUBSCRIBERS = new WireMockServer(options().dynamicPort());

    static {
        SUBSCRIBERS.start();
        SUBSCRIBERS.stubFor(post(urlEqualTo("/police/inbox")).willReturn(aResponse().withStatus(200)));
        SUBSCRIBERS.stubFor(post(urlEqualTo("/health/inbox")).willReturn(aResponse().withStatus(503)));
    }

    @Autowired
    Dashboard dashboard;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    DepartmentKeys keys;

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        SUBSCRIBERS.stop();
    }

    @Test
    void figuresFollowReceivedDeliveredAndDeadLetteredRecords() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(webhook("dash-police", "police"));
        subscriptions.put(webhook("dash-health", "health"));
        Dashboard.Snapshot before = dashboard.snapshot(Dashboard.Range.HOUR);

        assertThat(new HubHttp(port).post("/api/v1/inbound/subsistence-allowance",
                TestCredentials.bearer(keys, "civil-affairs"), FictionalAllowances.batch(800_000, 3)).status())
                .isEqualTo(200);

        Dashboard.Snapshot after = await().atMost(Duration.ofSeconds(30)).until(
                () -> dashboard.snapshot(Dashboard.Range.HOUR),
                s -> s.total().deadLettered() - before.total().deadLettered() == 3);
        assertThat(after.total().received() - before.total().received()).isEqualTo(3);
        assertThat(after.total().delivered() - before.total().delivered()).isEqualTo(3);
        assertThat(row(after, "civil-affairs").received() - row(before, "civil-affairs").received()).isEqualTo(3);
        assertThat(row(after, "police").delivered() - row(before, "police").delivered()).isEqualTo(3);
        assertThat(row(after, "health").deadLettered() - row(before, "health").deadLettered()).isEqualTo(3);
        assertThat(Arrays.stream(after.series().received()).sum()).isEqualTo(after.total().received());
        assertThat(Arrays.stream(after.series().deadLettered()).sum()).isEqualTo(after.total().deadLettered());
        assertThat(after.series().labels()).hasSize(12);
        assertThat(after.backlog()).filteredOn(e -> e.subscriptionId().equals("dash-health")).singleElement()
                .satisfies(e -> {
                    assertThat(e.dead()).isEqualTo(3);
                    assertThat(e.pending()).isZero();
                    assertThat(e.subscriber()).isEqualTo("health");
                });
        assertThat(after.backlog()).extracting(DeliveryBacklog.Entry::subscriptionId).contains("dash-police");
        assertThat(dashboard.snapshot(Dashboard.Range.DAY).series().labels()).hasSize(24);
    }

    private static Dashboard.Counts row(Dashboard.Snapshot snapshot, String department) {
        return snapshot.departments().stream().filter(d -> d.code().equals(department)).findFirst()
                .map(Dashboard.DepartmentRow::counts).orElse(Dashboard.NONE);
    }

    private static Subscription webhook(String id, String subscriber) {
        return new Subscription(id, subscriber, "subsistence-allowance", "核对低保资格", "《社会救助暂行办法》第十一条", null,
                Map.of("recipientName", FieldView.MASKED), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                        SUBSCRIBERS.baseUrl() + "/" + subscriber + "/inbox", null, null));
    }
}
