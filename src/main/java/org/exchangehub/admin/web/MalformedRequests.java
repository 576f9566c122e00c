package org.exchangehub.admin.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Malformed requests to any endpoint, public ones included, answered with problem details and no stack trace: a
 * multipart body that does not parse is 400, one over the upload limit 413. (Spring's problem-details handler
 * already answers unsupported methods, media types and unreadable bodies.)
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MalformedRequests {

    @ExceptionHandler(MultipartException.class)
    ProblemDetail multipart(MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException) {
            return AdminProblems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                    "the upload is over spring.servlet.multipart.max-request-size");
        }
        return AdminProblems.problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "the multipart body could not be read (boundary, part headers or encoding)");
    }
}
