package org.exchangehub.exchange;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A subscriber that pulls its records instead of receiving webhooks. */
@HubTest
class FeedTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
    }

    @Test
    void subscriberReadsItsFeedInPagesAndAcknowledges() throws Exception {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(new Subscription("grid-feed", "grid", "work-order", "网格员上门处置", "《测试条例》第一条",
                new SubscriptionFilter(null, List.of(), "assignedDepartment", List.of("grid")),
                Map.of("content", FieldView.CLEAR, "callerName", FieldView.MASKED),
                new DeliveryChannel(DeliveryChannel.Type.FEED, null, null, null)));
        for (int i = 1; i <= 3; i++) {
            inbound.receive("work-order", JSON.readTree("""
                    {"sourceDepartment": "hotline", "sourceKey": "WO-FEED-%1$d", "occurredAt": "2026-11-20T09:00:00+08:00",
                     "workOrderNo": "WO-FEED-%1$d", "channel": "GRID", "requestType": "求助", "content": "楼道堆物 %1$d",
                     "divisionCode": "330102", "callerName": "王秀英", "assignedDepartment": "grid",
                     "dueAt": "2026-11-22T18:00:00+08:00"}""".formatted(i)), "PUSH");
        }

        JsonNode first = get("/api/v1/feeds/grid-feed?after=0&limit=2").json();
        JsonNode second = get("/api/v1/feeds/grid-feed?after=" + first.get("nextCursor").asLong()).json();

        assertThat(first.get("records")).hasSize(2);
        assertThat(first.at("/records/0/record/content").asText()).isEqualTo("楼道堆物 1");
        assertThat(first.at("/records/0/record/callerName").asText()).isEqualTo("王**");
        assertThat(second.get("records")).hasSize(1);
        long last = second.get("nextCursor").asLong();
        assertThat(post("/api/v1/feeds/grid-feed/ack", "{\"upTo\": " + last + "}").json().get("acknowledged").asInt())
                .isEqualTo(3);
        assertThat(post("/api/v1/feeds/grid-feed/ack", "{\"upTo\": " + last + "}").json().get("acknowledged").asInt())
                .isZero();
        assertThat(get("/api/v1/feeds/grid-feed?after=0").json().get("records")).as("re-reading is allowed").hasSize(3);
        assertThat(get("/api/v1/feeds/grid-feed?after=" + last).json().get("records")).isEmpty();
    }

    @Test
    void unknownOrWebhookSubscriptionsHaveNoFeedAndAnUnknownOneLooksLikeAnotherDepartments() throws Exception {
        subscriptions.put(new Subscription("grid-webhook", "grid", "work-order", "网格员上门处置", "《测试条例》第一条", null,
                Map.of(), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, "http://localhost:9/none", null, null)));

        assertThat(get("/api/v1/feeds/no-such").status()).as("no hint whether it exists").isEqualTo(403);
        Response webhook = get("/api/v1/feeds/grid-webhook");
        assertThat(webhook.status()).isEqualTo(409);
        assertThat(webhook.json().get("detail").asText()).contains("WEBHOOK");
    }

    record Response(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Response get(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestCredentials.bearer(keys, "grid")).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
        return new Response(response.statusCode(), response.body());
    }

    private Response post(String path, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", TestCredentials.bearer(keys, "grid"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
        return new Response(response.statusCode(), response.body());
    }
}
