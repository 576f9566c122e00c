package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.exchangehub.HubTest;
import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import picocli.CommandLine;

/** Export bundles checked offline by {@code exchange-hub-verify}: every tamper kind, and bad bundles. */
@HubTest
@TestPropertySource(properties = "hub.audit.checkpoint-every=10")
class AuditBundleTests {

    @Autowired
    AuditLog log;

    @Autowired
    AuditExport export;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    Path bundle;

    @BeforeEach
    void exportAChainOf100Events() throws IOException {
        AuditFixtures.freshChain(log, jdbc, 100);
        bundle = dir.resolve("audit.zip");
        try (OutputStream out = Files.newOutputStream(bundle)) {
            AuditBundle.Manifest manifest = export.export(1, 0, "auditor-test", out);
            assertThat(manifest.events()).isEqualTo(100);
        }
    }

    @Test
    void untouchedBundleVerifiesAndTheExportIsAudited() {
        Outcome outcome = verify(bundle);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.output()).startsWith("VERIFIED: chain of 100 events and 10 signed checkpoints verifies;"
                + " newest signed checkpoint at seq 100;");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'AUDIT_EXPORTED'").query(Integer.class)
                .single()).isEqualTo(1);
    }

    /** The bundle {@link VerifierJarIT} gives the packaged verifier jar: made here, where a hub is running anyway. */
    @Test
    void anExportIsLeftForThePackagedVerifiersTest() throws IOException {
        Files.createDirectories(VerifierJarIT.BUNDLE.getParent());
        Files.copy(bundle, VerifierJarIT.BUNDLE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(verify(VerifierJarIT.BUNDLE).exitCode()).isZero();
    }

    @Test
    void everyTamperKindIsFoundAtTheRightSeq() throws IOException {
        assertFailed(events(lines -> replaceLine(lines, 37, "\"MASKED\"", "\"CLEAR\"")), 37, "MODIFIED");
        assertFailed(events(lines -> remove(lines, 41)), 41, "DELETED");
        assertFailed(events(lines -> insertCopy(lines, 59)), 60, "INSERTED");
        assertFailed(events(lines -> swap(lines, 70, 71)), 70, "REORDERED");
        assertFailed(events(lines -> lines.subList(0, 85)), 86, "TRUNCATED");
        assertFailed(file(AuditBundle.CHECKPOINTS, text -> {
            String[] lines = text.split("\n");
            String stolen = lines[1].replaceAll(".*\"signature\":\"([^\"]+)\".*", "$1");
            lines[2] = lines[2].replaceAll("\"signature\":\"[^\"]+\"", "\"signature\":\"" + stolen + "\"");
            return String.join("\n", lines) + "\n";
        }), 30, "BAD_SIGNATURE");
        assertThat(verify(file(AuditBundle.PUBLIC_KEY, pem -> PemKeys.publicKeyPem(CryptoSuite.of("SM").newKeyPair()
                .getPublic()))).output()).startsWith("FAILED: MANIFEST_SIGNATURE");
    }

    @Test
    void bundleWithItsManifestEditedIsRefused() throws IOException {
        assertThat(verify(file(AuditBundle.MANIFEST, json -> json.replace("\"toSeq\" : 100", "\"toSeq\" : 90"))).output())
                .startsWith("FAILED: MANIFEST_SIGNATURE");
        assertThat(verify(rewrite(files -> files.remove(AuditBundle.MANIFEST_SIGNATURE))).output())
                .startsWith("FAILED: MISSING_FILE: the bundle has no manifest.sig");
        assertThat(verify(file(AuditBundle.MANIFEST, json -> json.replace(AuditBundle.FORMAT,
                "exchange-hub-audit-bundle/1"))).output()).startsWith("FAILED: BAD_MANIFEST_OR_KEY: a bundle of format"
                        + " exchange-hub-audit-bundle/1 has no signed manifest");
    }

    @Test
    void rangeEndingBetweenCheckpointsIsClosedWithAFreshSignatureAtItsLastEvent() throws IOException {
        Path part = dir.resolve("part.zip");
        try (OutputStream out = Files.newOutputStream(part)) {
            AuditBundle.Manifest manifest = export.export(21, 37, "auditor-test", out);
            assertThat(manifest.toSeq()).isEqualTo(37);
            assertThat(manifest.headSeq()).isGreaterThanOrEqualTo(100);
        }

        assertThat(verify(part).output()).startsWith("VERIFIED: chain of 17 events and 2 signed checkpoints verifies;"
                + " newest signed checkpoint at seq 37;");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint WHERE seq = 37").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void bundleWithAnotherKeyThanTheTrustedOneIsRejected() throws IOException {
        Path trusted = dir.resolve("trusted.pem");
        Files.writeString(trusted, unzip(bundle).get(AuditBundle.PUBLIC_KEY));
        Path other = dir.resolve("other.pem");
        Files.writeString(other, PemKeys.publicKeyPem(CryptoSuite.of("SM").newKeyPair().getPublic()));

        assertThat(verify(bundle, "--trusted-key", trusted.toString()).exitCode()).isZero();
        assertThat(verify(bundle, "--trusted-key", other.toString()).output()).startsWith("FAILED: UNTRUSTED_KEY");
    }

    @Test
    void badBundlesGetAVerdictAndANonZeroExitCode() throws IOException {
        Path notZip = dir.resolve("not.zip");
        Files.writeString(notZip, "this is not a zip");
        Path noManifest = rewrite(files -> files.remove(AuditBundle.MANIFEST));
        Path badLine = events(lines -> replaceLine(lines, 5, "\"seq\":5", "\"seq\":"));
        Path unknownSuite = file(AuditBundle.MANIFEST, json -> json.replace("\"SM\"", "\"ROT13\""));

        assertThat(verify(notZip)).satisfies(o -> assertThat(o.exitCode()).isEqualTo(1))
                .satisfies(o -> assertThat(o.output()).startsWith("FAILED: NOT_A_BUNDLE"));
        assertThat(verify(noManifest).output()).startsWith("FAILED: MISSING_FILE");
        assertThat(verify(badLine).output()).startsWith("FAILED at seq 5: MALFORMED_LINE");
        assertThat(verify(unknownSuite).output()).startsWith("FAILED: BAD_MANIFEST_OR_KEY");
        assertThat(verify(dir.resolve("absent.zip")).exitCode()).isEqualTo(1);
    }

    record Outcome(int exitCode, String output) {
    }

    private void assertFailed(Path tampered, long seq, String problem) {
        Outcome outcome = verify(tampered);
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).as(problem).startsWith("FAILED at seq " + seq + ": " + problem);
    }

    private static Outcome verify(Path file, String... options) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new VerifyCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        List<String> args = new ArrayList<>(List.of("verify", file.toString()));
        args.addAll(Arrays.asList(options));
        return new Outcome(command.execute(args.toArray(String[]::new)), out.toString().strip());
    }

    private Path events(UnaryOperator<List<String>> change) throws IOException {
        return file(AuditBundle.EVENTS, text -> String.join("\n", change.apply(new ArrayList<>(text.lines().toList())))
                + "\n");
    }

    private Path file(String name, UnaryOperator<String> change) throws IOException {
        return rewrite(files -> files.put(name, change.apply(files.get(name))));
    }

    private Path rewrite(java.util.function.Consumer<Map<String, String>> change) throws IOException {
        Map<String, String> files = unzip(bundle);
        change.accept(files);
        return Files.write(Files.createTempFile(dir, "tampered", ".zip"), ForgeableChain.zip(files));
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        return ForgeableChain.unzip(Files.readAllBytes(zip));
    }

    private static List<String> replaceLine(List<String> lines, int seq, String from, String to) {
        lines.set(seq - 1, lines.get(seq - 1).replace(from, to));
        return lines;
    }

    private static List<String> remove(List<String> lines, int seq) {
        lines.remove(seq - 1);
        return lines;
    }

    private static List<String> insertCopy(List<String> lines, int seq) {
        lines.add(seq, lines.get(seq - 1));
        return lines;
    }

    private static List<String> swap(List<String> lines, int a, int b) {
        String first = lines.get(a - 1);
        lines.set(a - 1, lines.get(b - 1));
        lines.set(b - 1, first);
        return lines;
    }
}
