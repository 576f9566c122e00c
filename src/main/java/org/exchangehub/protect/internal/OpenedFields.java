package org.exchangehub.protect.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clear values of field tokens opened moments ago, so that the subscribers of one record — each reading it from the
 * log on a thread of its own, usually within the same second — do not each decrypt it again (end-to-end benchmark:
 * decryption was a fifth of the delivery threads' CPU, three subscribers decrypting the same fields). Kept by token,
 * with everything its AAD binds it to (record id, subject, field): a hit is a value that opened under exactly that
 * AAD, and a token presented under another is opened, and refused, as if never seen. Bounded: once {@code capacity}
 * values were kept it starts empty again, so a value stays at most that many openings; it is only in memory, never
 * written or logged. The caller asks only after finding the token's data key, so a data key that is no longer found
 * ends access to its fields at once, cached or not.
 */
public final class OpenedFields {

    /** A clear value and the AAD it opened under. */
    private record Opened(String recordId, String subject, String field, String clear) {
    }

    private final int capacity;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final AtomicInteger kept = new AtomicInteger();

    public OpenedFields(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The clear value of a token opened under that AAD not long ago, or null. */
    public String get(String token, String recordId, String subject, String field) {
        Opened hit = opened.get(token);
        return hit != null && hit.recordId().equals(recordId) && hit.subject().equals(subject)
                && hit.field().equals(field) ? hit.clear() : null;
    }

    public void put(String token, String recordId, String subject, String field, String clear) {
        if (kept.incrementAndGet() > capacity) {
            opened.clear();
            kept.set(1);
        }
        opened.put(token, new Opened(recordId, subject, field, clear));
    }

    /** Forgets every value. */
    public void clear() {
        opened.clear();
        kept.set(0);
    }
}
