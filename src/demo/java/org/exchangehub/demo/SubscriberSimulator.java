package org.exchangehub.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The subscribing departments' endpoints: {@code POST /<department>/inbox} acknowledges every batch. Work orders
 * that reached a department are reported back once as resolved.
 */
final class SubscriberSimulator {

    /** A work order a department received: who got it and its number. */
    record ReceivedOrder(String department, String workOrderNo) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Set<String> answered = new HashSet<>();

    SubscriberSimulator(int port) {
        this.server = new WireMockServer(options().port(port));
    }

    void start() {
        server.start();
        server.stubFor(post(urlPathMatching("/[a-z0-9-]+/inbox")).willReturn(aResponse().withStatus(200)));
    }

    /** Work orders received since the last call. */
    synchronized List<ReceivedOrder> newWorkOrders() {
        List<ReceivedOrder> orders = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            String department = event.getRequest().getUrl().split("/")[1];
            for (JsonNode record : records(event)) {
                if ("work-order".equals(record.path("recordType").asText())) {
                    String number = record.path("record").path("workOrderNo").asText();
                    if (answered.add(number)) {
                        orders.add(new ReceivedOrder(department, number));
                    }
                }
            }
        }
        return orders;
    }

    /** Records received per department, for the demo's log. */
    Map<String, Integer> receivedPerDepartment() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            counts.merge(event.getRequest().getUrl().split("/")[1], records(event).size(), Integer::sum);
        }
        return counts;
    }

    private static List<JsonNode> records(ServeEvent event) {
        List<JsonNode> records = new ArrayList<>();
        try {
            JSON.readTree(event.getRequest().getBodyAsString()).path("records").forEach(records::add);
        } catch (IOException e) {
            // not a hub batch: nothing to count
        }
        return records;
    }

    void stop() {
        server.stop();
    }
}
