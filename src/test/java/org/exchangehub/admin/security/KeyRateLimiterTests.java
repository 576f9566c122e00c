package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The token bucket per department key: a burst at once, then the sustained rate; keys do not share buckets. */
class KeyRateLimiterTests {

    @Test
    void burstPassesThenTheKeyIsRefusedUntilTokensRefill() throws Exception {
        KeyRateLimiter limiter = new KeyRateLimiter(new SecurityProperties(List.of(), false, 5, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofDays(1), new SecurityProperties.RateLimit(20, 3), 1024, 16384, 1 << 24,
                Duration.ofMinutes(5)));

        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).as("another key has its own bucket").isTrue();
        assertThat(limiter.auditDenial("a")).isTrue();
        assertThat(limiter.auditDenial("a")).as("one audit event a second per key").isFalse();

        Thread.sleep(120);
        assertThat(limiter.tryAcquire("a")).as("refilled at 20 per second").isTrue();
    }
}
