package org.exchangehub.exchange.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.CryptoSuite;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * POSTs a batch to a subscriber's webhook. With a channel secret the request carries
 * {@code X-ExchangeHub-Signature: t=<epoch seconds>,<hmac-sm3|hmac-sha256>=<hex>}, the HMAC of
 * {@code <t>.<body>} under the secret with the hub's suite, so the subscriber can check origin and freshness.
 */
@Component
class WebhookSender {

    static final String SIGNATURE = "X-ExchangeHub-Signature";
    static final String SUBSCRIPTION = "X-ExchangeHub-Subscription";

    private final HttpClient http;
    private final DeliveryProperties properties;
    private final CryptoSuite suite;
    private final Clock clock;

    WebhookSender(DeliveryProperties properties, @Value("${hub.protect.suite:SM}") String suite, Clock clock) {
        this.properties = properties;
        this.suite = CryptoSuite.of(suite);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    /** Sends a body of UTF-8 JSON, as it is: the bytes signed are the bytes sent. Returns the HTTP status. */
    int send(String subscriptionId, DeliveryChannel channel, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.url()))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header(SUBSCRIPTION, subscriptionId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (channel.secret() != null && !channel.secret().isBlank()) {
            request.header(SIGNATURE, signature(channel.secret(), clock.instant().getEpochSecond(), body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String signature(String secret, long epochSeconds, byte[] body) {
        byte[] prefix = (epochSeconds + ".").getBytes(UTF_8);
        byte[] signed = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        byte[] mac = suite.hmac(secret.getBytes(UTF_8), signed);
        String name = "SM".equals(suite.name()) ? "hmac-sm3" : "hmac-sha256";
        return "t=" + epochSeconds + "," + name + "=" + HexFormat.of().formatHex(mac);
    }
}
