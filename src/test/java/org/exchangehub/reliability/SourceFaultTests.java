package org.exchangehub.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubTest;
import org.exchangehub.ingest.AdapterCursors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * Item 3 of the reliability suite: the police (JSON) and health (XML) systems answer a page with every kind of
 * fault in turn — 500/503, truncated bodies, HTML or JSON where XML is expected, connections reset or closed
 * without an answer or after garbage, and pages that break the paging contract (no records list, no cursor,
 * "more" without a new cursor, hasMore neither true nor false). The adapters retry, show FAILING, never move
 * their cursor past a page they did not read, take nothing from a broken page, and once the source answers
 * properly every record arrives exactly once while the hub stays UP.
 */
@HubTest
class SourceFaultTests {

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());
    static final WireMockServer HEALTH = new WireMockServer(options().dynamicPort());
    static final List<String> POLICE_FAULTS = List.of("500", "truncated JSON", "HTML page", "connection reset",
            "no records list", "no cursor", "more without a new cursor", "empty response", "garbage then close");
    static final List<String> HEALTH_FAULTS = List.of("503", "truncated XML", "JSON instead of XML", "no cursor",
            "hasMore neither true nor false", "connection reset");

    static {
        POLICE.start();
        HEALTH.start();
        policePages();
        healthPages();
    }

    @Autowired
    AdapterCursors cursors;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("adapters")
    HealthIndicator adapters;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        registry.add("hub.adapters.police.enabled", () -> "true");
        registry.add("hub.adapters.police.url", POLICE::baseUrl);
        registry.add("hub.adapters.police.period", () -> "200");
        registry.add("hub.adapters.health.enabled", () -> "true");
        registry.add("hub.adapters.health.url", HEALTH::baseUrl);
        registry.add("hub.adapters.health.period", () -> "200");
        registry.add("hub.adapters.redelivery-delay", () -> "50");
        registry.add("hub.adapters.max-redeliveries", () -> "1");
        registry.add("camel.component.http.response-timeout", () -> "2000");
    }

    @AfterAll
    static void stop() {
        POLICE.stop();
        HEALTH.stop();
    }

    @Test
    void everySourceFaultIsRetriedWithoutLosingOrRepeatingARecord() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> "p2".equals(cursors.get("police-incidents", null))
                && "v1".equals(cursors.get("health-vaccinations", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "Started".equals(state("police-incidents"))
                && "Started".equals(state("health-vaccinations")));

        List<String> expected = List.of(incidentNo(1), incidentNo(2), incidentNo(3), incidentNo(4), recordNo(1),
                recordNo(2));
        List<String> lost = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        for (String key : expected) {
            int rows = rows(key);
            if (rows == 0) {
                lost.add(key);
            } else if (rows > 1) {
                repeated.add(key);
            }
        }
        ReliabilitySummary.record(Map.of("fault_cases", POLICE_FAULTS.size() + HEALTH_FAULTS.size(), "fault_lost",
                lost.size(), "fault_duplicated", repeated.size()));

        assertThat(POLICE.getAllScenarios().getScenarios()).singleElement()
                .satisfies(scenario -> assertThat(scenario.getState()).isEqualTo("answered"));
        assertThat(HEALTH.getAllScenarios().getScenarios()).singleElement()
                .satisfies(scenario -> assertThat(scenario.getState()).isEqualTo("answered"));
        assertThat(lost).as("records lost").isEmpty();
        assertThat(repeated).as("records journaled twice").isEmpty();
        assertThat(rows(incidentNo(9)) + rows(recordNo(9))).as("records taken from a broken page").isZero();
        assertThat(POLICE.findAll(getRequestedFor(urlPathEqualTo("/api/v1/incidents"))
                .withQueryParam("since", equalTo("p9")))).as("cursor moved past unread records").isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ingest_quarantine").query(Integer.class).single()).isZero();
        assertThat(details("police-incidents").get("lastFailed")).isNotEqualTo("null");
        assertThat(details("health-vaccinations").get("lastFailed")).isNotEqualTo("null");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    private static void policePages() {
        police("", json(page(List.of(incident(1), incident(2)), "\"p1\"", "true")));
        List<ResponseDefinitionBuilder> faults = List.of(aResponse().withStatus(500).withBody("Internal Server Error"),
                json(page(List.of(incident(3), incident(4)), "\"p2\"", "false").substring(0, 60)),
                aResponse().withHeader("Content-Type", "text/html").withBody("<html><body>系统维护中</body></html>"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                json("{\"nextCursor\": \"p9\", \"hasMore\": false}"),
                json("{\"data\": [" + incident(9) + "], \"hasMore\": false}"),
                json(page(List.of(incident(9)), "\"p1\"", "true")),
                aResponse().withFault(Fault.EMPTY_RESPONSE),
                aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        faultsThenAnswer(POLICE, "/api/v1/incidents", "p1", POLICE_FAULTS, faults,
                json(page(List.of(incident(3), incident(4)), "\"p2\"", "false")));
        police("p2", json(page(List.of(), "\"p2\"", "false")));
    }

    private static void healthPages() {
        xml("/api/v1/death-certificates", "", "<DeathMedicalCertificates nextCursor=\"d0\" hasMore=\"false\"/>");
        xml("/api/v1/death-certificates", "d0", "<DeathMedicalCertificates nextCursor=\"d0\" hasMore=\"false\"/>");
        String good = "<Vaccinations nextCursor=\"v1\" hasMore=\"false\">" + vaccination(1) + vaccination(2)
                + "</Vaccinations>";
        List<ResponseDefinitionBuilder> faults = List.of(
                aResponse().withStatus(503).withHeader("Retry-After", "1"),
                xmlBody(good.substring(0, good.length() / 2)),
                json("{\"Vaccinations\": []}"),
                xmlBody("<Vaccinations hasMore=\"false\">" + vaccination(9) + "</Vaccinations>"),
                xmlBody("<Vaccinations nextCursor=\"v1\" hasMore=\"maybe\">" + vaccination(9) + "</Vaccinations>"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        faultsThenAnswer(HEALTH, "/api/v1/vaccinations", "", HEALTH_FAULTS, faults, xmlBody(good));
        xml("/api/v1/vaccinations", "v1", "<Vaccinations nextCursor=\"v1\" hasMore=\"false\"/>");
    }

    /**
     * The page at {@code since} answers each fault once, in order (a WireMock scenario, one state per fault), then
     * {@code answer} from then on (state {@code answered}).
     */
    private static void faultsThenAnswer(WireMockServer server, String path, String since, List<String> names,
            List<ResponseDefinitionBuilder> faults, ResponseDefinitionBuilder answer) {
        String state = STARTED;
        for (int i = 0; i < faults.size(); i++) {
            server.stubFor(get(urlPathEqualTo(path)).withQueryParam("since", equalTo(since)).inScenario(path)
                    .whenScenarioStateIs(state).willReturn(faults.get(i)).willSetStateTo(names.get(i)));
            state = names.get(i);
        }
        for (String from : List.of(state, "answered")) {
            server.stubFor(get(urlPathEqualTo(path)).withQueryParam("since", equalTo(since)).inScenario(path)
                    .whenScenarioStateIs(from).willSetStateTo("answered").willReturn(answer));
        }
    }

    static String incidentNo(int i) {
        return "J330106202611200%03d".formatted(i);
    }

    static String recordNo(int i) {
        return "V330106202611200%03d".formatted(i);
    }

    private static String incident(int i) {
        return """
                {"JJDBH": "%s", "JJSJ": "20261120%02d1500", "BJRXM": "%s", "BJRSFZH": "%s", "AFDD": "%s",
                 "XZQH": "330106", "AJLB": "求助", "JJNR": "老人求助"}""".formatted(incidentNo(i), 8 + i,
                FictionalAllowances.name(i), FictionalAllowances.idNumber(i), FictionalAllowances.address(i));
    }

    private static String vaccination(int i) {
        return """
                <Vaccination><RecordNo>%s</RecordNo>
                  <Person><Name>%s</Name><IdNumber>%s</IdNumber></Person>
                  <Vaccine><Code>3301</Code><Name>流感疫苗</Name><Batch>B2026-09</Batch></Vaccine>
                  <DoseNumber>1</DoseNumber><VaccinatedAt>2026-11-20 09:30:00</VaccinatedAt>
                  <Clinic><Name>某社区卫生服务中心</Name><USCC>12330105MB0012345N</USCC><DivisionCode>330105</DivisionCode></Clinic>
                </Vaccination>""".formatted(recordNo(i), FictionalAllowances.name(i + 100),
                FictionalAllowances.idNumber(i + 100));
    }

    private static String page(List<String> records, String cursor, String more) {
        return "{\"data\": [" + String.join(",", records) + "], \"nextCursor\": " + cursor + ", \"hasMore\": " + more
                + "}";
    }

    private static void police(String since, ResponseDefinitionBuilder answer) {
        POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(since))
                .willReturn(answer));
    }

    private static void xml(String path, String since, String body) {
        HEALTH.stubFor(get(urlPathEqualTo(path)).withQueryParam("since", equalTo(since)).willReturn(xmlBody(body)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder xmlBody(String body) {
        return aResponse().withHeader("Content-Type", "application/xml; charset=utf-8").withBody(body);
    }

    private int rows(String sourceKey) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE source_key = ?").param(sourceKey)
                .query(Integer.class).single();
    }

    private String state(String route) {
        return String.valueOf(details(route).get("state"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> details(String route) {
        Object details = adapters.health().getDetails().get(route);
        return details == null ? Map.of() : (Map<String, Object>) details;
    }
}
