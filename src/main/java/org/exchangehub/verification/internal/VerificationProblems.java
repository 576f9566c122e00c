package org.exchangehub.verification.internal;

import java.net.URI;

import org.exchangehub.verification.ServiceCallFailed;
import org.exchangehub.verification.TooManyQuestions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details of the request-and-answer API beyond the common ones ({@code AdminProblems}: 400, 403, 404): too
 * many questions (429 with {@code Retry-After}) and a query service's provider that did not answer (404, 502, 503,
 * 504), each with its {@code reason}.
 */
@RestControllerAdvice(assignableTypes = { VerificationResource.class, QueryServiceResource.class,
        WatchResource.class })
class VerificationProblems {

    @ExceptionHandler(TooManyQuestions.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyQuestions e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("https://exchangehub.org/problems/too-many-questions"));
        problem.setTitle("Too many questions");
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(problem);
    }

    @ExceptionHandler(ServiceCallFailed.class)
    ResponseEntity<ProblemDetail> callFailed(ServiceCallFailed e) {
        HttpStatus status = HttpStatus.valueOf(e.reason().status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        String type = e.reason().name().toLowerCase().replace('_', '-');
        problem.setType(URI.create("https://exchangehub.org/problems/" + type));
        problem.setTitle(switch (e.reason()) {
            case NOT_ON_FILE -> "Not on file";
            case PROVIDER_UNAVAILABLE -> "Provider unavailable";
            case TIMEOUT -> "Provider timeout";
            case BAD_ANSWER -> "Bad answer from the provider";
        });
        problem.setProperty("reason", e.reason().name());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.reason() == ServiceCallFailed.Reason.PROVIDER_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return response.body(problem);
    }
}
