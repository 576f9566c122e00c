package org.exchangehub.exchange;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** Fictional 12345 work orders for grid workers, and the record ids a WireMock subscriber acknowledged. */
public final class WorkOrders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkOrders() {
    }

    /** A canonical work order from the hotline, assigned to the grid, under a source key. */
    public static JsonNode workOrder(String sourceKey) {
        return workOrder(sourceKey, "求助");
    }

    /** A work order with a request type of its own (for subscriptions filtering on it). */
    public static JsonNode workOrder(String sourceKey, String requestType) {
        return read("""
                {"sourceDepartment": "hotline", "sourceKey": "%1$s", "occurredAt": "2026-11-20T09:00:00+08:00",
                 "workOrderNo": "%1$s", "channel": "HOTLINE", "requestType": "%2$s", "content": "路灯不亮",
                 "divisionCode": "330102", "assignedDepartment": "grid", "dueAt": "2026-11-22T18:00:00+08:00"}"""
                .formatted(sourceKey, requestType));
    }

    /** The record ids in every batch the subscriber answered with 200, in the order they arrived. */
    public static List<String> delivered(WireMockServer subscriber) {
        List<String> ids = new ArrayList<>();
        subscriber.getAllServeEvents().stream().filter(event -> event.getResponse().getStatus() == 200)
                .forEach(event -> read(event.getRequest().getBodyAsString()).get("records")
                        .forEach(record -> ids.add(record.get("recordId").asText())));
        return ids;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
