package org.exchangehub.exchange.internal;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The hub's database cannot be reached (stopped, restarting, unreachable, failing over): every API answers 503 with
 * {@code Retry-After} and a problem of type {@code store-unavailable}, before any other handler. Nothing of such a
 * request is acknowledged: a push whose commit did not return is not answered 2xx, so the sender sends it again, and
 * the journal takes a record it already holds as a duplicate. The log names the exception's type, never a record.
 * Failures in filters before the controllers (a department's key looked up while authenticating) get the same answer
 * from {@link StoreOutageFilter}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreProblems {

    private static final Logger log = LoggerFactory.getLogger(StoreProblems.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, TransactionSystemException.class })
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("A request failed because the database is unavailable: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem());
    }

    /** Whether a failure, or one of its causes, is the database being unavailable. */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof TransactionSystemException) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the hub's database"
                + " cannot be reached; nothing of this request was accepted: send it again later");
        problem.setType(URI.create("https://exchangehub.org/problems/store-unavailable"));
        problem.setTitle("Store unavailable");
        return problem;
    }
}
