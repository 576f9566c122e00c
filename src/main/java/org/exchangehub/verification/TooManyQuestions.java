package org.exchangehub.verification;

/**
 * A question refused for how many came before it: the grant's rate or daily quota, or the department's questions
 * looking like probing (many people in a short time). Answered 429 with {@code Retry-After}.
 */
public class TooManyQuestions extends RuntimeException {

    /** Why. */
    public enum Reason {
        RATE, QUOTA, PROBING
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    public TooManyQuestions(Reason reason, long retryAfterSeconds, String message) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Reason reason() {
        return reason;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
