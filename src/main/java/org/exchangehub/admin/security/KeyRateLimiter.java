package org.exchangehub.admin.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * A token bucket per department key ({@code hub.security.rate-limit}): {@code burst} requests at once, refilled at
 * {@code requests-per-second}. Per node, in memory.
 */
@Component
class KeyRateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long deniedAuditedAt;
    }

    private final double perNano;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(SecurityProperties properties) {
        this.perNano = properties.rateLimit().requestsPerSecond() / 1e9;
        this.burst = properties.rateLimit().burst();
    }

    /** Takes a token; false when the key is over its rate. */
    boolean tryAcquire(String keyId) {
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.refilledAt = System.nanoTime();
            return fresh;
        });
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** True at most once a second per key: whether this refusal should be audited. */
    boolean auditDenial(String keyId) {
        Bucket bucket = buckets.get(keyId);
        if (bucket == null) {
            return true;
        }
        synchronized (bucket) {
            long now = System.nanoTime();
            if (now - bucket.deniedAuditedAt >= 1_000_000_000L) {
                bucket.deniedAuditedAt = now;
                return true;
            }
            return false;
        }
    }
}
