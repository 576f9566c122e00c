package org.exchangehub.protect;

import java.time.Instant;

/**
 * What the security officer sees of a data key: never key material.
 *
 * @param purpose    FIELD (encryption) or INDEX (blind indexes, fingerprints)
 * @param recordType record type (or payload kind) of a field key; {@code *} for index keys
 * @param category   PII category
 * @param period     the period it encrypts new data in, with its generation after rotations ({@code 2026-11~2})
 * @param kekId      the master key that wraps it
 */
public record DataKeyInfo(String id, String purpose, String recordType, String category, String period, String suite,
        String kekId, Instant createdAt) {
}
