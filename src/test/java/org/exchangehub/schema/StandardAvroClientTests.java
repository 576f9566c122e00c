package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A department's consumer or producer that knows nothing of the hub but the registry URL: it speaks the
 * Confluent wire format and REST API with plain Avro, as standard Schema Registry serdes do.
 */
@HubTest
class StandardAvroClientTests {

    @Autowired
    DepartmentKeys keys;

    @LocalServerPort
    int port;

    @Autowired
    RecordCodec codec;

    @Autowired
    CanonicalSchemas canonical;

    @Test
    void recordEncodedByTheHubIsDecodedWithOnlyTheRegistryUrl() throws Exception {
        Schema incident = canonical.forRecordType("police-incident").orElseThrow().schema();
        GenericRecord sent = RecordJson.fromJson(new SampleRecords(11).next(incident), incident);
        byte[] wire = codec.encode(sent);

        GenericRecord received = new RegistryOnlyClient("http://localhost:" + port + "/registry", TestCredentials.bearer(keys, "police")).decode(wire);

        assertThat(received.toString()).isEqualTo(sent.toString());
    }

    @Test
    void recordEncodedByAStandardClientIsDecodedByTheHub() throws Exception {
        RegistryOnlyClient client = new RegistryOnlyClient("http://localhost:" + port + "/registry", TestCredentials.bearer(keys, "police"));
        Schema status = new Schema.Parser().parse(Files.readString(Path.of("schemas/work-order-status.avsc")));
        GenericRecord update = new GenericData.Record(status);
        update.put("recordId", "6f1c2e4a-1b2c-4d5e-8f90-123456789abc");
        update.put("sourceDepartment", "civil-affairs");
        update.put("sourceKey", "WO-20261106-0042-3");
        update.put("occurredAt", 1793932200000L);
        update.put("ingestedAt", 1793932260000L);
        update.put("workOrderNo", "WO-20261106-0042");
        update.put("status", new GenericData.EnumSymbol(status.getField("status").schema(), "RESOLVED"));
        update.put("handlingDepartment", "civil-affairs");
        update.put("note", "已上门探访");

        GenericRecord decoded = codec.decode(client.encode("work-order-status-value", update));

        assertThat(decoded.toString()).isEqualTo(update.toString());
    }

    /** The whole client: an HTTP call per unknown schema id, then plain Avro. */
    static final class RegistryOnlyClient {

        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper json = new ObjectMapper();
        private final Map<Integer, Schema> schemas = new HashMap<>();
        private final String registryUrl;

        private final String authorization;

        /** A client configured, like Confluent's serdes with {@code bearer.auth.token}, with a department key. */
        RegistryOnlyClient(String registryUrl, String authorization) {
            this.registryUrl = registryUrl;
            this.authorization = authorization;
        }

        GenericRecord decode(byte[] message) throws Exception {
            ByteBuffer buffer = ByteBuffer.wrap(message);
            if (buffer.get() != 0) {
                throw new IllegalArgumentException("unknown magic byte");
            }
            int id = buffer.getInt();
            Schema writer = schemas.containsKey(id) ? schemas.get(id) : fetch(id);
            return new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null));
        }

        byte[] encode(String subject, GenericRecord record) throws Exception {
            String body = json.writeValueAsString(Map.of("schema", record.getSchema().toString()));
            var response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
            int id = json.readTree(response.body()).get("id").asInt();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }

        private Schema fetch(int id) throws IOException, InterruptedException {
            var response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id))
                    .header("Authorization", authorization).build(),
                    BodyHandlers.ofString());
            Schema schema = new Schema.Parser().parse(json.readTree(response.body()).get("schema").asText());
            schemas.put(id, schema);
            return schema;
        }
    }
}
