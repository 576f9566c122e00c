package org.exchangehub.ingest.internal;

import java.net.URI;

import org.exchangehub.ingest.UnknownRecordTypeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.fasterxml.jackson.core.JsonProcessingException;

/** RFC 9457 problem details for requests the push API cannot take at all. Nothing is stored for them. */
@RestControllerAdvice(assignableTypes = InboundResource.class)
class InboundProblems {

    @ExceptionHandler(UnknownRecordTypeException.class)
    ProblemDetail unknownRecordType(UnknownRecordTypeException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-record-type", "Unknown record type", e.getMessage());
    }

    @ExceptionHandler(JsonProcessingException.class)
    ProblemDetail malformedJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "the body is not valid JSON" + where);
    }

    @ExceptionHandler(InboundResource.MalformedBatchException.class)
    ProblemDetail malformedBatch(InboundResource.MalformedBatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch", e.getMessage());
    }

    @ExceptionHandler(InboundResource.PayloadTooLargeException.class)
    ProblemDetail tooLarge(InboundResource.PayloadTooLargeException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://exchangehub.org/problems/" + type));
        problem.setTitle(title);
        return problem;
    }
}
