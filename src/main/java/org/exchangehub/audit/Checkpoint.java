package org.exchangehub.audit;

import java.time.Instant;

/**
 * A signed checkpoint: the audit signing key's signature over {@code "<seq>|<hash>|<at>"} (UTF-8), {@code at}
 * formatted as in {@link AuditEvent#TIME}.
 *
 * @param signature base64 of the DER signature (SM2 with the default user ID over SM3, or ECDSA P-256/SHA-256)
 */
public record Checkpoint(long seq, String hash, Instant at, String keyId, String signature) {
}
