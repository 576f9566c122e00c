package org.exchangehub.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;

/** The OpenAPI document at /v3/api-docs lists every API endpoint the hub serves, each answer with its schema. */
@HubTest
class OpenApiDocumentTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiAndRegistryEndpointIsDocumentedWithResponseSchemas() {
        HubHttp.Response document = new HubHttp(port).get("/v3/api-docs", null);
        assertThat(document.status()).isEqualTo(200);
        JsonNode paths = document.json().get("paths");
        assertThat(document.json().at("/components/securitySchemes").size()).isEqualTo(2);

        TreeSet<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/") || pattern.startsWith("/registry/")) {
                    info.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method.name().toLowerCase()
                            + " " + pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}")));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> withoutSchema = new ArrayList<>();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonNode operation = paths.path(path).path(method);
            if (operation.isMissingNode()) {
                missing.add(endpoint);
                continue;
            }
            JsonNode responses = operation.get("responses");
            boolean documented = false;
            for (var it = responses.fields(); it.hasNext();) {
                var response = it.next();
                if (response.getKey().startsWith("2") && (response.getKey().equals("204")
                        || response.getValue().path("content").elements().hasNext()
                                && response.getValue().path("content").elements().next().has("schema"))) {
                    documented = true;
                }
            }
            if (!documented) {
                withoutSchema.add(endpoint);
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(60);
        assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
        assertThat(withoutSchema).as("endpoints whose success answer has no schema").isEmpty();
    }
}
