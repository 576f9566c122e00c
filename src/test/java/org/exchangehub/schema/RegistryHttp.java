package org.exchangehub.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP calls to the registry, as any Schema Registry client makes them. */
final class RegistryHttp {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, content type and body (parsed when it is JSON). */
    record Response(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;

    private final String authorization;

    /** A client calling as the test admin, who may change the registry. */
    RegistryHttp(String baseUrl) {
        this(baseUrl, org.exchangehub.TestCredentials.basic(org.exchangehub.TestCredentials.ADMIN));
    }

    RegistryHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    static String schemaBody(String schemaText) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schemaText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), MEDIA_TYPE);
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), MEDIA_TYPE);
    }

    Response post(String path, String body) {
        return post(path, body, MEDIA_TYPE);
    }

    Response post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(body)), contentType);
    }

    Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(BodyPublishers.ofString(body)), MEDIA_TYPE);
    }

    /** Registers a schema and returns its id. */
    int register(String subject, String schemaText) {
        Response response = post("/subjects/" + subject + "/versions", schemaBody(schemaText));
        if (response.status() != 200) {
            throw new IllegalStateException("registration failed: " + response.body());
        }
        return response.json().get("id").asInt();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request, String contentType) {
        try {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            var response = client.send(request.header("Content-Type", contentType)
                    .header("Accept", MEDIA_TYPE + ", application/json").build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
