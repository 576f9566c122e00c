package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exchangehub.HubTest;
import org.exchangehub.audit.internal.AuditProperties;
import org.exchangehub.cluster.ClusterProperties;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import picocli.CommandLine;

/**
 * Two hub nodes write to one database: each appends to its own chain (seq from 1, its own head and checkpoints), the
 * verifier checks every chain and reports per node, an edit in one chain is reported for that node, an event moved
 * between chains breaks both, bundles of both chains verify together offline, a witness's checkpoint of a chain no
 * bundle holds is reported, and the auditor's search spans the chains. The second node is a second
 * {@link AuditLog} over the same database, as another hub process would make (appending in transactions of its own).
 */
@HubTest
@TestPropertySource(properties = "hub.audit.checkpoint-every=10")
class AuditChainPerNodeTests {

    static final String OTHER = "node-2";

    @Autowired
    AuditLog log;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditExport export;

    @Autowired
    AuditQueries queries;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    AuditSigningKey signingKey;

    @Autowired
    AuditProperties properties;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @TempDir
    Path dir;

    AuditLog other;

    @BeforeEach
    void twoChains() {
        AuditFixtures.freshChain(log, jdbc, 30);
        other = new AuditLog(jdbc, template, signingKey, properties, events, Clock.systemUTC(),
                new ClusterProperties(true, OTHER, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        for (int i = 1; i <= 25; i++) {
            AuditEntry entry = AuditEntry.of("police", AuditAction.ACCESS_DENIED, "DENIED", "attempt " + i);
            transactions.executeWithoutResult(status -> other.append(entry));
        }
    }

    @AfterEach
    void removeTheOtherChain() {
        AuditFixtures.freshChain(log, jdbc, 0);
    }

    @Test
    void eachNodeAppendsToItsOwnChainAndTheVerifierReportsEveryChain() {
        assertThat(jdbc.sql("SELECT node_id, seq FROM audit_head ORDER BY node_id")
                .query((rs, n) -> rs.getString("node_id") + "@" + rs.getLong("seq")).list())
                .containsExactly("node-1@30", "node-2@25");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint WHERE node_id = ?").param(OTHER)
                .query(Integer.class).single()).as("node-2 signs its own checkpoints, every 10 of its events")
                .isEqualTo(2);

        ChainVerifier.Verdict verdict = verifier.verifyDatabase();

        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.events()).isEqualTo(55);
        assertThat(verdict.chains()).extracting(ChainVerifier.Verdict::node, ChainVerifier.Verdict::events,
                ChainVerifier.Verdict::checkpoints)
                .containsExactly(tuple("node-1", 30L, 3L), tuple(OTHER, 25L, 2L));
        assertThat(verdict.detail()).startsWith("2 chains verify; node-1: chain of 30 events")
                .contains("node-2: chain of 25 events");
    }

    @Test
    void anEditInOneNodesChainIsReportedForThatNode() {
        jdbc.sql("UPDATE audit_event SET detail = 'attempt 0' WHERE node_id = ? AND seq = 7").param(OTHER).update();

        ChainVerifier.Verdict verdict = verifier.verifyDatabase();

        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.node()).isEqualTo(OTHER);
        assertThat(verdict.firstBadSeq()).isEqualTo(7);
        assertThat(verdict.problem()).isEqualTo("MODIFIED");
        assertThat(verdict.detail()).startsWith("chain of node-2: ");
        assertThat(verdict.chains().get(0).ok()).as("node-1's chain is untouched").isTrue();
    }

    @Test
    void anEventMovedToAnotherNodesChainBreaksBothChains() {
        jdbc.sql("UPDATE audit_event SET node_id = 'node-1', seq = 31 WHERE node_id = ? AND seq = 25").param(OTHER)
                .update();
        jdbc.sql("UPDATE audit_head SET seq = 31, hash = (SELECT hash FROM audit_event WHERE node_id = 'node-1'"
                + " AND seq = 31) WHERE node_id = 'node-1'").update();

        Map<String, String> problems = verifier.verifyDatabase().chains().stream()
                .collect(Collectors.toMap(ChainVerifier.Verdict::node, v -> v.problem() + "@" + v.firstBadSeq()));

        assertThat(problems).containsEntry("node-1", "INSERTED_OR_REORDERED@31").containsEntry(OTHER, "TRUNCATED@25");
    }

    @Test
    void bundlesOfBothChainsVerifyOfflineTogetherAndAWitnessedChainWithoutABundleIsReported() throws Exception {
        Path first = dir.resolve("node-1.zip");
        Path second = dir.resolve("node-2.zip");
        try (var out = Files.newOutputStream(first)) {
            assertThat(export.export("node-1", 1, 0, "auditor-test", out).node()).isEqualTo("node-1");
        }
        try (var out = Files.newOutputStream(second)) {
            AuditBundle.Manifest manifest = export.export(OTHER, 1, 0, "auditor-test", out);
            assertThat(manifest.node()).isEqualTo(OTHER);
            assertThat(manifest.toSeq()).isEqualTo(25);
        }
        Path key = Files.writeString(dir.resolve("key.pem"), signingKey.publicKeyPem());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyCommand());
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("verify", first.toString(), second.toString(), "--trusted-key", key.toString()))
                .as(out.toString()).isZero();
        assertThat(out.toString()).startsWith("VERIFIED: 2 chains verify").contains("  node-1: VERIFIED: chain of")
                .contains("  node-2: VERIFIED: chain of 25 events");

        List<Checkpoint> witnessed = jdbc.sql(AuditVerifier.CHECKPOINTS_WITH_TOKENS + " ORDER BY c.node_id, c.seq")
                .query(AuditVerifier.ANCHORED_CHECKPOINT).list();
        Path witness = Files.writeString(dir.resolve("witness.ndjson"), witnessed.stream()
                .map(AuditBundle::checkpointLine).collect(Collectors.joining("\n")));
        assertThat(Files.readString(witness)).contains("\"node\":\"node-2\"");
        StringWriter again = new StringWriter();
        cli.setOut(new PrintWriter(again));
        assertThat(cli.execute("verify", first.toString(), "--trusted-key", key.toString(), "--anchors",
                witness.toString())).as(again.toString()).isEqualTo(1);
        assertThat(again.toString()).contains("CHAIN_MISSING").contains("chain of node-2, which none of the bundles");
    }

    @Test
    void theAuditorsSearchSpansTheChainsAndFiltersByNode() {
        AuditQueries.Page all = queries.search(new AuditQueries.Query(null, null, null, null, null, null, null, 0, 100));
        AuditQueries.Page ofOther = queries.search(new AuditQueries.Query(null, null, null, null, "ACCESS_DENIED",
                null, null, 0, 100, OTHER));

        assertThat(all.events()).extracting(AuditEvent::node).contains("node-1", OTHER);
        assertThat(all.total()).isEqualTo(55);
        assertThat(ofOther.total()).isEqualTo(25);
        assertThat(ofOther.events()).allSatisfy(event -> assertThat(event.node()).isEqualTo(OTHER));
        assertThat(queries.detail(OTHER, 12)).hasValueSatisfying(detail -> {
            assertThat(detail.event().detail()).isEqualTo("attempt 12");
            assertThat(detail.coveredByCheckpoint()).isEqualTo(20);
            assertThat(detail.headSeq()).isEqualTo(25);
        });
    }
}
