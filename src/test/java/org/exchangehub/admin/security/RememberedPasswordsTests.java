package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.exchangehub.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A person's verified password is remembered for a while, so HTTP Basic on every request pays the slow hash once in
 * that time; a wrong password always pays it and is never remembered.
 */
class RememberedPasswordsTests {

    /** bcrypt (at the test profile's cost, 4), counting how often it is asked. */
    static final class Counting implements PasswordEncoder {
        final PasswordEncoder encoder = new BCryptPasswordEncoder(4);
        int checks;

        @Override
        public String encode(CharSequence rawPassword) {
            return encoder.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks++;
            return encoder.matches(rawPassword, encodedPassword);
        }
    }

    final Counting slow = new Counting();
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T08:00:00Z"));
    final String stored = slow.encode("correct horse");

    @Test
    void aVerifiedPasswordIsCheckedSlowlyOnceInThePeriodAndAgainAfterIt() {
        RememberedPasswords passwords = new RememberedPasswords(slow, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(passwords.matches("correct horse", stored)).isTrue();
        }
        assertThat(slow.checks).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(slow.checks).as("checked again once the period is over").isEqualTo(2);
    }

    @Test
    void aWrongPasswordAlwaysPaysTheSlowHashAndIsNeverRemembered() {
        RememberedPasswords passwords = new RememberedPasswords(slow, Duration.ofMinutes(5), clock);
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(passwords.matches("correct hors", stored)).isFalse();
            assertThat(passwords.matches("correct horse", slow.encode("another password"))).as("another stored hash")
                    .isFalse();
        }
        assertThat(slow.checks).isEqualTo(11);
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(slow.checks).isEqualTo(11);
    }

    @Test
    void aZeroPeriodRemembersNothing() {
        RememberedPasswords passwords = new RememberedPasswords(slow, Duration.ZERO, clock);
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(slow.checks).isEqualTo(2);
    }
}
