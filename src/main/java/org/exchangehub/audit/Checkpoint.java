package org.exchangehub.audit;

import java.time.Instant;

/**
 * A signed checkpoint: the audit signing key's signature over {@code "<seq>|<hash>|<at>"} (UTF-8), {@code at}
 * formatted as in {@link AuditEvent#TIME}.
 *
 * @param signature      base64 of the DER signature (SM2 with the default user ID over SM3, or ECDSA P-256/SHA-256)
 * @param timestampToken base64 of the DER RFC 3161 time-stamp token an external time-stamping authority issued over
 *                       the same message ({@link TimeStampTokens}); null when the checkpoint has none (yet)
 * @param node           the hub node whose chain it signs; null where the context names the chain (a bundle's
 *                       manifest) and in a witness's record from before chains per node, which then means
 *                       {@link ChainFormat#FIRST_NODE}
 */
public record Checkpoint(long seq, String hash, Instant at, String keyId, String signature, String timestampToken,
        String node) {

    /** A checkpoint without a time-stamp token, of the chain the context names. */
    public Checkpoint(long seq, String hash, Instant at, String keyId, String signature) {
        this(seq, hash, at, keyId, signature, null, null);
    }

    /** A checkpoint of the chain the context names. */
    public Checkpoint(long seq, String hash, Instant at, String keyId, String signature, String timestampToken) {
        this(seq, hash, at, keyId, signature, timestampToken, null);
    }

    /** The bytes the signature and the time-stamp token are over. */
    public byte[] message() {
        return ChainFormat.checkpointMessage(seq, hash, at);
    }

    public Checkpoint withTimestampToken(String token) {
        return new Checkpoint(seq, hash, at, keyId, signature, token, node);
    }

    /** The chain this checkpoint signs: its node, or the first chain's when it names none. */
    public String chain() {
        return node == null ? ChainFormat.FIRST_NODE : node;
    }
}
