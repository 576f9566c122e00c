package org.exchangehub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.exchangehub.HubTest;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Checkpoints are signed on a timer too, and each is anchored outside the hub: time-stamped by an RFC 3161
 * authority (a real one on loopback) and posted, with its token, to an external witness. The token verifies with
 * OpenSSL, an implementation independent of the hub's.
 */
@HubTest
class CheckpointWitnessTests {

    static final WireMockServer WITNESS = new WireMockServer(options().dynamicPort());
    static final TestTimeStampAuthority AUTHORITY = new TestTimeStampAuthority();

    static {
        WITNESS.start();
        WITNESS.stubFor(post(urlEqualTo("/checkpoints")).willReturn(aResponse().withStatus(201)));
    }

    @Autowired
    AuditLog log;

    @Autowired
    AuditSigningKey signingKey;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditExport export;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void witness(DynamicPropertyRegistry registry) {
        registry.add("hub.audit.witness-url", () -> WITNESS.baseUrl() + "/checkpoints");
        registry.add("hub.audit.checkpoint-interval", () -> "300ms");
        registry.add("hub.audit.tsa-url", AUTHORITY::url);
    }

    @AfterAll
    static void stop() {
        WITNESS.stop();
        AUTHORITY.close();
    }

    @Test
    void timedCheckpointReachesTheWitnessTimeStampedAndBothSignaturesVerify() throws Exception {
        AuditEvent event = log.append(AuditEntry.of("admin", AuditAction.ADMIN_CHANGE, "OK", "witness test"));

        Checkpoint posted = await().atMost(Duration.ofSeconds(10)).until(() -> witnessed().stream()
                .filter(checkpoint -> checkpoint.seq() >= event.seq()).findFirst().orElse(null),
                checkpoint -> checkpoint != null);

        assertThat(signingKey.suite().verify(signingKey.publicKey(), posted.message(),
                Base64.getDecoder().decode(posted.signature()))).isTrue();
        assertThat(posted.timestampToken()).as("the witness gets the token with the checkpoint").isNotNull();
        assertThat(TimeStampTokens.verify(posted.timestampToken(), posted, signingKey.suite(), AUTHORITY.certificate())
                .ok()).isTrue();
        assertThat(jdbc.sql("SELECT token FROM audit_timestamp WHERE seq = ?").param(posted.seq()).query(String.class)
                .single()).isEqualTo(posted.timestampToken());

        Files.write(dir.resolve("token.der"), Base64.getDecoder().decode(posted.timestampToken()));
        Files.write(dir.resolve("message.txt"), posted.message());
        Files.writeString(dir.resolve("tsa.pem"), AUTHORITY.certificatePem());
        assertThat(run("openssl", "ts", "-verify", "-token_in", "-in", "token.der", "-data", "message.txt", "-CAfile",
                "tsa.pem")).contains("Verification: OK");
        assertThat(run("openssl", "ts", "-reply", "-token_in", "-in", "token.der", "-token_out", "-text"))
                .contains("Hash Algorithm: sm3").contains("Message data:");
    }

    @Test
    void databaseVerificationReportsTheNewestTimeStampAndTheWitnessRecordMatches() {
        log.append(AuditEntry.of("admin", AuditAction.ADMIN_CHANGE, "OK", "anchored"));
        long seq = log.checkpoint();
        await().atMost(Duration.ofSeconds(10)).until(() -> witnessed().stream().anyMatch(c -> c.seq() >= seq));

        ChainVerifier.Verdict verdict = verifier.verifyDatabase(witnessed());

        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.coverage().stampedSeq()).isGreaterThanOrEqualTo(seq);
        assertThat(verdict.coverage().witnessed()).isPositive();
        assertThat(verdict.detail()).contains("newest time-stamp at seq");
    }

    @Test
    void exportEndsOnATimeStampedCheckpointAndVerifiesOfflineWithThePinnedAuthority() throws IOException {
        log.append(AuditEntry.of("admin", AuditAction.ADMIN_CHANGE, "OK", "exported"));
        Path bundle = dir.resolve("bundle.zip");
        try (OutputStream out = Files.newOutputStream(bundle)) {
            export.export(1, 0, "auditor-test", out);
        }
        Files.writeString(dir.resolve("tsa.pem"), AUTHORITY.certificatePem());
        Files.writeString(dir.resolve("other.pem"), new TestTimeStampAuthority().certificatePem());

        String verified = verify("verify", bundle.toString(), "--tsa-cert", dir.resolve("tsa.pem").toString());
        assertThat(verified).startsWith("VERIFIED");
        long last = Long.parseLong(verified.replaceAll(".*newest signed checkpoint at seq (\\d+).*", "$1"));
        assertThat(verified).contains("newest time-stamp at seq " + last + " (");
        assertThat(verify("verify", bundle.toString(), "--tsa-cert", dir.resolve("other.pem").toString()))
                .startsWith("FAILED at seq").contains("BAD_TIMESTAMP").contains("not by the trusted authority");
    }

    @Test
    void anAuthorityThatFailsLeavesTheCheckpointUnstampedAndTheChainVerifying() {
        AUTHORITY.refuse(true);
        try {
            log.append(AuditEntry.of("admin", AuditAction.ADMIN_CHANGE, "OK", "not stamped"));
            long seq = log.checkpoint();
            await().atMost(Duration.ofSeconds(10)).until(() -> witnessed().stream().anyMatch(c -> c.seq() == seq));

            assertThat(witnessed().stream().filter(c -> c.seq() == seq).findFirst().orElseThrow().timestampToken())
                    .isNull();
            ChainVerifier.Verdict verdict = verifier.verifyDatabase();
            assertThat(verdict.ok()).as(verdict.detail()).isTrue();
            assertThat(verdict.coverage().stampedSeq()).isLessThan(seq);
        } finally {
            AUTHORITY.refuse(false);
        }
    }

    private static List<Checkpoint> witnessed() {
        return WITNESS.findAll(postRequestedFor(urlEqualTo("/checkpoints"))).stream()
                .map(request -> AuditBundle.checkpoint(request.getBodyAsString())).toList();
    }

    private static String verify(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine command = new picocli.CommandLine(new VerifyCommand());
        command.setOut(new java.io.PrintWriter(out));
        command.execute(args);
        return out.toString().strip();
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        String text = output.toString(UTF_8);
        assertThat(process.waitFor()).as(text).isZero();
        return text;
    }
}
