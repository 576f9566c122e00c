package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.exchangehub.HubTest;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import picocli.CommandLine;

/** Past retention, events move to a verified archive bundle; the database chain keeps verifying. */
@HubTest
@TestPropertySource(properties = { "hub.audit.retention=1ms", "hub.audit.checkpoint-every=10",
        "hub.audit.archive-dir=target/test-audit-archive" })
class AuditRetentionTests {

    @Autowired
    AuditLog log;

    @Autowired
    AuditRetention retention;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditSigningKey signingKey;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eventsPastRetentionAreArchivedAndTheRestStillVerifies() throws Exception {
        AuditFixtures.freshChain(log, jdbc, 100);
        Thread.sleep(20);

        List<AuditRetention.Archived> archived = retention.archive();

        assertThat(archived).singleElement().satisfies(a -> {
            assertThat(a.node()).isEqualTo("node-1");
            assertThat(a.fromSeq()).isEqualTo(1);
            assertThat(a.toSeq()).isEqualTo(100);
        });
        Path bundle = archived.get(0).bundle();
        Path key = Files.writeString(bundle.resolveSibling("key.pem"), signingKey.publicKeyPem());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("verify", bundle.toString(), "--trusted-key", key.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).as("the archive ends on a signature").contains("newest signed checkpoint at seq 100;");
        Path edited = bundle.resolveSibling("edited.zip");
        Files.write(edited, editedManifest(Files.readAllBytes(bundle)));
        assertThat(cli.execute("verify", edited.toString(), "--trusted-key", key.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED: MANIFEST_SIGNATURE");
        assertThat(jdbc.sql("SELECT MIN(seq) FROM audit_event").query(Long.class).single()).isEqualTo(101);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint").query(Integer.class).single()).isEqualTo(10);
        assertThat(verifier.verifyDatabase().ok()).as(verifier.verifyDatabase().detail()).isTrue();
        assertThat(retention.archive()).as("nothing more is past retention and checkpointed").isEmpty();

        jdbc.sql("UPDATE audit_event SET detail = 'edited' WHERE seq = 101").update();
        assertThat(verifier.verifyDatabase().firstBadSeq()).isEqualTo(101);
    }

    /** The archive with its manifest claiming a shorter range. */
    private static byte[] editedManifest(byte[] zip) throws java.io.IOException {
        java.util.Map<String, String> files = ForgeableChain.unzip(zip);
        files.put(AuditBundle.MANIFEST, files.get(AuditBundle.MANIFEST).replace("\"toSeq\" : 100", "\"toSeq\" : 99"));
        return ForgeableChain.zip(files);
    }
}
