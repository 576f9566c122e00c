package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lockout holds against a flood of fresh names: the bounded record of names never forgets a locked account first. */
class LoginAttemptsTests {

    final LoginAttempts attempts = new LoginAttempts(new SecurityProperties(List.of(), false, 5, Duration.ofMinutes(1),
            Duration.ofHours(1), Duration.ofDays(1), new SecurityProperties.RateLimit(10, 10), 1024, 16384, 1 << 24,
            Duration.ofMinutes(5)),
            Clock.systemUTC());

    @Test
    void aLockedAccountStaysLockedWhenTwentyThousandFreshNamesFail() {
        for (int i = 0; i < 5; i++) {
            attempts.failed("admin");
        }
        assertThat(attempts.isLocked("admin")).isTrue();

        for (int i = 0; i < 20_000; i++) {
            attempts.failed("fresh-" + i);
        }

        assertThat(attempts.isLocked("admin")).isTrue();
    }

    @Test
    void failuresOfOneAccountStillAddUpToALockWhenFewNamesAreTracked() {
        for (int i = 0; i < 4; i++) {
            attempts.failed("auditor");
        }
        assertThat(attempts.isLocked("auditor")).isFalse();
        attempts.failed("auditor");

        assertThat(attempts.isLocked("auditor")).isTrue();
    }
}
