package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;

/**
 * Verifies an export bundle offline, from the zip alone (plain Java, no hub, no database): its files, the manifest's
 * signature, the chain, every checkpoint signature and time-stamp token, and that the last event is covered by a
 * signed checkpoint (UNSIGNED_TAIL otherwise: nothing would show that events were cut from the end). With a trusted
 * key (obtained out of band) the bundle's own public key must be that key; with an external record (the checkpoints a
 * witness received) every witnessed checkpoint must still be there and sign the same chain. Never throws for bad
 * input: every problem is a verdict.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    public static ChainVerifier.Verdict verify(Path bundle, PublicKey trustedKey) {
        return verify(bundle, trustedKey, List.of(), null);
    }

    /**
     * Verifies the bundles of a cluster's chains, each as {@link #verify(Path, PublicKey, List, X509Certificate)}, and
     * that every node the external record has checkpoints of has a bundle; the verdict reports per node.
     */
    public static ChainVerifier.Verdict verifyAll(List<Path> bundles, PublicKey trustedKey, List<Checkpoint> record,
            X509Certificate trustedAuthority) {
        List<ChainVerifier.Verdict> verdicts = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (Path bundle : bundles) {
            ChainVerifier.Verdict verdict = verify(bundle, trustedKey, record, trustedAuthority);
            String node = verdict.node() == null ? bundle.getFileName().toString() : verdict.node();
            verdicts.add(verdict.of(node));
            covered.add(node);
        }
        record.stream().map(Checkpoint::chain).distinct().filter(node -> !covered.contains(node)).sorted()
                .forEach(node -> verdicts.add(problem("CHAIN_MISSING", "the external record holds checkpoints of the"
                        + " chain of " + node + ", which none of the bundles holds").of(node)));
        return ChainVerifier.Verdict.ofChains(verdicts);
    }

    /**
     * @param record           checkpoints a witness received (each line of its record), or empty
     * @param trustedAuthority the time-stamping authority's certificate to pin, or null to accept the one in a token
     */
    public static ChainVerifier.Verdict verify(Path bundle, PublicKey trustedKey, List<Checkpoint> record,
            X509Certificate trustedAuthority) {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(bundle); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            return problem("NOT_A_BUNDLE", "cannot read " + bundle + " as a zip file: " + e.getMessage());
        }
        if (files.isEmpty()) {
            return problem("NOT_A_BUNDLE", bundle + " is not a zip file with entries");
        }
        for (String name : List.of(AuditBundle.MANIFEST, AuditBundle.EVENTS, AuditBundle.CHECKPOINTS,
                AuditBundle.PUBLIC_KEY, AuditBundle.MANIFEST_SIGNATURE)) {
            if (!files.containsKey(name)) {
                return problem("MISSING_FILE", "the bundle has no " + name);
            }
        }
        AuditBundle.Manifest manifest;
        CryptoSuite suite;
        PublicKey key;
        try {
            manifest = AuditBundle.manifest(files.get(AuditBundle.MANIFEST));
            suite = CryptoSuite.of(String.valueOf(manifest.suite()));
            key = PemKeys.readPublicKey(new String(files.get(AuditBundle.PUBLIC_KEY), UTF_8));
        } catch (IllegalArgumentException e) {
            return problem("BAD_MANIFEST_OR_KEY", e.getMessage());
        }
        if (trustedKey != null && !Arrays.equals(trustedKey.getEncoded(), key.getEncoded())) {
            return problem("UNTRUSTED_KEY", "the bundle's public key is not the trusted audit key");
        }
        ChainVerifier.Verdict manifestSignature = manifestSignature(files, manifest, suite, key);
        if (manifestSignature != null) {
            return manifestSignature;
        }
        String node = manifest.chain();
        return verifyChain(files, manifest, suite, key, record.stream().filter(c -> c.chain().equals(node)).toList(),
                trustedAuthority).of(node);
    }

    /** The chain of a bundle whose manifest is signed: its lines, links, checkpoints and files. */
    private static ChainVerifier.Verdict verifyChain(Map<String, byte[]> files, AuditBundle.Manifest manifest,
            CryptoSuite suite, PublicKey key, List<Checkpoint> record, X509Certificate trustedAuthority) {
        List<AuditEvent> events = new ArrayList<>();
        String[] eventLines = new String(files.get(AuditBundle.EVENTS), UTF_8).split("\n");
        for (int i = 0; i < eventLines.length; i++) {
            if (eventLines[i].isBlank()) {
                continue;
            }
            try {
                events.add(AuditBundle.event(eventLines[i]));
            } catch (IllegalArgumentException e) {
                return ChainVerifier.Verdict.bad(events.size(), 0, manifest.fromSeq() + events.size(), "MALFORMED_LINE",
                        AuditBundle.EVENTS + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        List<Checkpoint> checkpoints;
        try {
            checkpoints = AuditBundle.checkpoints(new String(files.get(AuditBundle.CHECKPOINTS), UTF_8),
                    AuditBundle.CHECKPOINTS);
        } catch (IllegalArgumentException e) {
            return problem("MALFORMED_LINE", e.getMessage());
        }
        if (checkpoints.stream().anyMatch(c -> c.node() != null && !c.node().equals(manifest.chain()))) {
            return problem("MANIFEST_MISMATCH", "the bundle holds checkpoints of another chain than the manifest's, "
                    + manifest.chain());
        }
        ChainVerifier.Verdict reordered = reordered(events, manifest.fromSeq());
        if (reordered != null) {
            return reordered;
        }
        ChainVerifier.Anchors anchors = new ChainVerifier.Anchors(record, manifest.headSeq(),
                parseTime(manifest.createdAt()), trustedAuthority);
        ChainVerifier.Verdict chain = ChainVerifier.verify(events.iterator(), checkpoints, key, suite,
                manifest.fromSeq(), manifest.firstPrevHash(), manifest.toSeq(), anchors);
        if (!chain.ok()) {
            return chain;
        }
        ChainVerifier.Coverage coverage = chain.coverage();
        if (!events.isEmpty() && coverage.unsigned() > 0) {
            long from = coverage.signedSeq() == null ? manifest.fromSeq() : coverage.signedSeq() + 1;
            return ChainVerifier.Verdict.bad(events.size(), checkpoints.size(), from, "UNSIGNED_TAIL",
                    "events " + from + " to " + coverage.lastSeq() + " at the end of the bundle are not covered by a"
                            + " signed checkpoint: nothing shows that the bundle ends where its chain ended");
        }
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            byte[] content = files.get(file.getKey());
            if (content == null || !HexFormat.of().formatHex(suite.digest(content)).equals(file.getValue())) {
                return problem("MANIFEST_MISMATCH", file.getKey() + " does not match the hash in the manifest");
            }
        }
        if (manifest.events() != events.size() || manifest.checkpoints() != checkpoints.size()) {
            return problem("MANIFEST_MISMATCH", "the manifest counts " + manifest.events() + " events and "
                    + manifest.checkpoints() + " checkpoints, the bundle holds " + events.size() + " and "
                    + checkpoints.size());
        }
        return chain;
    }

    /**
     * Lines of a bundle can be moved or copied: a seq that is out of place and appears twice is an insertion, one
     * whose expected seq comes further on is a reorder; a plain gap is left to the chain check (DELETED).
     */
    private static ChainVerifier.Verdict reordered(List<AuditEvent> events, long fromSeq) {
        for (int i = 0; i < events.size(); i++) {
            long expected = fromSeq + i;
            if (events.get(i).seq() != expected) {
                long seq = events.get(i).seq();
                if (events.stream().filter(e -> e.seq() == seq).count() > 1) {
                    return ChainVerifier.Verdict.bad(events.size(), 0, expected, "INSERTED",
                            "seq " + seq + " appears twice; an event was inserted where " + expected + " was expected");
                }
                boolean later = events.subList(i + 1, events.size()).stream().anyMatch(e -> e.seq() == expected);
                return later ? ChainVerifier.Verdict.bad(events.size(), 0, expected, "REORDERED",
                        "event " + expected + " comes after event " + events.get(i).seq()) : null;
            }
        }
        return null;
    }

    /** The manifest's signature, and that the manifest names the bundle's key. */
    private static ChainVerifier.Verdict manifestSignature(Map<String, byte[]> files, AuditBundle.Manifest manifest,
            CryptoSuite suite, PublicKey key) {
        boolean signed;
        try {
            signed = suite.verify(key, files.get(AuditBundle.MANIFEST),
                    Base64.getDecoder().decode(new String(files.get(AuditBundle.MANIFEST_SIGNATURE), UTF_8).strip()));
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed) {
            return problem("MANIFEST_SIGNATURE", "the manifest's signature does not verify with the bundle's key:"
                    + " the manifest was edited or signed by another key");
        }
        if (!BundleWriter.Signer.fingerprint(suite, key).equals(manifest.keyFingerprint())) {
            return problem("MANIFEST_MISMATCH", "the manifest names another audit key than the bundle holds");
        }
        return null;
    }

    private static Instant parseTime(String time) {
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    private static ChainVerifier.Verdict problem(String problem, String detail) {
        return ChainVerifier.Verdict.bad(problem, detail);
    }
}
