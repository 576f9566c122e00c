package org.exchangehub.exchange.internal;

import java.util.function.LongConsumer;

/**
 * A multimap from a blind index token's 64-bit hash to the log positions of the records that carry it, in two
 * primitive arrays (open addressing, linear probing): 16 bytes a slot, the table at most three quarters full and doubled
 * when it would be more: 21 to 43 bytes a token, against some 200 for the same in objects. Different tokens may share a hash, so what it returns are candidates, which the
 * caller checks against the journal. Not thread-safe.
 */
final class TokenPositions {

    private static final int MIN_CAPACITY = 1 << 10;

    private long[] hashes;
    /** Log positions start at 1: 0 marks an empty slot. */
    private long[] positions;
    private int size;

    TokenPositions() {
        allocate(MIN_CAPACITY);
    }

    /** A well-spread 64-bit hash of a token (FNV-1a over its characters, then a finalizing mix). */
    static long hash(String token) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < token.length(); i++) {
            hash = (hash ^ token.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }

    void add(long hash, long position) {
        if (position <= 0) {
            throw new IllegalArgumentException("log positions start at 1, was " + position);
        }
        if ((size + 1) * 4L > hashes.length * 3L) {
            grow();
        }
        put(hash, position);
        size++;
    }

    /** Every position added under {@code hash}. */
    void forEach(long hash, LongConsumer found) {
        int mask = hashes.length - 1;
        for (int slot = (int) hash & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash) {
                found.accept(positions[slot]);
            }
        }
    }

    int size() {
        return size;
    }

    private void put(long hash, long position) {
        int mask = hashes.length - 1;
        int slot = (int) hash & mask;
        while (positions[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        positions[slot] = position;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldPositions = positions;
        allocate(oldHashes.length * 2);
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldPositions[i] != 0) {
                put(oldHashes[i], oldPositions[i]);
            }
        }
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        positions = new long[capacity];
    }
}
