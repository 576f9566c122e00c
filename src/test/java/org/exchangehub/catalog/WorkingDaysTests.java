package org.exchangehub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Deadlines in working days (政务数据共享条例: conditional requests answered within 5 working days): weekends and
 * configured holidays do not count, configured make-up working days (调休) do; the day of the request does not.
 */
class WorkingDaysTests {

    /** A fictional calendar: a three-day holiday Thu 1 – Sat 3 Oct 2026 and a make-up working Sunday 11 Oct. */
    static final WorkingDays CALENDAR = new WorkingDays(
            List.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 3)),
            List.of(LocalDate.of(2026, 10, 11)));

    @Test
    void fiveWorkingDaysFromAMondayEndOnTheNextMonday() {
        assertThat(CALENDAR.plus(LocalDate.of(2026, 11, 23), 5)).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void aRequestOnFridaySkipsTheWeekend() {
        assertThat(CALENDAR.plus(LocalDate.of(2026, 11, 27), 1)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(CALENDAR.plus(LocalDate.of(2026, 11, 27), 5)).isEqualTo(LocalDate.of(2026, 12, 4));
    }

    @Test
    void aRequestOnSaturdayStartsCountingOnMonday() {
        assertThat(CALENDAR.plus(LocalDate.of(2026, 11, 28), 1)).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void holidaysDoNotCountAndMakeUpWorkingDaysDo() {
        // Wed 30 Sep: Thu 1, Fri 2 holiday, Sat 3 holiday, Sun 4 weekend -> Mon 5, Tue 6, Wed 7, Thu 8, Fri 9
        assertThat(CALENDAR.plus(LocalDate.of(2026, 9, 30), 5)).isEqualTo(LocalDate.of(2026, 10, 9));
        // Fri 9 Oct: Sat 10 weekend, Sun 11 make-up working day
        assertThat(CALENDAR.plus(LocalDate.of(2026, 10, 9), 1)).isEqualTo(LocalDate.of(2026, 10, 11));
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 2))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 11))).isTrue();
    }

    @Test
    void anExtensionAddsFiveMoreWorkingDaysFromTheFirstDeadline() {
        LocalDate due = CALENDAR.plus(LocalDate.of(2026, 11, 23), 5);

        assertThat(CALENDAR.plus(due, 5)).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void workingDaysBetweenCountsTheWorkingDaysAfterTheStartUpToTheEnd() {
        assertThat(CALENDAR.between(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 9))).isEqualTo(5);
        assertThat(CALENDAR.between(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 23))).isZero();
        assertThat(CALENDAR.between(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 23))).isEqualTo(-5);
    }

    @Test
    void aDayCannotBeBothAHolidayAndAMakeUpWorkingDay() {
        assertThatThrownBy(() -> new WorkingDays(List.of(LocalDate.of(2026, 10, 11)), List.of(LocalDate.of(2026, 10, 11))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-10-11");
    }

    @Test
    void zeroDaysIsTheSameDayAndNegativeIsRefused() {
        assertThat(CALENDAR.plus(LocalDate.of(2026, 11, 28), 0)).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThatThrownBy(() -> CALENDAR.plus(LocalDate.of(2026, 11, 28), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
