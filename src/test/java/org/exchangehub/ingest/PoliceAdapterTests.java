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
import java.util.Map;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.console.ConsoleSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The police incident API (a real WireMock server) polled by the police route: paging, cursor, retries; a source
 * that no longer knows the kept cursor, shown as a named condition until an admin moves the cursor.
 */
@HubTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("it reads every log line of the process for its adapter's condition")
class PoliceAdapterTests {

    private static final String TAIL = "20261104120000";

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());

    static {
        POLICE.start();
    }

    @Autowired
    AdapterCursors cursors;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HealthEndpoint health;

    @Autowired
    AuditQueries audit;

    @LocalServerPort
    int port;

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
        registry.add("hub.adapters.unhealthy-after", () -> "1s");
    }

    @AfterAll
    static void stopPolice() {
        POLICE.stop();
    }

    @Test
    @Order(1)
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

    /**
     * The police system was restored from a backup and answers 404 to the cursor the hub kept: the adapter shows the
     * named condition in health (DEGRADED once it lasted) and on the dashboard, logs it once however often it polls,
     * and carries on from where an admin puts its cursor — an audited change.
     */
    @Test
    @Order(2)
    void aSourceThatRefusesTheKeptCursorIsANamedConditionUntilAnAdminMovesTheCursor() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> cursors.get("police-incidents", "").equals(TAIL));
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        try {
            POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(TAIL))
                    .willReturn(aResponse().withStatus(404)));
            POLICE.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo("20261101000000"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json")
                            .withBody("{\"data\": [], \"nextCursor\": \"20261101000000\", \"hasMore\": false}")));
            int before = POLICE.findAll(getRequestedFor(urlPathEqualTo("/api/v1/incidents"))).size();

            await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus().getCode().equals("DEGRADED"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    POLICE.findAll(getRequestedFor(urlPathEqualTo("/api/v1/incidents"))).size() >= before + 5);
            assertThat(police()).containsEntry("state", "CURSOR_REJECTED").containsKey("failingSince");
            assertThat((String) police().get("conditionDetail")).contains("HTTP 404", "'" + TAIL + "'");
            ConsoleSession admin = new ConsoleSession(port);
            admin.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            assertThat(admin.get("/console/dashboard").body()).contains("CURSOR_REJECTED");
            assertThat(logged.list).as("one line for the condition, not one per poll")
                    .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                            && (event.getLoggerName().startsWith("org.exchangehub.ingest")
                                    || event.getLoggerName().startsWith("org.apache.camel")))
                    .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .contains("police-incidents", "CURSOR_REJECTED").doesNotContain("张伟");

            HubHttp http = new HubHttp(port);
            String admins = TestCredentials.basic(TestCredentials.ADMIN);
            assertThat(http.put("/api/v1/admin/routes/police-incidents/cursor", admins,
                    "{\"position\": \"20261101000000\"}").status()).as("a reason is required").isEqualTo(400);
            assertThat(http.put("/api/v1/admin/routes/no-such-route/cursor", admins,
                    "{\"position\": \"x\", \"reason\": \"r\"}").status()).isEqualTo(404);
            HubHttp.Response reset = http.put("/api/v1/admin/routes/police-incidents/cursor", admins,
                    "{\"position\": \"20261101000000\", \"reason\": \"公安系统自 11-01 备份恢复\"}");
            assertThat(reset.status()).as(reset.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> "Started".equals(police().get("state")));
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(cursors.get("police-incidents", null)).isEqualTo("20261101000000");
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("police-incidents recovered"));
            assertThat(audit.search(new AuditQueries.Query(null, null, null, null, "ADMIN_CHANGE", null, null, 0, 100))
                    .events()).anySatisfy(event -> {
                        assertThat(event.actor()).isEqualTo(TestCredentials.ADMIN);
                        assertThat(event.detail()).isEqualTo("route police-incidents cursor RESET from '" + TAIL
                                + "' to '20261101000000': 公安系统自 11-01 备份恢复");
                    });
        } finally {
            root.detachAppender(logged);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> police() {
        return (Map<String, Object>) ((Health) health.healthForPath("adapters")).getDetails().get("police-incidents");
    }
}
