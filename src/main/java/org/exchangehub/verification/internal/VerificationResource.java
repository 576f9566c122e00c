package org.exchangehub.verification.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.verification.BatchFiles;
import org.exchangehub.verification.VerificationBatches;
import org.exchangehub.verification.VerificationRequest;
import org.exchangehub.verification.Verifications;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Verification services over HTTP for department systems (their API key): {@code POST /api/v1/verifications/{service}}
 * with the question as JSON; the answer is MATCH, NO_MATCH or NOT_ON_FILE and nothing else. Unknown service 404, no
 * grant for the purpose 403, a bad question 400 naming its field (problem details of {@code AdminProblems}), too many
 * questions 429 with {@code Retry-After} and the reason (RATE, QUOTA or PROBING).
 *
 * <p>Batches: {@code POST /api/v1/verifications/{service}/batches} with a JSON body ({@code purpose},
 * {@code caseReference} for rows without their own, {@code rows}) or a CSV file ({@code Content-Type: text/csv},
 * UTF-8, {@code purpose} and {@code caseReference} as parameters) answers 202 with the job and its
 * {@code Location}; {@code GET /batches/{id}} shows its progress, {@code GET /batches/{id}/answers} its rows once
 * done, as JSON or, with {@code Accept: text/csv}, as CSV.
 */
@RestController
@RequestMapping("/api/v1/verifications")
@Tag(name = "Verification", description = "Verification services: MATCH / NO_MATCH / NOT_ON_FILE, never the data"
        + " (DEPARTMENT systems with a grant)")
class VerificationResource {

    /** A batch as JSON: the purpose of every row, the case reference of rows without their own, the rows. */
    record BatchRequest(String purpose, String caseReference, List<BatchRow> rows) {
    }

    /** A row of a JSON batch; {@code diedOnOrBefore} as {@code yyyy-MM-dd}. */
    record BatchRow(String idNumber, String name, String diedOnOrBefore, String caseReference) {
    }

    /** A batch's answers as JSON: the job and its rows. */
    record BatchAnswers(VerificationBatches.Batch batch, List<VerificationBatches.RowAnswer> rows) {
    }

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Verifications verifications;
    private final VerificationBatches batches;

    VerificationResource(Verifications verifications, VerificationBatches batches) {
        this.verifications = verifications;
        this.batches = batches;
    }

    @PostMapping("/{service}")
    @Operation(summary = "Ask a verification service about a person (idNumber, name for identity-consistency,"
            + " diedOnOrBefore for death-status, purpose, caseReference)")
    Verifications.Result verify(@PathVariable String service, @RequestBody(required = false) VerificationRequest body) {
        return verifications.verify(caller(), service, body);
    }

    @PostMapping(path = "/{service}/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a batch of questions as JSON (at most hub.verification.batch-max-rows rows): 202 with"
            + " the job")
    ResponseEntity<VerificationBatches.Batch> batch(@PathVariable String service,
            @RequestBody(required = false) BatchRequest body) {
        if (body == null || body.rows() == null) {
            throw new IllegalArgumentException("rows: required");
        }
        List<VerificationBatches.Row> rows = body.rows().stream().map(row -> row == null
                ? new VerificationBatches.Row(null, null, null, null, "row: empty")
                : new VerificationBatches.Row(row.idNumber(), row.name(), row.diedOnOrBefore(), row.caseReference(),
                        null))
                .toList();
        return accepted(batches.submit(caller(), service, body.purpose(), body.caseReference(), rows));
    }

    @PostMapping(path = "/{service}/batches", consumes = "text/csv")
    @Operation(summary = "Send a batch of questions as CSV (header idNumber[,name][,diedOnOrBefore][,caseReference]):"
            + " 202 with the job")
    ResponseEntity<VerificationBatches.Batch> batchCsv(@PathVariable String service,
            @RequestParam(required = false) String purpose, @RequestParam(required = false) String caseReference,
            @RequestBody(required = false) byte[] body) {
        List<VerificationBatches.Row> rows = BatchFiles.questions(
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
        return accepted(batches.submit(caller(), service, purpose, caseReference, rows));
    }

    @GetMapping("/batches")
    @Operation(summary = "The calling department's batches, newest first")
    List<VerificationBatches.Batch> batches() {
        return batches.list(caller());
    }

    @GetMapping("/batches/{id}")
    @Operation(summary = "A batch's progress")
    VerificationBatches.Batch batch(@PathVariable String id) {
        return batches.get(caller(), id);
    }

    @GetMapping("/batches/{id}/answers")
    @Operation(summary = "A finished batch's answers, row by row (JSON, or CSV with Accept: text/csv); 409 while it"
            + " runs")
    ResponseEntity<?> answers(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String caller = caller();
        List<VerificationBatches.RowAnswer> rows = batches.answers(caller, id);
        if (accept != null && accept.contains("text/csv")) {
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verification-" + id + ".csv\"")
                    .body(BatchFiles.answers(rows));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new BatchAnswers(batches.get(caller, id), rows));
    }

    private static ResponseEntity<VerificationBatches.Batch> accepted(VerificationBatches.Batch batch) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/verifications/batches/" + batch.id()))
                .body(batch);
    }

    private static String caller() {
        return CallingDepartment.current()
                .orElseThrow(() -> new AccessDeniedException("only a department's system asks verification services"));
    }
}
