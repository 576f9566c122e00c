package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

/** A department system that answers garbage: the adapter shows FAILING, nothing is skipped, and it recovers. */
@HubTest
class DepartmentFaultTests {

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());

    static {
        POLICE.start();
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>维护中</html>")));
    }

    @Autowired
    @Qualifier("adapters")
    HealthIndicator adapters;

    @Autowired
    AdapterCursors cursors;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.apache.camel.CamelContext camel;

    @DynamicPropertySource
    static void police(DynamicPropertyRegistry registry) {
        registry.add("hub.adapters.police.enabled", () -> "true");
        registry.add("hub.adapters.police.url", POLICE::baseUrl);
        registry.add("hub.adapters.police.period", () -> "200");
        registry.add("hub.adapters.redelivery-delay", () -> "50");
        registry.add("hub.adapters.max-redeliveries", () -> "1");
        registry.add("camel.component.http.response-timeout", () -> "1000");
        registry.add("camel.component.http.so-timeout", () -> "1000");
    }

    @AfterAll
    static void stop() {
        POLICE.stop();
    }

    @Test
    void hangingSourceTimesOutInsteadOfBlockingTheAdapter() {
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo("hang"))
                .willReturn(aResponse().withFixedDelay(5000).withBody("{}")));

        long started = System.nanoTime();
        var failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> camel.createProducerTemplate()
                .requestBodyAndHeader(POLICE.baseUrl() + "/api/v1/incidents?since=hang", "",
                        org.apache.camel.Exchange.HTTP_METHOD, "GET"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4000));
        assertThat(failure).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void garbageFromTheSourceShowsTheAdapterFailingUntilItRecovers() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILING".equals(state()));
        assertThat(cursors.get("police-incidents", "none")).isEqualTo("none");

        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"data": [{"JJDBH": "J330102202611201000", "JJSJ": "20261120081530", "XZQH": "330102",
                          "AJLB": "纠纷", "JJNR": "邻里纠纷"}], "nextCursor": "c1", "hasMore": false}""")));
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo("c1"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"nextCursor\": \"c1\", \"hasMore\": false}")));

        await().atMost(Duration.ofSeconds(20)).until(() -> "Started".equals(state()));
        assertThat(cursors.get("police-incidents", "none")).isEqualTo("c1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE source_key = 'J330102202611201000'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private String state() {
        Object route = adapters.health().getDetails().get("police-incidents");
        return route == null ? null : String.valueOf(((Map<String, Object>) route).get("state"));
    }
}
