package org.exchangehub.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.audit.AuditBundle;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditExport;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.ChainVerifier;
import org.exchangehub.audit.Checkpoint;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

import jakarta.validation.constraints.NotBlank;

/**
 * The auditor's API: search the audit log, one event with its place in the chain, the data-subject report (the
 * identity number goes in the request body, never a URL, and never comes back), export bundles for offline
 * verification, and verifying the live chain now. Reports and exports are themselves audited.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Search, reports, export and verification of the audit log (AUDITOR)")
class AuditResource {

    /** Body of a data-subject report request. */
    record SubjectReportRequest(@NotBlank String idNumber) {
    }

    /** Body of an export request: a seq range, 0 for the head, of a node's chain (this node's when none is named). */
    record ExportRequest(Long fromSeq, Long toSeq, String node) {
    }

    /** A node's chain: its head and its newest signed checkpoint. */
    record Chain(String node, long headSeq, Long checkpointSeq, Instant checkpointAt) {
    }

    private final AuditQueries queries;
    private final DataSubjectReport reports;
    private final AuditExport export;
    private final AuditVerifier verifier;
    private final AuditSigningKey signingKey;
    private final AuditLog log;

    AuditResource(AuditQueries queries, DataSubjectReport reports, AuditExport export, AuditVerifier verifier,
            AuditSigningKey signingKey, AuditLog log) {
        this.log = log;
        this.queries = queries;
        this.reports = reports;
        this.export = export;
        this.verifier = verifier;
        this.signingKey = signingKey;
    }

    @GetMapping("/events")
    @Operation(summary = "Search events, newest first (times ISO-8601 with offset; actions as in docs/audit.md)")
    AuditQueries.Page search(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String department, @RequestParam(required = false) String recordType,
            @RequestParam(required = false) String action, @RequestParam(required = false) String subscription,
            @RequestParam(required = false) String recordId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @RequestParam(defaultValue = "false") boolean exactTotal,
            @RequestParam(required = false) String node) {
        if (action != null && !AuditEvent.ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action: one of " + AuditEvent.ACTIONS);
        }
        if (page < 0 || size < 1 || size > 1000) {
            throw new IllegalArgumentException("page: 0 or more; size: 1 to 1000");
        }
        return queries.search(new AuditQueries.Query(time("from", from), time("to", to), department, recordType, action,
                subscription, recordId, page, size, node), exactTotal);
    }

    @GetMapping("/chains")
    @Operation(summary = "The audit chain of each hub node: its head and newest signed checkpoint")
    List<Chain> chains() {
        return export.chains().entrySet().stream().map(chain -> {
            var checkpoint = queries.newestCheckpoint(chain.getKey());
            return new Chain(chain.getKey(), chain.getValue(), checkpoint.map(Checkpoint::seq).orElse(null),
                    checkpoint.map(Checkpoint::at).orElse(null));
        }).toList();
    }

    @GetMapping("/events/{seq}")
    @Operation(summary = "One event of this node's chain with the checkpoint that signs it")
    AuditQueries.EventDetail event(@PathVariable long seq) {
        return event(log.node(), seq);
    }

    @GetMapping("/chains/{node}/events/{seq}")
    @Operation(summary = "One event of a node's chain with the checkpoint that signs it")
    AuditQueries.EventDetail event(@PathVariable String node, @PathVariable long seq) {
        return queries.detail(node, seq)
                .orElseThrow(() -> new NoSuchElementException("no audit event " + seq + " in the chain of " + node));
    }

    @PostMapping(path = "/subject-reports", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
    @Operation(summary = "Who received what about a person (JSON, or CSV with Accept: text/csv)")
    ResponseEntity<?> subjectReport(@RequestBody SubjectReportRequest body,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false)
            String accept) {
        if (body == null || body.idNumber() == null || body.idNumber().isBlank()) {
            throw new IllegalArgumentException("idNumber: required");
        }
        DataSubjectReport.Report report = reports.forIdNumber(body.idNumber(), actor());
        if (accept != null && accept.contains("text/csv")) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .body(DataSubjectReport.csv(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @PostMapping(path = "/exports", produces = "application/zip")
    @Operation(summary = "Export a seq range of a node's chain (this node's unless the body names one) as a bundle"
            + " that exchange-hub-verify checks offline")
    ResponseEntity<byte[]> export(@RequestBody(required = false) ExportRequest body) {
        long from = body == null || body.fromSeq() == null ? 1 : body.fromSeq();
        long to = body == null || body.toSeq() == null ? 0 : body.toSeq();
        if (from < 1 || to < 0 || (to > 0 && to < from)) {
            throw new IllegalArgumentException("fromSeq: 1 or more; toSeq: 0 (the head) or not below fromSeq");
        }
        // an unknown node is "no audit chain of node …" from the export itself (404)
        String node = body == null || body.node() == null ? log.node() : body.node();
        String actor = actor();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            export.export(node, from, to, actor, zip);
        } catch (IOException e) {
            throw new IllegalStateException("the export could not be written", e);
        }
        byte[] bytes = zip.toByteArray();
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"audit-export-" + node + "-" + from + "-" + (to == 0 ? "head" : to) + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip")).body(bytes);
    }

    @PostMapping("/verification")
    @Operation(summary = "Verify the live chain, its signed checkpoints and time-stamp tokens now, and report how far it"
            + " is anchored; with a body (application/x-ndjson: the checkpoints a witness received, one per line), also"
            + " that none of them is missing, altered or past the head")
    ChainVerifier.Verdict verify(@RequestBody(required = false) String witnessRecord) {
        List<Checkpoint> record = witnessRecord == null ? List.of()
                : AuditBundle.checkpoints(witnessRecord, "witness record");
        return verifier.verifyDatabase(record);
    }

    @GetMapping(path = "/public-key", produces = "application/x-pem-file")
    @Operation(summary = "The audit public key (PEM) checkpoints are signed with")
    String publicKey() {
        return signingKey.publicKeyPem();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://exchangehub.org/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    private static Instant time(String name, String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": an ISO-8601 time with offset, e.g. 2026-11-23T08:00:00+08:00");
        }
    }

    private static String actor() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }
}
