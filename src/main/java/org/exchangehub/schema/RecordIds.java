package org.exchangehub.schema;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Record ids: RFC 9562 version-7 UUIDs — 48 bits of Unix time in milliseconds, the version, 74 random bits. They
 * are UUIDs like any other to departments, and ids made later sort after earlier ones, so the journal's and the
 * audit log's indexes on record ids grow at their end instead of changing a page somewhere in the middle for every
 * record (with random version-4 ids each accepted record rewrote a page of each such index at commit). They reveal
 * the millisecond of ingestion, which every record carries anyway as {@code ingestedAt}.
 */
public final class RecordIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {
    }

    /** A new record id made at {@code at}. */
    public static String next(Instant at) {
        long random = RANDOM.nextLong();
        long high = (at.toEpochMilli() << 16) | 0x7000L | ((random >>> 52) & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
