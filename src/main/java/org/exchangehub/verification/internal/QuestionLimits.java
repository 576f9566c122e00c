package org.exchangehub.verification.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.verification.TooManyQuestions;

/**
 * Per grant a token bucket ({@code rate-per-second}, {@code burst}) and a daily quota; per department a window of the
 * people it asked about ({@code probe-identities} within {@code probe-window}). In memory, per hub node. A question is
 * counted only when it is let through.
 */
public final class QuestionLimits {

    private record Bucket(double tokens, Instant at) {
    }

    private record Day(LocalDate date, int used) {
    }

    private final VerificationProperties properties;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Day> days = new ConcurrentHashMap<>();
    private final Map<String, Window> asked = new HashMap<>();
    private final Map<String, Day> batchDays = new HashMap<>();

    /** The people a department asked about lately: in order of asking, and how often each within the window. */
    private static final class Window {

        final Deque<Map.Entry<Instant, String>> questions = new ArrayDeque<>();
        final Map<String, Integer> people = new HashMap<>();

        void forgetBefore(Instant cut) {
            while (!questions.isEmpty() && questions.peekFirst().getKey().isBefore(cut)) {
                people.computeIfPresent(questions.removeFirst().getValue(), (person, n) -> n == 1 ? null : n - 1);
            }
        }

        void add(Instant at, String person) {
            questions.addLast(Map.entry(at, person));
            people.merge(person, 1, Integer::sum);
        }
    }

    public QuestionLimits(VerificationProperties properties, Clock clock, ZoneId zone) {
        this.properties = properties;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Lets a question of {@code department} about {@code person} (a blind index) under {@code grant} through, or
     * refuses it.
     *
     * @return true when the department has just reached the probing threshold (tell the admins, once a window)
     * @throws TooManyQuestions when the grant's rate or quota is used up, or the department is probing
     */
    public synchronized boolean admit(String department, String grant, String person) {
        Instant now = clock.instant();
        Window window = asked.computeIfAbsent(department, d -> new Window());
        window.forgetBefore(now.minus(properties.probeWindow()));
        boolean known = window.people.containsKey(person);
        int people = window.people.size();
        if (!known && people >= properties.probeIdentities()) {
            long wait = Duration.between(now, window.questions.peekFirst().getKey().plus(properties.probeWindow()))
                    .toSeconds();
            throw new TooManyQuestions(TooManyQuestions.Reason.PROBING, wait + 1, department + " asked about "
                    + people + " people within " + properties.probeWindow() + ": questions about others wait");
        }
        Bucket bucket = buckets.getOrDefault(grant, new Bucket(properties.burst(), now));
        double tokens = Math.min(properties.burst(), bucket.tokens()
                + Duration.between(bucket.at(), now).toNanos() / 1e9 * properties.ratePerSecond());
        if (tokens < 1) {
            throw new TooManyQuestions(TooManyQuestions.Reason.RATE,
                    (long) Math.ceil((1 - tokens) / properties.ratePerSecond()), "grant " + grant + ": more than "
                            + properties.ratePerSecond() + " questions a second");
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        Day day = days.getOrDefault(grant, new Day(today, 0));
        int used = day.date().equals(today) ? day.used() : 0;
        if (used >= properties.dailyQuota()) {
            throw new TooManyQuestions(TooManyQuestions.Reason.QUOTA, untilMidnight(now, today),
                    "grant " + grant + ": its " + properties.dailyQuota() + " questions of today are used");
        }
        buckets.put(grant, new Bucket(tokens - 1, now));
        days.put(grant, new Day(today, used + 1));
        window.add(now, person);
        return !known && people + 1 == properties.probeIdentities();
    }

    /**
     * Lets a batch of {@code rows} questions under {@code grant} through, or refuses it whole.
     *
     * @throws TooManyQuestions with reason QUOTA when the grant's batch rows of today would exceed
     *                          {@code batch-daily-rows}
     */
    public synchronized void admitBatch(String grant, int rows) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Day day = batchDays.getOrDefault(grant, new Day(today, 0));
        int used = day.date().equals(today) ? day.used() : 0;
        if (used + rows > properties.batchDailyRows()) {
            throw new TooManyQuestions(TooManyQuestions.Reason.QUOTA, untilMidnight(now, today), "grant " + grant
                    + ": " + used + " batch rows of today's " + properties.batchDailyRows() + " are used; this batch"
                    + " has " + rows);
        }
        batchDays.put(grant, new Day(today, used + rows));
    }

    private long untilMidnight(Instant now, LocalDate today) {
        return Duration.between(now, today.plusDays(1).atStartOfDay(zone).toInstant()).toSeconds();
    }
}
