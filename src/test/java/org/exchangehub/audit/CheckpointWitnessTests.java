package org.exchangehub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;

import org.exchangehub.HubTest;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Checkpoints are signed on a timer too, and each is posted to an external witness. */
@HubTest
class CheckpointWitnessTests {

    static final WireMockServer WITNESS = new WireMockServer(options().dynamicPort());

    static {
        WITNESS.start();
        WITNESS.stubFor(post(urlEqualTo("/checkpoints")).willReturn(aResponse().withStatus(201)));
    }

    @Autowired
    AuditLog log;

    @Autowired
    AuditSigningKey signingKey;

    @DynamicPropertySource
    static void witness(DynamicPropertyRegistry registry) {
        registry.add("hub.audit.witness-url", () -> WITNESS.baseUrl() + "/checkpoints");
        registry.add("hub.audit.checkpoint-interval", () -> "300ms");
    }

    @AfterAll
    static void stop() {
        WITNESS.stop();
    }

    @Test
    void timedCheckpointReachesTheWitnessAndItsSignatureVerifies() {
        AuditEvent event = log.append(AuditEntry.of("admin", "ADMIN_CHANGE", "OK", "witness test"));

        Checkpoint posted = await().atMost(Duration.ofSeconds(10)).until(
                () -> WITNESS.findAll(postRequestedFor(urlEqualTo("/checkpoints"))).stream()
                        .map(request -> AuditBundle.checkpoint(request.getBodyAsString()))
                        .filter(checkpoint -> checkpoint.seq() >= event.seq()).findFirst().orElse(null),
                checkpoint -> checkpoint != null);

        assertThat(signingKey.suite().verify(signingKey.publicKey(),
                ChainFormat.checkpointMessage(posted.seq(), posted.hash(), posted.at()),
                Base64.getDecoder().decode(posted.signature()))).isTrue();
    }
}
