package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exchangehub.protect.ProtectionFixtures.DEATH;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import picocli.CommandLine;

/** A department opens a sealed field with its PEM private key and nothing of the hub. */
@HubTest
class OpenSealedCommandTests {

    @Autowired
    RecordProtection protection;

    @Autowired
    SchemaRegistry registry;

    @TempDir
    Path dir;

    @Test
    void departmentOpensSealedFieldWithItsPrivateKey() throws Exception {
        for (String suite : new String[] { "SM", "INTL" }) {
            KeyPair department = CryptoSuite.of(suite).newKeyPair();
            Path keyFile = dir.resolve(suite + "-key.pem");
            Files.writeString(keyFile, PemKeys.privateKeyPem(department.getPrivate()));
            ProtectedRecord stored = protection.protect(
                    ProtectionFixtures.deathCertificate(registry.latest(DEATH).schema()), DEATH);
            GenericRecord delivered = protection.view(stored, DEATH, new SubscriberView(
                    Map.of("causeDirect", FieldView.SEALED), PemKeys.readPublicKey(PemKeys.publicKeyPem(department.getPublic()))));
            String recordId = delivered.get("recordId").toString();
            String token = delivered.get("causeDirect").toString();

            assertThat(run(keyFile, recordId, "causeDirect", token)).isEqualTo(new Outcome(0, "急性心肌梗死"));
            assertThat(run(keyFile, recordId, "causeUnderlying", token).exitCode()).isEqualTo(1);
            assertThat(run(keyFile, "00000000-0000-0000-0000-000000000000", "causeDirect", token).exitCode()).isEqualTo(1);
        }
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(Path keyFile, String recordId, String field, String token) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new OpenSealedCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        int exit = command.execute("--key", keyFile.toString(), "--record-id", recordId, "--subject", DEATH,
                "--field", field, token);
        return new Outcome(exit, out.toString().strip());
    }
}
