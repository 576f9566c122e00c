package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** Department systems push records; subscribers (a real WireMock server) receive their views over HTTP. */
@HubTest
class PushApiTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Quarantine quarantine;

    @Autowired
    DepartmentKeys keys;

    WireMockServer subscriber = new WireMockServer(options().dynamicPort());
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startSubscriber() {
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/civil-affairs/inbox")).willReturn(aResponse().withStatus(200)));
        subscriber.stubFor(post(urlEqualTo("/police/inbox")).willReturn(aResponse().withStatus(204)));
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriptions.put(PipelineFixtures.webhook("death-civil", "civil-affairs", "death-certificate",
                subscriber.baseUrl() + "/civil-affairs/inbox", Map.of("deceasedName", FieldView.CLEAR,
                        "deceasedIdNumber", FieldView.CLEAR, "causeDirect", FieldView.MASKED,
                        "causeUnderlying", FieldView.MASKED), SubscriptionFilter.ALL));
        subscriptions.put(PipelineFixtures.webhook("death-police", "police", "death-certificate",
                subscriber.baseUrl() + "/police/inbox", Map.of("deceasedName", FieldView.CLEAR,
                        "deceasedIdNumber", FieldView.CLEAR), SubscriptionFilter.ALL));
    }

    @AfterEach
    void stopSubscriber() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        subscriber.stop();
    }

    @Test
    void deathCertificateReachesCivilAffairsWithCauseMaskedAndPoliceWithoutIt() throws Exception {
        JsonNode answer = push("death-certificate", PipelineFixtures.deathCertificate("S330105202611060017",
                "33010519390615002x"));

        assertThat(answer.at("/results/0/status").asText()).isEqualTo("ACCEPTED");
        String recordId = answer.at("/results/0/recordId").asText();
        JsonNode civil = delivered("/civil-affairs/inbox", recordId);
        JsonNode police = delivered("/police/inbox", recordId);

        assertThat(civil.get("deceasedName").asText()).isEqualTo("陈𠇔");
        assertThat(civil.get("deceasedIdNumber").asText()).isEqualTo("33010519390615002X");
        assertThat(civil.get("causeDirect").asText()).isEqualTo("******");
        assertThat(civil.get("icd10").isNull()).isTrue();
        assertThat(civil.get("address").isNull()).isTrue();
        assertThat(civil.get("hospitalUscc").asText()).isEqualTo("91350100M000100Y43");
        assertThat(police.get("deceasedName").asText()).isEqualTo("陈𠇔");
        assertThat(police.get("causeDirect").isNull()).isTrue();
        assertThat(police.get("causeUnderlying").isNull()).isTrue();
        LoggedRequest request = requests("/civil-affairs/inbox").get(0);
        assertThat(request.getHeader("X-ExchangeHub-Subscription")).isEqualTo("death-civil");
        assertThat(request.getHeader("X-ExchangeHub-Signature")).matches("t=\\d+,hmac-sm3=[0-9a-f]{64}");
    }

    @Test
    void batchWithAWrongCheckCharacterQuarantinesOnlyThatRecord() throws Exception {
        String batch = "[" + PipelineFixtures.deathCertificate("S1", "33010519390615002X") + ","
                + PipelineFixtures.deathCertificate("S2", "330105199001010170") + ","
                + PipelineFixtures.deathCertificate("S3", "330106580807015") + "]";

        JsonNode results = push("death-certificate", batch).get("results");

        assertThat(results).extracting(r -> r.get("status").asText())
                .containsExactly("ACCEPTED", "QUARANTINED", "ACCEPTED");
        assertThat(results.get(1).get("problems").toString())
                .isEqualTo("[{\"field\":\"deceasedIdNumber\",\"code\":\"ID_CHECK_CHAR\"}]");
        String quarantineId = results.get(1).get("quarantineId").asText();
        assertThat(quarantine.list("OPEN")).anySatisfy(entry -> {
            assertThat(entry.id()).isEqualTo(quarantineId);
            assertThat(entry.problems()).containsExactly(new FieldProblem("deceasedIdNumber", "ID_CHECK_CHAR"));
        });
        assertThat(quarantine.rawPayload(quarantineId)).contains("330105199001010170").contains("S2");
        assertThat(delivered("/police/inbox", results.get(2).get("recordId").asText()).get("deceasedIdNumber").asText())
                .isEqualTo("330106195808070152");
    }

    @Test
    void sameRecordPushedTwiceIsDeliveredOnce() throws Exception {
        String record = PipelineFixtures.deathCertificate("S-TWICE", "33010519390615002X");
        JsonNode first = push("death-certificate", record);
        JsonNode second = push("death-certificate", record);

        assertThat(second.at("/results/0/status").asText()).isEqualTo("DUPLICATE");
        assertThat(second.at("/results/0/recordId").asText()).isEqualTo(first.at("/results/0/recordId").asText());
        delivered("/civil-affairs/inbox", first.at("/results/0/recordId").asText());
        Thread.sleep(300); // several poll intervals, to give a second delivery the chance to show up
        assertThat(recordsFor("/civil-affairs/inbox", first.at("/results/0/recordId").asText())).hasSize(1);
    }

    @Test
    void changedContentUnderTheSameKeyIsANewVersionDeliveredInOrder() throws Exception {
        JsonNode first = push("death-certificate", PipelineFixtures.deathCertificate("S-V", "33010519390615002X"));
        JsonNode second = push("death-certificate", PipelineFixtures.deathCertificate("S-V", "33010519390615002X")
                .replace("急性心肌梗死", "心力衰竭"));

        assertThat(second.at("/results/0/version").asInt()).isEqualTo(2);
        delivered("/civil-affairs/inbox", second.at("/results/0/recordId").asText());
        List<String> order = requests("/civil-affairs/inbox").stream().flatMap(r -> records(r).stream())
                .map(r -> r.get("recordId").asText()).filter(id -> id.equals(first.at("/results/0/recordId").asText())
                        || id.equals(second.at("/results/0/recordId").asText()))
                .toList();
        assertThat(order).containsExactly(first.at("/results/0/recordId").asText(),
                second.at("/results/0/recordId").asText());
    }

    @Test
    void requestsThatCannotBeReadGetProblemDetails() throws Exception {
        HttpResponse<String> unknown = send("no-such-type", "{}", "application/json");
        HttpResponse<String> malformed = send("death-certificate", "{\"sourceKey\": ", "application/json");
        int huge = statusOfAnnouncedBody(11 * 1024 * 1024);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(unknown.body()).get("detail").asText()).contains("no-such-type");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(huge).isEqualTo(413);
        for (String notARecord : new String[] { "   ", "42", "\"text\"", "null", "true" }) {
            HttpResponse<String> refused = send("death-certificate", notARecord, "application/json");
            assertThat(refused.statusCode()).as(notARecord).isEqualTo(400);
            assertThat(refused.body()).as(notARecord).contains("not a JSON record");
        }
    }

    @Test
    void aLoneSurrogateEscapeIsQuarantinedAsEncoding() throws Exception {
        JsonNode result = push("death-certificate", PipelineFixtures.deathCertificate("S-SURROGATE", "33010519390615002X")
                .replace("杭州市某区", "杭州市\\ud800某区")).at("/results/0");

        assertThat(result.get("status").asText()).isEqualTo("QUARANTINED");
        assertThat(result.at("/problems/0/code").asText()).isEqualTo("ENCODING");
        assertThat(result.at("/problems/0/field").asText()).isEqualTo("address");
    }

    @Test
    void structurallyWrongRecordIsQuarantinedWithTheFieldPath() throws Exception {
        JsonNode results = push("death-certificate", "[" + PipelineFixtures.deathCertificate("S-X", "33010519390615002X")
                .replace("\"deathTime\": \"2026-11-06T03:30:00+08:00\",", "") + ","
                + PipelineFixtures.deathCertificate("S-Y", "33010519390615002X").replace("\"sex\": \"2\"", "\"sex\": 2")
                + "]").get("results");

        assertThat(results.get(0).get("problems").toString()).isEqualTo("[{\"field\":\"deathTime\",\"code\":\"REQUIRED_MISSING\"}]");
        assertThat(results.get(1).get("problems").toString()).isEqualTo("[{\"field\":\"sex\",\"code\":\"SCHEMA_MISMATCH\"}]");
    }

    /**
     * The status the hub answers to a push announcing a body of {@code length} bytes, read before any of the body is
     * sent: the hub refuses from the announced length. (Sending the body too raced the connection the hub closes
     * after answering: once in a clean-clone run the client read no answer at all.)
     */
    private int statusOfAnnouncedBody(long length) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/inbound/death-certificate HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nAuthorization: " + TestCredentials.bearer(keys, "health")
                    + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private JsonNode push(String recordType, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(recordType, body, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String recordType, String body, String contentType)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbound/" + recordType))
                .header("Content-Type", contentType).header("Authorization", TestCredentials.bearer(keys, "health"))
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private JsonNode delivered(String path, String recordId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !recordsFor(path, recordId).isEmpty());
        return recordsFor(path, recordId).get(0).get("record");
    }

    private List<JsonNode> recordsFor(String path, String recordId) {
        return requests(path).stream().flatMap(request -> records(request).stream())
                .filter(record -> record.get("recordId").asText().equals(recordId)).toList();
    }

    private List<LoggedRequest> requests(String path) {
        return subscriber.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static List<JsonNode> records(LoggedRequest request) {
        try {
            List<JsonNode> records = new java.util.ArrayList<>();
            JSON.readTree(request.getBodyAsString()).get("records").forEach(records::add);
            return records;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
