package org.exchangehub.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Working days for sharing deadlines (政务数据共享条例: conditional requests are answered within 5 working days,
 * extendable once by 5): Monday to Friday, except configured public holidays, plus configured make-up working days
 * (调休, usually a Saturday or Sunday). The State Council publishes each year's calendar; it is configuration
 * ({@code hub.catalog.holidays}, {@code hub.catalog.make-up-working-days}), not code.
 */
public final class WorkingDays {

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> makeUpWorkingDays;

    /**
     * @throws IllegalArgumentException when a day is listed as both
     */
    public WorkingDays(Collection<LocalDate> holidays, Collection<LocalDate> makeUpWorkingDays) {
        this.holidays = new TreeSet<>(holidays);
        this.makeUpWorkingDays = new TreeSet<>(makeUpWorkingDays);
        Set<LocalDate> both = new TreeSet<>(this.holidays);
        both.retainAll(this.makeUpWorkingDays);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("hub.catalog: days both holiday and make-up working day: " + both);
        }
    }

    public boolean isWorkingDay(LocalDate day) {
        if (makeUpWorkingDays.contains(day)) {
            return true;
        }
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /**
     * The day on which {@code workingDays} working days after {@code start} have passed (the start day itself does
     * not count; 0 is the start day).
     *
     * @throws IllegalArgumentException for a negative number
     */
    public LocalDate plus(LocalDate start, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("working days: 0 or more");
        }
        LocalDate day = start;
        for (int counted = 0; counted < workingDays;) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** Working days after {@code from} up to and including {@code to}; negative when {@code to} is earlier. */
    public int between(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -between(to, from);
        }
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }
}
