package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;

/**
 * Writes an {@link AuditBundle} (plain Java): the files, a manifest that names their digests, and the manifest's
 * signature. Refuses a range whose last event no checkpoint in it signs, so every bundle ends on a signature.
 */
public final class BundleWriter {

    /** The audit key that signs the manifest: its suite, public key and signing function. */
    public record Signer(CryptoSuite suite, PublicKey publicKey, UnaryOperator<byte[]> sign) {

        /** Hex digest (the suite's) of the public key's DER encoding. */
        public String fingerprint() {
            return fingerprint(suite, publicKey);
        }

        static String fingerprint(CryptoSuite suite, PublicKey key) {
            return HexFormat.of().formatHex(suite.digest(key.getEncoded()));
        }
    }

    private BundleWriter() {
    }

    /**
     * Writes the events {@code from} to {@code to} of a node's chain (all of them, in seq order) and the checkpoints
     * in that range.
     *
     * @param headSeq the chain's head at the time of export
     * @throws IllegalArgumentException when the last event is not signed by one of the checkpoints
     */
    public static AuditBundle.Manifest write(OutputStream out, String node, long from, long to, long headSeq,
            List<AuditEvent> events, List<Checkpoint> checkpoints, Instant createdAt, Signer signer) throws IOException {
        if (!events.isEmpty() && checkpoints.stream().noneMatch(c -> c.seq() == events.get(events.size() - 1).seq()
                && c.hash().equals(events.get(events.size() - 1).hash()))) {
            throw new IllegalArgumentException("no checkpoint signs the last event of the range, seq "
                    + events.get(events.size() - 1).seq());
        }
        StringBuilder eventLines = new StringBuilder();
        events.forEach(event -> eventLines.append(AuditBundle.eventLine(event)).append('\n'));
        StringBuilder checkpointLines = new StringBuilder();
        checkpoints.forEach(checkpoint -> checkpointLines.append(AuditBundle.checkpointLine(checkpoint)).append('\n'));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(AuditBundle.EVENTS, eventLines.toString().getBytes(UTF_8));
        files.put(AuditBundle.CHECKPOINTS, checkpointLines.toString().getBytes(UTF_8));
        files.put(AuditBundle.PUBLIC_KEY, PemKeys.publicKeyPem(signer.publicKey()).getBytes(UTF_8));
        Map<String, String> hashes = new LinkedHashMap<>();
        files.forEach((name, bytes) -> hashes.put(name, HexFormat.of().formatHex(signer.suite().digest(bytes))));
        AuditBundle.Manifest manifest = new AuditBundle.Manifest(AuditBundle.FORMAT, signer.suite().name(), node, from, to,
                headSeq, events.size(), checkpoints.size(),
                events.isEmpty() ? ChainFormat.GENESIS : events.get(0).prevHash(), signer.fingerprint(),
                AuditEvent.TIME.format(createdAt), hashes);
        byte[] manifestJson = AuditBundle.manifestJson(manifest).getBytes(UTF_8);
        files.put(AuditBundle.MANIFEST, manifestJson);
        files.put(AuditBundle.MANIFEST_SIGNATURE,
                Base64.getEncoder().encode(signer.sign().apply(manifestJson)));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return manifest;
    }
}
