package org.exchangehub.verification;

/**
 * A query service's call that reached the provider's side and did not end in an answer: the provider has no record for
 * the query (404), its system is not reachable or failed (503), did not answer in time (504), or answered something
 * that is not a record of the service's type (502). Answered as problem details with the {@link #reason()}.
 */
public class ServiceCallFailed extends RuntimeException {

    /** How the call ended; the audit event's outcome. */
    public enum Reason {
        NOT_ON_FILE(404), PROVIDER_UNAVAILABLE(503), TIMEOUT(504), BAD_ANSWER(502);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public ServiceCallFailed(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
