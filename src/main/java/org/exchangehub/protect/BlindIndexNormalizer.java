package org.exchangehub.protect;

import org.exchangehub.schema.PiiCategory;

/**
 * Normalizes values of one PII category before they are blind-indexed, so that the same person matches
 * whatever form a department sent (e.g. a 15-digit ID number and its 18-digit upgrade). Beans of this type are
 * picked up by the protection module; categories without one are normalized by Unicode NFKC, trimming and
 * collapsing white space.
 */
public interface BlindIndexNormalizer {

    /** The category this normalizer is for. */
    PiiCategory category();

    /** The normalized form; a value that cannot be normalized is returned unchanged. */
    String normalize(String value);
}
