package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.exchangehub.HubTest;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The health system's XML documents (a real WireMock server) polled by the health routes, and scenario 1:
 * a hospital's death certificate reaches civil affairs with the cause masked and police without it.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthAdapterTests {

    static final WireMockServer HEALTH = new WireMockServer(options().dynamicPort());
    static final WireMockServer SUBSCRIBERS = new WireMockServer(options().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        HEALTH.start();
        SUBSCRIBERS.start();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void health(DynamicPropertyRegistry registry) throws IOException {
        String certificate = Files.readString(Path.of("src/test/resources/samples/health-death-certificate.xml"))
                .replaceFirst("<\\?xml[^>]*\\?>", "");
        xml("/api/v1/death-certificates", "", "<DeathMedicalCertificates nextCursor=\"d1\" hasMore=\"false\">"
                + certificate + "</DeathMedicalCertificates>");
        xml("/api/v1/death-certificates", "d1", "<DeathMedicalCertificates nextCursor=\"d1\" hasMore=\"false\"/>");
        xml("/api/v1/vaccinations", "", """
                <Vaccinations nextCursor="v2" hasMore="false">
                  <Vaccination><RecordNo>V330105202611200001</RecordNo>
                    <Person><Name>王秀英</Name><IdNumber>33010219460312038X</IdNumber></Person>
                    <Vaccine><Code>3301</Code><Name>流感疫苗</Name><Batch>B2026-09</Batch></Vaccine>
                    <DoseNumber>1</DoseNumber><VaccinatedAt>2026-11-20 09:30:00</VaccinatedAt>
                    <Clinic><Name>某社区卫生服务中心</Name><USCC>12330105MB0012345N</USCC><DivisionCode>330105</DivisionCode></Clinic>
                  </Vaccination>
                  <Vaccination><RecordNo>V330105202611200002</RecordNo>
                    <Person><Name>李建国</Name><IdNumber>330106580807015</IdNumber></Person>
                    <Vaccine><Code>3302</Code><Name>肺炎球菌疫苗</Name><Batch>B2026-10</Batch></Vaccine>
                    <DoseNumber>1</DoseNumber><VaccinatedAt>20261120100000</VaccinatedAt>
                    <Clinic><Name>某社区卫生服务中心</Name><USCC>12330105MB0012345N</USCC><DivisionCode>330105</DivisionCode></Clinic>
                  </Vaccination>
                </Vaccinations>""");
        xml("/api/v1/vaccinations", "v2", "<Vaccinations nextCursor=\"v2\" hasMore=\"false\"/>");
        SUBSCRIBERS.stubFor(post(urlEqualTo("/civil-affairs/inbox")).willReturn(aResponse().withStatus(200)));
        SUBSCRIBERS.stubFor(post(urlEqualTo("/police/inbox")).willReturn(aResponse().withStatus(200)));
        registry.add("hub.adapters.health.enabled", () -> "true");
        registry.add("hub.adapters.health.url", HEALTH::baseUrl);
        registry.add("hub.adapters.health.period", () -> "300");
    }

    private static void xml(String path, String since, String body) {
        HEALTH.stubFor(get(urlPathEqualTo(path)).withQueryParam("since", equalTo(since))
                .willReturn(aResponse().withHeader("Content-Type", "application/xml; charset=utf-8").withBody(body)));
    }

    /**
     * The health routes stop before the health system does: stopped the other way round, a poll under way when
     * WireMock went away held the hub's shutdown for 15 s (Camel waits for exchanges in flight).
     */
    @AfterAll
    void stop() throws Exception {
        camel.getRouteController().stopRoute("health-death-certificates");
        camel.getRouteController().stopRoute("health-vaccinations");
        HEALTH.stop();
        SUBSCRIBERS.stop();
    }

    @Test
    void deathCertificateReachesCivilAffairsWithCauseMaskedAndPoliceWithoutIt() throws Exception {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(PipelineFixtures.webhook("death-to-civil-affairs", "civil-affairs", "death-certificate",
                SUBSCRIBERS.baseUrl() + "/civil-affairs/inbox", Map.of("deceasedName", FieldView.CLEAR,
                        "deceasedIdNumber", FieldView.CLEAR, "causeDirect", FieldView.MASKED,
                        "causeUnderlying", FieldView.MASKED), SubscriptionFilter.ALL));
        subscriptions.put(PipelineFixtures.webhook("death-to-police", "police", "death-certificate",
                SUBSCRIBERS.baseUrl() + "/police/inbox", Map.of("deceasedName", FieldView.CLEAR,
                        "deceasedIdNumber", FieldView.CLEAR, "address", FieldView.CLEAR), SubscriptionFilter.ALL));

        // the certificate may have been journaled before the subscriptions existed: push it again as version 2. The
        // route stops while its cursor goes: a poll under way would otherwise write its cursor back after the delete,
        // and the certificate would never be read again (a clean-clone CI run waited 20 s for it in vain)
        await().atMost(Duration.ofSeconds(20)).until(() -> count("death-certificate") >= 1);
        camel.getRouteController().stopRoute("health-death-certificates");
        jdbc.sql("DELETE FROM ingest_adapter_cursor WHERE adapter_id = 'health-death-certificates'").update();
        HEALTH.stubFor(get(urlPathEqualTo("/api/v1/death-certificates")).withQueryParam("since", equalTo(""))
                .willReturn(aResponse().withHeader("Content-Type", "application/xml").withBody(
                        "<DeathMedicalCertificates nextCursor=\"d1\" hasMore=\"false\">" + Files.readString(
                                Path.of("src/test/resources/samples/health-death-certificate.xml"))
                                .replaceFirst("<\\?xml[^>]*\\?>", "").replace("I21.9", "I21.0")
                                + "</DeathMedicalCertificates>")));
        camel.getRouteController().startRoute("health-death-certificates");

        JsonNode civil = await().atMost(Duration.ofSeconds(20)).until(() -> received("/civil-affairs/inbox"),
                records -> !records.isEmpty()).get(0);
        JsonNode police = await().atMost(Duration.ofSeconds(20)).until(() -> received("/police/inbox"),
                records -> !records.isEmpty()).get(0);

        assertThat(civil.get("deceasedName").asText()).isEqualTo("陈𠇔");
        assertThat(civil.get("deceasedIdNumber").asText()).isEqualTo("33010519390615002X");
        assertThat(civil.get("causeDirect").asText()).isEqualTo("******");
        assertThat(civil.get("icd10").isNull()).isTrue();
        assertThat(civil.get("deathTime").asText()).isEqualTo("2026-11-06T03:30:00.000+08:00");
        assertThat(police.get("causeDirect").isNull()).isTrue();
        assertThat(police.get("causeUnderlying").isNull()).isTrue();
        assertThat(police.get("address").asText()).isEqualTo("杭州市某区某街道8号");
    }

    @Test
    void vaccinationDocumentsAreAcceptedWithIdNumbersNormalized() {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("vaccination") == 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM exchange_blind_index b JOIN exchange_record r"
                + " ON r.record_id = b.record_id WHERE r.record_type = 'vaccination'").query(Integer.class).single())
                .isEqualTo(2);
    }

    private int count(String recordType) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE record_type = ?").param(recordType)
                .query(Integer.class).single();
    }

    private static List<JsonNode> received(String path) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (var request : SUBSCRIBERS.findAll(postRequestedFor(urlEqualTo(path)))) {
            JSON.readTree(request.getBodyAsString()).get("records").forEach(r -> records.add(r.get("record")));
        }
        return records;
    }
}
