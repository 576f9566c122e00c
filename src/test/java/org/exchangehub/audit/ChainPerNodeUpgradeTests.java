package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.exchangehub.H2Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * A database written by the release before chains per node — one chain, checkpoints and time-stamp tokens keyed by
 * seq alone, a witness holding checkpoint lines without a node — is migrated in place: the chain becomes
 * {@code node-1}'s, unchanged, and still verifies, against the witness's old record too; its index rows follow it.
 */
class ChainPerNodeUpgradeTests {

    @TempDir
    Path dir;

    @Test
    void theChainOfTheReleaseBeforeBecomesNode1sAndStillVerifiesAgainstTheOldWitnessRecord() throws Exception {
        ForgeableChain chain;
        try (TestTimeStampAuthority authority = new TestTimeStampAuthority()) {
            chain = new ForgeableChain("SM", "22").append(150, 50, authority);
        }
        chain.jdbc.update("INSERT INTO audit_subject_index (token, seq) VALUES ('bi1.AAAAAAAAAAAAAAAAAAAAAA', 7)");
        assertThat(chain.witnessed).allSatisfy(line -> assertThat(line).doesNotContain("\"node\""));

        H2Files.migrate(chain.database, "latest");

        assertThat(chain.jdbc.queryForList("SELECT DISTINCT node_id FROM audit_event", String.class))
                .containsExactly("node-1");
        assertThat(chain.jdbc.queryForList("SELECT node_id || '@' || seq FROM audit_timestamp ORDER BY seq",
                String.class)).containsExactly("node-1@50", "node-1@100", "node-1@150");
        assertThat(chain.jdbc.queryForObject("SELECT node_id FROM audit_subject_index", String.class))
                .isEqualTo("node-1");
        assertThat(chain.jdbc.queryForObject("SELECT node_id || '@' || seq FROM audit_head", String.class))
                .isEqualTo("node-1@150");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("verify", "--db", "--url", chain.database.getURL(), "--user", "hub", "--key",
                Files.writeString(dir.resolve("key.pem"), chain.publicKeyPem()).toString(), "--suite", "SM",
                "--anchors", Files.writeString(dir.resolve("witness.ndjson"), String.join("\n", chain.witnessed))
                        .toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).startsWith("VERIFIED: chain of 150 events and 3 signed checkpoints verifies")
                .contains("3 checkpoints of the external record match");
    }
}
