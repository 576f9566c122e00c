package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;

/**
 * Verifies an export bundle offline, from the zip alone (plain Java, no hub, no database): its files, the chain,
 * every checkpoint signature and the manifest. With a trusted key (obtained out of band) the bundle's own
 * public key must be that key. Never throws for bad input: every problem is a verdict.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    public static ChainVerifier.Verdict verify(Path bundle, PublicKey trustedKey) {
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
                AuditBundle.PUBLIC_KEY)) {
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
        if (trustedKey != null && !java.util.Arrays.equals(trustedKey.getEncoded(), key.getEncoded())) {
            return problem("UNTRUSTED_KEY", "the bundle's public key is not the trusted audit key");
        }
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
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String line : new String(files.get(AuditBundle.CHECKPOINTS), UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    checkpoints.add(AuditBundle.checkpoint(line));
                } catch (IllegalArgumentException e) {
                    return problem("MALFORMED_LINE", AuditBundle.CHECKPOINTS + ": " + e.getMessage());
                }
            }
        }
        ChainVerifier.Verdict reordered = reordered(events, manifest.fromSeq());
        if (reordered != null) {
            return reordered;
        }
        ChainVerifier.Verdict chain = ChainVerifier.verify(events.iterator(), checkpoints, key, suite,
                manifest.fromSeq(), manifest.firstPrevHash(), manifest.toSeq());
        if (!chain.ok()) {
            return chain;
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

    private static ChainVerifier.Verdict problem(String problem, String detail) {
        return new ChainVerifier.Verdict(false, 0, 0, null, problem, detail);
    }
}
