package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The police incident API (a real WireMock server) polled by the police route: paging, cursor, retries. */
@HubTest
class PoliceAdapterTests {

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());

    static {
        POLICE.start();
    }

    @Autowired
    AdapterCursors cursors;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void police(DynamicPropertyRegistry registry) throws Exception {
        String firstPage = """
                {"data": [{"JJDBH": "J330102202610311000", "JJSJ": "20261031221500", "BJRXM": "张伟",
                  "BJRSFZH": "330105199001010177", "BJRDH": "+86 13921535642", "AFDD": "杭州市某区某街道5号",
                  "XZQH": "330105", "AJLB": "噪音", "JJNR": "夜间施工噪音"}],
                 "nextCursor": "20261031230000", "hasMore": true}""";
        String secondPage = Files.readString(Path.of("src/test/resources/samples/police-incidents-page.json"));
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(""))
                .inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(""))
                .inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(firstPage)));
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo("20261031230000"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(secondPage)));
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo("20261104120000"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"nextCursor\": \"20261104120000\", \"hasMore\": false}")));
        registry.add("hub.adapters.police.enabled", () -> "true");
        registry.add("hub.adapters.police.url", POLICE::baseUrl);
        registry.add("hub.adapters.police.period", () -> "300");
        registry.add("hub.adapters.redelivery-delay", () -> "100");
    }

    @AfterAll
    static void stopPolice() {
        POLICE.stop();
    }

    @Test
    void incidentsArePolledPageByPageAndTheCursorAdvancesPastThem() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cursors.get("police-incidents", "").equals("20261104120000"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                POLICE.findAll(getRequestedFor(urlPathEqualTo("/api/v1/incidents"))
                        .withQueryParam("since", equalTo("20261104120000"))).size() >= 2);

        assertThat(jdbc.sql("SELECT source_key, COUNT(*) FROM exchange_record WHERE record_type = 'police-incident'"
                + " GROUP BY source_key").query((rs, n) -> rs.getString(1) + "=" + rs.getInt(2)).list())
                .containsExactlyInAnyOrder("J330102202610311000=1", "J330102202611011000=1", "J330106202611021001=1",
                        "J330105202611031002=1", "J330102202611041003=1");
        assertThat(POLICE.findAll(getRequestedFor(urlPathEqualTo("/api/v1/incidents"))
                .withQueryParam("since", equalTo("")))).hasSize(2);
    }
}
