package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.exchangehub.protect.PemKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;

/**
 * The two forgeries of the audit's tail that a careful insider makes, on a database and on an export bundle, in both
 * suites, checked with {@code exchange-hub-verify} as an auditor runs it: <em>truncate-consistent</em> (cut the tail,
 * drop the checkpoints past the cut, rewrite the range) and <em>rechain-unsigned</em> (change an event after a
 * checkpoint, recompute every later hash, drop the checkpoints from it on). A bundle's signed manifest and its
 * signed last event catch both; a database is caught by the witness's record of checkpoints.
 */
class TailForgeryTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TestTimeStampAuthority AUTHORITY = new TestTimeStampAuthority();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        AUTHORITY.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void intactDatabaseVerifiesAndReportsHowFarItIsAnchored(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        chain.jdbc.update("DELETE FROM audit_checkpoint WHERE seq = 150");
        chain.jdbc.update("DELETE FROM audit_timestamp WHERE seq = 150");

        String output = verifyDatabase(chain, suite, false);

        assertThat(output).startsWith("VERIFIED: chain of 150 events and 5 signed checkpoints verifies")
                .contains("newest signed checkpoint at seq 125, 25 events after it not yet signed")
                .contains("newest time-stamp at seq 125");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void truncateConsistentInTheDatabaseIsFoundByTheWitnessRecord(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        chain.truncateConsistently(133);

        assertThat(verifyDatabase(chain, suite, false)).as("without an outside record the cut cannot show")
                .startsWith("VERIFIED").contains("newest signed checkpoint at seq 125, 8 events after it not yet signed");
        assertThat(verifyDatabase(chain, suite, true)).startsWith("FAILED at seq 134: TRUNCATED:")
                .contains("holds checkpoints up to seq 150").contains("events 134 to 150 are missing");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void rechainUnsignedInTheDatabaseIsFoundByTheWitnessRecord(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        chain.rechainUnsigned(134);

        assertThat(verifyDatabase(chain, suite, true)).startsWith("FAILED at seq 150: CHECKPOINT_MISSING:")
                .contains("the signed checkpoint at seq 150 that the external record holds is missing")
                .contains("not the one it signed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void tokenKeptForARemovedCheckpointShowsTheRemoval(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        chain.jdbc.update("DELETE FROM audit_event WHERE seq > 133");
        chain.jdbc.update("DELETE FROM audit_checkpoint WHERE seq > 133");
        chain.jdbc.update("UPDATE audit_head SET seq = 133, hash = (SELECT hash FROM audit_event WHERE seq = 133)");

        assertThat(verifyDatabase(chain, suite, false)).startsWith("FAILED at seq 150: CHECKPOINT_MISSING:")
                .contains("time-stamp token is kept for the checkpoint at seq 150");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void bothForgeriesOfABundleAreRefused(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        Map<String, String> files = ForgeableChain.unzip(chain.bundle());
        assertThat(verifyBundle(chain, files)).startsWith("VERIFIED: chain of 150 events and 6 signed checkpoints")
                .contains("newest time-stamp at seq 150");

        assertThat(verifyBundle(chain, forged(chain, files, 133, 0))).startsWith("FAILED: MANIFEST_SIGNATURE");
        assertThat(verifyBundle(chain, forged(chain, files, 125, 0))).as("cut on a checkpoint")
                .startsWith("FAILED: MANIFEST_SIGNATURE");
        assertThat(verifyBundle(chain, forged(chain, files, 150, 134))).startsWith("FAILED: MANIFEST_SIGNATURE");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void aForgerWhoSignsWithAKeyOfHisOwnIsRefusedByTheTrustedKeyAndByTheWitness(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        Map<String, String> files = resigned(chain, forged(chain, ForgeableChain.unzip(chain.bundle()), 125, 0),
                chain.suite.newKeyPair());

        assertThat(verify(files, "--trusted-key", write("trusted.pem", chain.publicKeyPem())))
                .startsWith("FAILED: UNTRUSTED_KEY");
        assertThat(verify(files, "--anchors", write("witness.ndjson", String.join("\n", chain.witnessed))))
                .startsWith("FAILED at seq 25: BAD_ANCHOR");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void aBundleWhoseLastEventNoCheckpointSignsIsRefusedEvenWithAGoodManifest(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        // what an exporter that did not close the range would write: the manifest signed by the real key
        Map<String, String> files = resigned(chain, forged(chain, ForgeableChain.unzip(chain.bundle()), 140, 0),
                chain.keys);

        assertThat(verify(files, "--trusted-key", write("trusted.pem", chain.publicKeyPem())))
                .startsWith("FAILED at seq 126: UNSIGNED_TAIL").contains("events 126 to 140");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void aBundleExportedAfterTheDatabaseWasCutIsFoundByTheWitnessRecord(String suite) throws Exception {
        ForgeableChain chain = new ForgeableChain(suite).append(150, 25, AUTHORITY);
        chain.truncateConsistently(125);
        Map<String, String> files = ForgeableChain.unzip(chain.bundle());

        assertThat(verifyBundle(chain, files)).startsWith("FAILED at seq 126: TRUNCATED")
                .contains("holds checkpoints up to seq 150");
    }

    /**
     * The bundle cut after {@code keep} events, or (with {@code rehashFrom}) with that event changed and every
     * later hash recomputed, checkpoints past the cut or from the change dropped, and the manifest's range, counts
     * and file digests rewritten; its signature is left as it was.
     */
    private static Map<String, String> forged(ForgeableChain chain, Map<String, String> original, long keep,
            long rehashFrom) throws Exception {
        Map<String, String> files = new java.util.LinkedHashMap<>(original);
        List<String> events = new ArrayList<>(files.get(AuditBundle.EVENTS).lines().toList().subList(0, (int) keep));
        if (rehashFrom > 0) {
            String previous = AuditBundle.event(events.get((int) rehashFrom - 1)).prevHash();
            for (int i = (int) rehashFrom - 1; i < events.size(); i++) {
                ObjectNode event = (ObjectNode) JSON.readTree(events.get(i));
                if (i == rehashFrom - 1) {
                    event.put("targetDepartment", "police");
                }
                event.put("prevHash", previous);
                previous = ChainFormat.chainHash(chain.suite, previous,
                        AuditBundle.event(JSON.writeValueAsString(event)).canonicalJson());
                events.set(i, JSON.writeValueAsString(event.put("hash", previous)));
            }
        }
        long lastKept = rehashFrom > 0 ? rehashFrom - 1 : keep;
        List<String> checkpoints = files.get(AuditBundle.CHECKPOINTS).lines()
                .filter(line -> AuditBundle.checkpoint(line).seq() <= lastKept).toList();
        files.put(AuditBundle.EVENTS, String.join("\n", events) + "\n");
        files.put(AuditBundle.CHECKPOINTS, String.join("\n", checkpoints) + "\n");
        ObjectNode manifest = (ObjectNode) JSON.readTree(files.get(AuditBundle.MANIFEST));
        manifest.put("toSeq", keep).put("headSeq", keep).put("events", keep).put("checkpoints", checkpoints.size());
        return withManifest(chain, files, manifest);
    }

    /** The bundle's checkpoints and manifest signed anew with {@code keys}, whose public key replaces the bundle's. */
    private static Map<String, String> resigned(ForgeableChain chain, Map<String, String> files, KeyPair keys)
            throws Exception {
        List<String> checkpoints = new ArrayList<>();
        for (String line : files.get(AuditBundle.CHECKPOINTS).lines().toList()) {
            Checkpoint checkpoint = AuditBundle.checkpoint(line);
            checkpoints.add(AuditBundle.checkpointLine(new Checkpoint(checkpoint.seq(), checkpoint.hash(),
                    checkpoint.at(), checkpoint.keyId(), Base64.getEncoder().encodeToString(
                            chain.suite.sign(keys.getPrivate(), checkpoint.message())))));
        }
        files.put(AuditBundle.CHECKPOINTS, String.join("\n", checkpoints) + "\n");
        files.put(AuditBundle.PUBLIC_KEY, PemKeys.publicKeyPem(keys.getPublic()));
        ObjectNode manifest = (ObjectNode) JSON.readTree(files.get(AuditBundle.MANIFEST));
        manifest.put("keyFingerprint", HexFormat.of().formatHex(chain.suite.digest(keys.getPublic().getEncoded())));
        files = withManifest(chain, files, manifest);
        files.put(AuditBundle.MANIFEST_SIGNATURE, Base64.getEncoder().encodeToString(
                chain.suite.sign(keys.getPrivate(), files.get(AuditBundle.MANIFEST).getBytes(UTF_8))));
        return files;
    }

    private static Map<String, String> withManifest(ForgeableChain chain, Map<String, String> files,
            ObjectNode manifest) throws Exception {
        ObjectNode digests = (ObjectNode) manifest.get("files");
        for (String name : List.of(AuditBundle.EVENTS, AuditBundle.CHECKPOINTS, AuditBundle.PUBLIC_KEY)) {
            digests.put(name, HexFormat.of().formatHex(chain.suite.digest(files.get(name).getBytes(UTF_8))));
        }
        files.put(AuditBundle.MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        return files;
    }

    private String verifyDatabase(ForgeableChain chain, String suite, boolean withWitness) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--db", "--url", chain.database.getURL(), "--user", "hub",
                "--key", write("key.pem", chain.publicKeyPem()).toString(), "--suite", suite));
        if (withWitness) {
            args.addAll(List.of("--anchors", write("witness.ndjson", String.join("\n", chain.witnessed)).toString()));
        }
        return run(args);
    }

    private String verifyBundle(ForgeableChain chain, Map<String, String> files) throws Exception {
        return verify(files, "--trusted-key", write("trusted.pem", chain.publicKeyPem()), "--anchors",
                write("witness.ndjson", String.join("\n", chain.witnessed)));
    }

    private String verify(Map<String, String> files, Object... options) throws Exception {
        Path bundle = Files.createTempFile(dir, "bundle", ".zip");
        Files.write(bundle, ForgeableChain.zip(files));
        List<String> args = new ArrayList<>(List.of("verify", bundle.toString()));
        for (Object option : options) {
            args.add(option.toString());
        }
        return run(args);
    }

    private static String run(List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new VerifyCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        int exit = command.execute(args.toArray(String[]::new));
        String output = out.toString().strip();
        assertThat(exit).as(output).isEqualTo(output.startsWith("VERIFIED") ? 0 : 1);
        return output;
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, name, ""), content);
    }
}
