package org.exchangehub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.exchangehub.schema.RecordCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A subscriber that asked for the wire format gets each record as {@code "avro"}: the registry's wire format (magic
 * byte, schema id, Avro binary) in base64, in its view, beside the same envelope a JSON subscriber gets.
 */
@HubTest
class AvroDeliveryTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    RecordCodec codec;

    final WireMockServer subscriber = new WireMockServer(options().dynamicPort());

    @AfterEach
    void stop() {
        subscriptions.remove("avro-grid");
        subscriber.stop();
    }

    @Test
    void aWireFormatSubscriberGetsEachRecordAsBase64AvroInItsView() throws Exception {
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/avro")).willReturn(aResponse().withStatus(200)));
        subscriptions.put(new Subscription("avro-grid", "grid", "work-order", "测试用途 (test purpose)",
                "《测试条例》第一条", SubscriptionFilter.ALL, Map.of("content", FieldView.CLEAR),
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, subscriber.baseUrl() + "/avro",
                        DeliveryChannel.Format.AVRO, null)));
        String key = "WO-AVRO-" + System.nanoTime();
        String recordId = inbound.receive("work-order", JSON.readTree(PipelineFixtures.workOrder(key, "独居老人请求上门探访",
                "grid")), "PUSH").recordId();

        await().atMost(Duration.ofSeconds(10)).until(() -> !subscriber.findAll(postRequestedFor(urlEqualTo("/avro")))
                .isEmpty());
        JsonNode entry = JSON.readTree(subscriber.findAll(postRequestedFor(urlEqualTo("/avro"))).get(0).getBody())
                .at("/records/0");
        assertThat(entry.get("recordId").asText()).isEqualTo(recordId);
        assertThat(entry.get("recordType").asText()).isEqualTo("work-order");
        assertThat(entry.get("version").asInt()).isEqualTo(1);
        assertThat(entry.has("record")).isFalse();
        GenericRecord delivered = codec.decode(Base64.getDecoder().decode(entry.get("avro").asText()));
        assertThat(delivered.get("recordId").toString()).isEqualTo(recordId);
        assertThat(delivered.get("sourceKey").toString()).isEqualTo(key);
        assertThat(delivered.get("content").toString()).isEqualTo("独居老人请求上门探访");
    }
}
