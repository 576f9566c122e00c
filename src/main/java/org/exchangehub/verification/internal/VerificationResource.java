package org.exchangehub.verification.internal;

import java.net.URI;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.verification.TooManyQuestions;
import org.exchangehub.verification.VerificationRequest;
import org.exchangehub.verification.Verifications;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Verification services over HTTP for department systems (their API key): {@code POST /api/v1/verifications/{service}}
 * with the question as JSON; the answer is MATCH, NO_MATCH or NOT_ON_FILE and nothing else. Unknown service 404, no
 * grant for the purpose 403, a bad question 400 naming its field (problem details of {@code AdminProblems}), too many
 * questions 429 with {@code Retry-After} and the reason (RATE, QUOTA or PROBING).
 */
@RestController
@RequestMapping("/api/v1/verifications")
@Tag(name = "Verification", description = "Verification services: MATCH / NO_MATCH / NOT_ON_FILE, never the data"
        + " (DEPARTMENT systems with a grant)")
class VerificationResource {

    private final Verifications verifications;

    VerificationResource(Verifications verifications) {
        this.verifications = verifications;
    }

    @PostMapping("/{service}")
    @Operation(summary = "Ask a verification service about a person (idNumber, name for identity-consistency,"
            + " diedOnOrBefore for death-status, purpose, caseReference)")
    Verifications.Result verify(@PathVariable String service, @RequestBody(required = false) VerificationRequest body) {
        String caller = CallingDepartment.current()
                .orElseThrow(() -> new AccessDeniedException("only a department's system asks verification services"));
        return verifications.verify(caller, service, body);
    }

    /** 429 with {@code Retry-After}: the grant's rate or quota, or probing, with the reason as a member. */
    @ExceptionHandler(TooManyQuestions.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyQuestions e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("https://exchangehub.org/problems/too-many-questions"));
        problem.setTitle("Too many questions");
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(problem);
    }
}
