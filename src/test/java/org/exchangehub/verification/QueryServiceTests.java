package org.exchangehub.verification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.ingest.ResidentIdNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A query service against a WireMock household registry of the police, over real HTTP: a department with a grant gets
 * the registry's record in its granted views only (name masked, address clear, ID number not granted and so absent),
 * the provider learns who asks and for which case, every call — answered or not — is a QUERIED audit event holding
 * digests and blind indexes and no personal data, listed in the person's data-subject report; no grant 403, a bad query
 * 400 naming the field, an unknown service 404, the provider holding no record 404, failing 503, slow 504, answering
 * something that is not a household registration 502.
 */
@HubTest
class QueryServiceTests extends ServiceCallTest {

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());
    static final String PATH = "/api/v1/household-registrations/query";
    static final String SERVICE = "/api/v1/services/police/household-registration";
    static final String PURPOSE = "工单当事人户籍核实 (work order check)";

    @Autowired
    DataSubjectReport reports;

    @DynamicPropertySource
    static void police(DynamicPropertyRegistry registry) {
        POLICE.start();
        registry.add("hub.adapters.police.url", POLICE::baseUrl);
        registry.add("hub.verification.query-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() {
        POLICE.stop();
    }

    static String idNumber(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void aGrantedCallGetsTheRegistrysRecordInItsViewsAndIsAuditedWithoutPersonalData() throws Exception {
        String person = idNumber("33010619720415301");
        POLICE.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.idNumber", equalTo(person)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(registration(person))));
        grant("hotline", Map.of("name", "MASKED", "address", "CLEAR"));

        HubHttp.Response answered = call("hotline", query(person, "RX-2026-1188"));

        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode answer = answered.json().get("answer");
        assertThat(answer.get("name").asText()).isEqualTo("郑**");
        assertThat(answer.get("address").asText()).isEqualTo("杭州市某区某街道31号");
        assertThat(answer.get("idNumber").isNull()).as("not granted").isTrue();
        assertThat(answer.get("householdNo").asText()).isEqualTo("330106012345");
        assertThat(answer.get("status").asText()).isEqualTo("REGISTERED");
        assertThat(answer.get("sourceDepartment").asText()).isEqualTo("police");
        POLICE.verify(postRequestedFor(urlPathEqualTo(PATH)).withHeader("X-Hub-Client", equalTo("hotline"))
                .withHeader("X-Hub-Case", equalTo("RX-2026-1188")));

        long seq = answered.json().get("auditSeq").asLong();
        Map<String, Object> event = jdbc.sql("SELECT * FROM audit_event WHERE node_id = ? AND seq = ?")
                .params(answered.json().get("auditNode").asText(), seq).query().singleRow();
        assertThat(event.get("ACTION")).isEqualTo("QUERIED");
        assertThat(event.get("OUTCOME")).isEqualTo("ANSWERED");
        assertThat(event.get("SOURCE_DEPARTMENT")).isEqualTo("police");
        assertThat(event.get("FIELDS")).isEqualTo("{\"address\":\"CLEAR\",\"idNumber\":\"OMIT\",\"name\":\"MASKED\"}");
        assertThat(event.toString()).doesNotContain(person).doesNotContain("郑").doesNotContain("街道31号")
                .contains("bi1.");
        assertThat(reports.forIdNumber(person, "auditor").checks()).singleElement().satisfies(check -> {
            assertThat(check.by()).isEqualTo("hotline");
            assertThat(check.service()).isEqualTo("household-registration");
            assertThat(check.provider()).isEqualTo("police");
            assertThat(check.caseReference()).isEqualTo("RX-2026-1188");
            assertThat(check.answer()).isEqualTo("ANSWERED");
        });
    }

    @Test
    void noGrantABadQueryAndAnUnknownServiceAreRefusedBeforeTheProviderIsCalled() {
        String person = idNumber("33010619800101002");
        grant("civil-affairs", Map.of("address", "MASKED"));
        int before = POLICE.getAllServeEvents().size();

        assertThat(call("health", query(person, "WS-1")).status()).isEqualTo(403);
        String wrongCheck = person.substring(0, 17) + (person.charAt(17) == '1' ? '2' : '1');
        assertProblem(call("civil-affairs", query(wrongCheck, "MZ-1")), 400, "query.idNumber");
        assertProblem(call("civil-affairs", """
                {"purpose": "%s", "caseReference": "MZ-1", "query": {"shoeSize": "42"}}""".formatted(PURPOSE)), 400,
                "query.shoeSize");
        assertProblem(call("civil-affairs", """
                {"purpose": "%s", "query": {"idNumber": "%s"}}""".formatted(PURPOSE, person)), 400, "caseReference");
        assertThat(http().post("/api/v1/services/police/no-such-service", key("civil-affairs"),
                query(person, "MZ-1")).status()).isEqualTo(404);
        assertThat(http().post("/api/v1/services/health/household-registration", key("civil-affairs"),
                query(person, "MZ-1")).status()).as("another provider's code").isEqualTo(404);
        assertThat(POLICE.getAllServeEvents()).hasSize(before);
    }

    @Test
    void aProviderWithoutTheRecordFailingSlowOrAnsweringOtherwiseGivesProblemDetailsAndEachCallIsAudited() {
        grant("petition", Map.of("name", "MASKED"));
        List<String> people = List.of(idNumber("33010619900101003"), idNumber("33010619900101011"),
                idNumber("33010619900101038"), idNumber("33010619900101046"));
        POLICE.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.idNumber", equalTo(people.get(0))))
                .willReturn(aResponse().withStatus(404)));
        POLICE.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.idNumber", equalTo(people.get(1))))
                .willReturn(aResponse().withStatus(500)));
        POLICE.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.idNumber", equalTo(people.get(2))))
                .willReturn(aResponse().withFixedDelay(3_000).withBody(registration(people.get(2)))));
        POLICE.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.idNumber", equalTo(people.get(3))))
                .willReturn(aResponse().withBody("{\"sourceKey\": \"x\", \"idNumber\": \"" + people.get(3) + "\"}")));
        long before = queried();

        assertProblem(call("petition", query(people.get(0), "XF-1")), 404, "NOT_ON_FILE");
        HubHttp.Response failing = call("petition", query(people.get(1), "XF-2"));
        assertProblem(failing, 503, "PROVIDER_UNAVAILABLE");
        assertThat(failing.header("Retry-After")).isEqualTo("30");
        assertProblem(call("petition", query(people.get(2), "XF-3")), 504, "TIMEOUT");
        assertProblem(call("petition", query(people.get(3), "XF-4")), 502, "BAD_ANSWER");

        assertThat(jdbc.sql("SELECT outcome FROM audit_event WHERE action = 'QUERIED' AND actor = 'petition'"
                + " ORDER BY at, seq").query(String.class).list())
                .containsExactly("NOT_ON_FILE", "PROVIDER_UNAVAILABLE", "TIMEOUT", "BAD_ANSWER");
        assertThat(queried()).isEqualTo(before + 4);
    }

    private long queried() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'QUERIED'").query(Long.class).single();
    }

    private static void assertProblem(HubHttp.Response response, int status, String text) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains(text);
    }

    private void grant(String department, Map<String, String> views) {
        HubHttp.Response requested = http().post("/api/v1/sharing-requests", key(department), JSON.createObjectNode()
                .put("resource", "household-registration").put("purpose", PURPOSE)
                .put("legalBasis", "《测试条例》第一条").put("validUntil", LocalDate.now().plusDays(30).toString())
                .set("fields", JSON.valueToTree(views)).toString());
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        HubHttp.Response approved = http().post("/api/v1/sharing-requests/" + requested.json().get("id").asText()
                + "/approve", TestCredentials.basic(TestCredentials.POLICE_APPROVER), "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    private static String query(String idNumber, String caseReference) {
        return """
                {"purpose": "%s", "caseReference": "%s", "query": {"idNumber": "%s"}}"""
                .formatted(PURPOSE, caseReference, idNumber);
    }

    private static String registration(String idNumber) {
        return """
                {"sourceKey": "HR-%s", "occurredAt": "2019-06-01T09:00:00+08:00", "idNumber": "%s", "name": "郑海峰",
                 "sex": "1", "householdNo": "330106012345", "relationToHead": "02", "address": "杭州市某区某街道31号",
                 "divisionCode": "330106", "status": "REGISTERED", "registeredOn": "2019-06-01"}"""
                .formatted(idNumber.substring(14), idNumber);
    }

    private HubHttp.Response call(String department, String body) {
        return http().post(SERVICE, key(department), body);
    }

}
