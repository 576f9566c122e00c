package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The chain format checked by other implementations: Python rebuilds each event's canonical JSON from the stored
 * columns by the README's rules, OpenSSL computes SM3 over prevHash ‖ JSON and verifies a checkpoint's SM2
 * signature. Runs where {@code openssl} 3 and {@code python3} are on the PATH, as on the project's machines.
 */
@HubTest
@EnabledIf("toolsPresent")
class AuditIndependentCheckTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CANONICAL = """
            import json, sys
            event = json.load(open(sys.argv[1], encoding='utf-8'))
            canonical = json.dumps(event['members'], sort_keys=True, separators=(',', ':'), ensure_ascii=False)
            open(sys.argv[2], 'wb').write(bytes.fromhex(event['prevHash']) + canonical.encode('utf-8'))
            """;

    @Autowired
    AuditLog log;

    @Autowired
    AuditSigningKey signingKey;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void chainHashesAndCheckpointSignaturesVerifyWithPythonAndOpenSsl() throws Exception {
        for (int i = 0; i < 3; i++) {
            log.append(new AuditEntry("hub", "DELIVERED", "5d1f0c2e-7a4b-4c3d-9e8f-00000000000" + i,
                    "death-certificate-value", 7, "health", "civil-affairs", "death-to-civil-affairs",
                    "停发最低生活保障金 \"stop\" allowance", "《社会救助暂行办法》第十三条",
                    Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED"),
                    Map.of("deceasedIdNumber", "bi1.x9_-AAAAAAAAAAAAAAAAAA"), "OK", null));
        }
        // a batch event: the records it names are hashed with it, as a JSON array of objects in canonical form
        log.append(new AuditEntry("hub", "DELIVERED", null, "death-certificate-value", null, "health", "civil-affairs",
                "death-to-civil-affairs", "停发最低生活保障金", "《社会救助暂行办法》第十三条", null, null, "OK", "2 records",
                new AuditEntry.Batch(List.of(
                        AuditEntry.record("5d1f0c2e-7a4b-4c3d-9e8f-000000000010", "death-certificate-value", 7, 1, 41,
                                Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED"), null),
                        AuditEntry.record("5d1f0c2e-7a4b-4c3d-9e8f-000000000011", "death-certificate-value", 7, 2,
                                4_000_000_000L, Map.of("deceasedName", "OMIT"), Map.of("deceasedIdNumber", "bi1.x9_-B"))),
                        41L, 4_000_000_000L, List.of())));
        long checkpointSeq = log.checkpoint();
        Files.writeString(dir.resolve("canonical.py"), CANONICAL);

        for (AuditEvent event : jdbc.sql("SELECT * FROM audit_event WHERE seq > ? - 4 AND seq <= ? ORDER BY seq")
                .params(checkpointSeq, checkpointSeq).query(AuditVerifier.EVENT).list()) {
            Files.writeString(dir.resolve("event.json"), JSON.writeValueAsString(Map.of("prevHash", event.prevHash(),
                    "members", members(event))));
            run("python3", "canonical.py", "event.json", "hashed.bin");
            String sm3 = run("openssl", "dgst", "-sm3", "-r", "hashed.bin").split(" ")[0];
            assertThat(sm3).as("SM3 of event " + event.seq()).isEqualTo(event.hash());
        }

        Checkpoint checkpoint = jdbc.sql("SELECT * FROM audit_checkpoint WHERE seq = ?").param(checkpointSeq)
                .query(AuditVerifier.CHECKPOINT).single();
        Files.writeString(dir.resolve("message.txt"), checkpoint.seq() + "|" + checkpoint.hash() + "|"
                + AuditEvent.TIME.format(checkpoint.at()));
        Files.write(dir.resolve("signature.der"), Base64.getDecoder().decode(checkpoint.signature()));
        Files.writeString(dir.resolve("audit-public-key.pem"), signingKey.publicKeyPem());
        assertThat(run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "audit-public-key.pem", "-rawin", "-in",
                "message.txt", "-sigfile", "signature.der", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678"))
                .contains("Signature Verified Successfully");
    }

    /** An event's hashed members as a plain map, for writing with the general canonical JSON writer. */
    static Map<String, Object> members(AuditEvent event) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("seq", event.seq());
        members.put("at", AuditEvent.TIME.format(event.at()));
        members.put("actor", event.actor());
        members.put("action", event.action());
        members.put("recordId", event.recordId());
        members.put("subject", event.subject());
        members.put("schemaId", event.schemaId());
        members.put("sourceDepartment", event.sourceDepartment());
        members.put("targetDepartment", event.targetDepartment());
        members.put("subscriptionId", event.subscriptionId());
        members.put("purpose", event.purpose());
        members.put("legalBasis", event.legalBasis());
        members.put("fields", event.fields() == null ? Map.of() : event.fields());
        members.put("subjectIndexes", event.subjectIndexes() == null ? Map.of() : event.subjectIndexes());
        members.put("outcome", event.outcome());
        members.put("detail", event.detail());
        if (event.records() != null) {
            members.put("records", event.records());
        }
        return members;
    }

    static boolean toolsPresent() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0
                    && new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
