package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.RecordJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Department systems that speak the Avro wire format push single records and length-prefixed batches. */
@HubTest
class AvroPushTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    RecordCodec codec;

    @Autowired
    CanonicalSchemas schemas;

    @Test
    void wireFormatRecordsAreAcceptedAndBrokenOnesQuarantined() throws Exception {
        byte[] good = wire("WO-AVRO-1");
        byte[] badMagic = wire("WO-AVRO-2");
        badMagic[0] = 7;
        byte[] truncated = Arrays.copyOf(wire("WO-AVRO-3"), 30);

        assertThat(push("application/vnd.exchangehub.avro", good).at("/results/0/status").asText()).isEqualTo("ACCEPTED");
        JsonNode batch = push("application/vnd.exchangehub.avro-batch", frames(wire("WO-AVRO-4"), badMagic, truncated));

        assertThat(batch.get("results")).extracting(result -> result.get("status").asText())
                .containsExactly("ACCEPTED", "QUARANTINED", "QUARANTINED");
        assertThat(batch.at("/results/1/problems/0/code").asText()).isEqualTo("BAD_MAGIC_BYTE");
        assertThat(batch.at("/results/2/problems/0/code").asText()).isEqualTo("TRUNCATED");
    }

    @Test
    void invalidUtf8InsideAnAvroStringIsQuarantinedAsEncoding() throws Exception {
        byte[] wire = wire("WO-AVRO-6");
        byte[] text = "路灯不亮".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(wire, text);
        assertThat(at).as("the description's bytes in the wire format").isPositive();
        wire[at + 1] = (byte) 0xFF;

        JsonNode result = push("application/vnd.exchangehub.avro", wire).at("/results/0");

        assertThat(result.get("status").asText()).isEqualTo("QUARANTINED");
        assertThat(result.at("/problems/0/code").asText()).isEqualTo("ENCODING");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void batchWithABrokenLengthPrefixIsRejectedWhole() throws Exception {
        byte[] body = frames(wire("WO-AVRO-5"));
        ByteBuffer.wrap(body).putInt(0, body.length + 10);

        HttpResponse<String> response = send("application/vnd.exchangehub.avro-batch", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("title").asText()).isEqualTo("Malformed batch");
    }

    private byte[] wire(String number) throws Exception {
        var schema = schemas.forRecordType("work-order").orElseThrow().schema();
        ObjectNode json = (ObjectNode) JSON.readTree(PipelineFixtures.workOrder(number, "路灯不亮", "grid"));
        json.put("recordId", "00000000-0000-4000-8000-000000000001");
        json.put("ingestedAt", "2026-11-20T09:12:05+08:00");
        json.put("callerPhone", "13730246633");
        GenericRecord record = RecordJson.fromJson(json, schema);
        return codec.encode(record);
    }

    private static byte[] frames(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    private JsonNode push(String contentType, byte[] body) throws Exception {
        HttpResponse<String> response = send(contentType, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/inbound/work-order"))
                .header("Content-Type", contentType).header("Authorization", TestCredentials.bearer(keys, "hotline"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
