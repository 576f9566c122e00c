package org.exchangehub.verification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.exchangehub.MovableClock;
import org.exchangehub.verification.TooManyQuestions;
import org.junit.jupiter.api.Test;

/**
 * A grant's questions are let through up to its burst, then at its rate; up to its daily quota, which starts again at
 * midnight in the hub's zone; a department that asks about more different people than the probing limit within the
 * window is refused for further people (not for those already asked about) until the window has passed, and the
 * question that reaches the limit is the one to tell admins about.
 */
class QuestionLimitsTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T02:00:00Z"));

    QuestionLimits limits(double rate, int burst, int quota, int people) {
        return new QuestionLimits(new VerificationProperties(rate, burst, quota, people, Duration.ofMinutes(1), 100,
                250, Duration.ofSeconds(10), 10, Duration.ofSeconds(1), Duration.ofHours(1)), clock,
                SHANGHAI);
    }

    @Test
    void aGrantAsksUpToItsBurstAtOnceThenAtItsRate() {
        QuestionLimits limits = limits(2, 3, 1_000, 1_000);
        for (int i = 0; i < 3; i++) {
            limits.admit("police", "sr-1", "bi1.person" + i);
        }

        assertThatThrownBy(() -> limits.admit("police", "sr-1", "bi1.person3")).isInstanceOf(TooManyQuestions.class)
                .satisfies(e -> {
                    assertThat(((TooManyQuestions) e).reason()).isEqualTo(TooManyQuestions.Reason.RATE);
                    assertThat(((TooManyQuestions) e).retryAfterSeconds()).isEqualTo(1);
                });
        limits.admit("police", "sr-2", "bi1.person3");
        clock.advance(Duration.ofMillis(500));
        limits.admit("police", "sr-1", "bi1.person3");
        assertThatThrownBy(() -> limits.admit("police", "sr-1", "bi1.person4")).isInstanceOf(TooManyQuestions.class);
    }

    @Test
    void theDailyQuotaStartsAgainAtMidnightInTheHubsZone() {
        QuestionLimits limits = limits(1_000, 1_000, 5, 1_000);
        for (int i = 0; i < 5; i++) {
            limits.admit("police", "sr-1", "bi1.person" + i);
        }

        assertThatThrownBy(() -> limits.admit("police", "sr-1", "bi1.person5")).isInstanceOf(TooManyQuestions.class)
                .satisfies(e -> {
                    assertThat(((TooManyQuestions) e).reason()).isEqualTo(TooManyQuestions.Reason.QUOTA);
                    assertThat(((TooManyQuestions) e).retryAfterSeconds()).as("10:00 in Shanghai: 14 h to midnight")
                            .isEqualTo(14 * 3600);
                });
        clock.advance(Duration.ofHours(14));
        limits.admit("police", "sr-1", "bi1.person5");
    }

    @Test
    void aDepartmentAskingAboutTooManyPeopleIsRefusedForOthersUntilTheWindowPasses() {
        QuestionLimits limits = limits(1_000, 1_000, 100_000, 3);

        assertThat(limits.admit("hotline", "sr-1", "bi1.a")).isFalse();
        assertThat(limits.admit("hotline", "sr-2", "bi1.b")).isFalse();
        assertThat(limits.admit("hotline", "sr-1", "bi1.c")).as("the third person reaches the limit: tell admins")
                .isTrue();
        assertThatThrownBy(() -> limits.admit("hotline", "sr-1", "bi1.d")).isInstanceOf(TooManyQuestions.class)
                .satisfies(e -> assertThat(((TooManyQuestions) e).reason()).isEqualTo(TooManyQuestions.Reason.PROBING));
        assertThat(limits.admit("hotline", "sr-1", "bi1.a")).as("someone already asked about").isFalse();
        assertThat(limits.admit("police", "sr-3", "bi1.d")).as("another department").isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(limits.admit("hotline", "sr-1", "bi1.d")).isFalse();
    }

    @Test
    void batchesCountAgainstTheirOwnDailyRowsNotTheQuestionsRateOrQuota() {
        QuestionLimits limits = limits(1, 1, 1, 1);
        limits.admitBatch("sr-1", 100);
        limits.admitBatch("sr-1", 100);
        limits.admit("police", "sr-1", "bi1.person0");

        assertThatThrownBy(() -> limits.admitBatch("sr-1", 51)).isInstanceOf(TooManyQuestions.class)
                .satisfies(e -> assertThat(((TooManyQuestions) e).reason()).isEqualTo(TooManyQuestions.Reason.QUOTA))
                .hasMessageContaining("200 batch rows of today's 250");
        limits.admitBatch("sr-1", 50);
        limits.admitBatch("sr-2", 100);
        clock.advance(Duration.ofHours(14));
        limits.admitBatch("sr-1", 100);
    }
}
