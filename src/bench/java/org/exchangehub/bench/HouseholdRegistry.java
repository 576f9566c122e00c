package org.exchangehub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The police household registry a query service calls: WireMock in a process of its own, as a department's system
 * is (its work is not the hub's), answering every query with one household registration after a fixed delay.
 */
final class HouseholdRegistry implements AutoCloseable {

    /** The registry's query path. */
    static final String QUERY = "/api/v1/household-registrations/query";

    private final Process process;

    /**
     * Starts the registry on {@code port} and returns once it answers, after {@code delayMs} ms for each query.
     */
    HouseholdRegistry(int port, int delayMs) throws Exception {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(WireMockServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                "--port", String.valueOf(port), "--no-request-journal", "--container-threads", "64",
                "--disable-banner").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ObjectMapper json = new ObjectMapper();
        String stub = json.createObjectNode().<ObjectNode>set("request",
                json.createObjectNode().put("method", "POST").put("urlPath", QUERY))
                .set("response", json.createObjectNode().put("status", 200).put("fixedDelayMilliseconds", delayMs)
                        .put("body", """
                        {"sourceKey": "HR-1", "occurredAt": "2019-06-01T09:00:00+08:00", "name": "郑海峰",
                         "householdNo": "330106012345", "address": "杭州市某区某街道31号", "divisionCode": "330106",
                         "status": "REGISTERED"}""").set("headers", json.createObjectNode()
                                .put("Content-Type", "application/json"))).toString();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest mapping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__admin/mappings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(stub)).build();
        for (int attempt = 0;; attempt++) {
            try {
                if (http.send(mapping, HttpResponse.BodyHandlers.ofString()).statusCode() == 201) {
                    break;
                }
            } catch (IOException starting) {
                if (attempt == 100) {
                    close();
                    throw starting;
                }
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
