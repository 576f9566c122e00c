package org.exchangehub.protect.internal;

import java.util.Arrays;

/**
 * Clear values of field tokens opened moments ago, so that the subscribers of one record — each reading it from the
 * log on a thread of its own, usually within seconds of each other — do not each decrypt it again (end-to-end
 * benchmark: decryption was a fifth of the delivery threads' CPU, three subscribers decrypting the same fields).
 * Kept by token, with everything its AAD binds it to (record id, subject, field): a hit is a value that opened under
 * exactly that token and AAD, and a token presented under another is opened, and refused, as if never seen.
 *
 * <p>Direct-mapped: a token has one slot, chosen from its last characters (the GCM tag: random), and the token last
 * opened there replaces the one before. Lookups cost one array read and the comparisons of a hit, with no hash of
 * the whole token and no map (a hash map of tokens, emptied whenever full, cost about as much as the decryptions it
 * saved once the subscribers were a few thousand records apart). Bounded by its slots; only in memory, never written
 * or logged. The caller asks only after finding the token's data key, so a data key that is no longer found ends
 * access to its fields at once, cached or not.
 */
public final class OpenedFields {

    /** A clear value and the token and AAD it opened under; immutable, so safely read by any thread. */
    private record Opened(String token, String recordId, String subject, String field, String clear) {
    }

    /** Characters at the token's end that choose its slot. */
    private static final int TAIL = 12;

    private final Opened[] slots;
    private final int mask;

    /** At least {@code capacity} slots (the next power of two). */
    public OpenedFields(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity must be between 1 and 2^24, was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        size = size < capacity ? size << 1 : size;
        slots = new Opened[size];
        mask = size - 1;
    }

    /** The clear value of a token opened under that AAD not long ago, or null. */
    public String get(String token, String recordId, String subject, String field) {
        Opened hit = slots[slot(token)];
        return hit != null && hit.token().equals(token) && hit.recordId().equals(recordId)
                && hit.subject().equals(subject) && hit.field().equals(field) ? hit.clear() : null;
    }

    public void put(String token, String recordId, String subject, String field, String clear) {
        slots[slot(token)] = new Opened(token, recordId, subject, field, clear);
    }

    /** Forgets every value. */
    public void clear() {
        Arrays.fill(slots, null);
    }

    private int slot(String token) {
        int hash = 0;
        for (int i = Math.max(0, token.length() - TAIL); i < token.length(); i++) {
            hash = 31 * hash + token.charAt(i);
        }
        hash ^= hash >>> 16;
        return (hash * 0x9E3779B9) >>> 8 & mask;
    }
}
