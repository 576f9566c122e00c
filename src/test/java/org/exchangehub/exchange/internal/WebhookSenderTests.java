package org.exchangehub.exchange.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.exchangehub.exchange.DeliveryChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The webhook's wire format as a subscriber checks it: the body arrives byte for byte as built, and
 * {@code X-ExchangeHub-Signature: t=<epoch seconds>,<hmac-sm3|hmac-sha256>=<hex>} is the HMAC of {@code <t>.<body>}
 * under the channel secret, computed here independently of the hub's crypto suites.
 */
class WebhookSenderTests {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final String SECRET = "grid-webhook-secret-for-tests";
    // non-ASCII text, a supplementary character among it: the signature covers the UTF-8 bytes that are sent
    private static final byte[] BODY = "{\"subscription\":\"grid\",\"records\":[{\"record\":{\"name\":\"陈𠇔\"}}]}"
            .getBytes(UTF_8);

    private final WireMockServer subscriber = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeEach
    void start() {
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/inbox")).willReturn(aResponse().withStatus(202)));
    }

    @AfterEach
    void stop() {
        subscriber.stop();
    }

    @Test
    void smSuiteSignsTimestampDotBodyWithHmacSm3() throws Exception {
        LoggedRequest request = sendWith("SM", SECRET);

        assertThat(request.getBody()).isEqualTo(BODY);
        assertThat(request.getHeader(WebhookSender.SUBSCRIPTION)).isEqualTo("grid");
        HMac sm3 = new HMac(new SM3Digest());
        sm3.init(new KeyParameter(SECRET.getBytes(UTF_8)));
        byte[] signed = signedBytes(request.getBody());
        sm3.update(signed, 0, signed.length);
        byte[] expected = new byte[sm3.getMacSize()];
        sm3.doFinal(expected, 0);
        assertThat(request.getHeader(WebhookSender.SIGNATURE))
                .isEqualTo("t=" + NOW.getEpochSecond() + ",hmac-sm3=" + HexFormat.of().formatHex(expected));
    }

    @Test
    void intlSuiteSignsTimestampDotBodyWithHmacSha256() throws Exception {
        LoggedRequest request = sendWith("INTL", SECRET);

        Mac sha256 = Mac.getInstance("HmacSHA256");
        sha256.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
        assertThat(request.getHeader(WebhookSender.SIGNATURE)).isEqualTo("t=" + NOW.getEpochSecond()
                + ",hmac-sha256=" + HexFormat.of().formatHex(sha256.doFinal(signedBytes(request.getBody()))));
    }

    @Test
    void channelWithoutSecretSendsNoSignature() throws Exception {
        LoggedRequest request = sendWith("SM", " ");

        assertThat(request.getBody()).isEqualTo(BODY);
        assertThat(request.getHeader(WebhookSender.SIGNATURE)).isNull();
    }

    private LoggedRequest sendWith(String suite, String secret) throws Exception {
        DeliveryProperties properties = new DeliveryProperties(Duration.ofMillis(200), 100, 3, Duration.ofSeconds(1),
                Duration.ofMinutes(1), 5, Duration.ofSeconds(30), 1, Duration.ofSeconds(5));
        WebhookSender sender = new WebhookSender(properties, suite, Clock.fixed(NOW, ZoneOffset.UTC));
        DeliveryChannel channel = new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                subscriber.baseUrl() + "/inbox", DeliveryChannel.Format.JSON, secret);

        assertThat(sender.send("grid", channel, BODY)).isEqualTo(202);

        subscriber.verify(1, postRequestedFor(urlEqualTo("/inbox")));
        return subscriber.findAll(postRequestedFor(urlEqualTo("/inbox"))).get(0);
    }

    private static byte[] signedBytes(byte[] body) {
        byte[] prefix = (NOW.getEpochSecond() + ".").getBytes(UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return signed;
    }
}
