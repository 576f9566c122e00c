package org.exchangehub.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.exchangehub.audit.AuditAnchoring;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditExport;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.exchange.Departments;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The auditor's pages: search the audit log, an event with its place in the chain and the checkpoint that signs
 * it, the data-subject report (the identity number goes in and is never shown back or kept in the form), export
 * bundles, "verify now" and how far the chain is anchored (the window only the hub's own head vouches for). The same
 * services as {@code /api/v1/audit}, and the same audit events of the
 * auditor's own actions (SUBJECT_REPORT, AUDIT_EXPORTED).
 */
@Controller
@RequestMapping("/console/audit")
class AuditPages {

    private final AuditQueries queries;
    private final DataSubjectReport reports;
    private final AuditExport export;
    private final AuditVerifier verifier;
    private final AuditAnchoring anchoring;
    private final Departments departments;
    private final ConsoleProperties properties;

    AuditPages(AuditQueries queries, DataSubjectReport reports, AuditExport export, AuditVerifier verifier,
            AuditAnchoring anchoring, Departments departments, ConsoleProperties properties) {
        this.queries = queries;
        this.reports = reports;
        this.export = export;
        this.verifier = verifier;
        this.anchoring = anchoring;
        this.departments = departments;
        this.properties = properties;
    }

    @GetMapping
    String search(@RequestParam Map<String, String> params, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant from = time(params.get("from"), "from", errors);
        Instant to = time(params.get("to"), "to", errors);
        String action = blankToNull(params.get("action"));
        if (action != null && !AuditEvent.ACTIONS.contains(action)) {
            errors.put("action", "audit.error.action");
        }
        int page = Math.max(0, number(params.get("page")));
        model.addAttribute("params", params);
        model.addAttribute("errors", errors);
        model.addAttribute("actions", AuditEvent.ACTIONS);
        model.addAttribute("departments", departments.all());
        model.addAttribute("zone", properties.timeZone());
        model.addAttribute("anchoring", anchoring.status());
        model.addAttribute("chains", export.chains().keySet());
        if (errors.isEmpty()) {
            model.addAttribute("result", queries.search(new AuditQueries.Query(from, to,
                    blankToNull(params.get("department")), blankToNull(params.get("recordType")), action,
                    blankToNull(params.get("subscription")), blankToNull(params.get("recordId")), page, 50)));
        }
        return "console/audit";
    }

    @GetMapping("/events/{seq}")
    String event(@PathVariable long seq, @RequestParam(required = false) String node, Model model) {
        model.addAttribute("detail", queries.detail(node == null ? anchoring.status().node() : node, seq)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no audit event " + seq)));
        model.addAttribute("zone", properties.timeZone());
        return "console/audit-event";
    }

    @GetMapping("/subject-report")
    String subjectReportForm(@RequestParam(required = false) String invalid, Model model) {
        model.addAttribute("idNumberError", invalid != null);
        return "console/subject-report";
    }

    @PostMapping("/subject-report")
    String subjectReport(@RequestParam(defaultValue = "") String idNumber, Principal principal, Model model) {
        model.addAttribute("idNumberError", false);
        try {
            model.addAttribute("report", reports.forIdNumber(idNumber.strip(), principal.getName()));
        } catch (IllegalArgumentException e) {
            model.addAttribute("idNumberError", true);
        }
        model.addAttribute("zone", properties.timeZone());
        return "console/subject-report";
    }

    @PostMapping(path = "/subject-report.csv")
    ResponseEntity<?> subjectReportCsv(@RequestParam(defaultValue = "") String idNumber, Principal principal) {
        try {
            DataSubjectReport.Report report = reports.forIdNumber(idNumber.strip(), principal.getName());
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"subject-report.csv\"")
                    .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(DataSubjectReport.csv(report));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION,
                    "/console/audit/subject-report?invalid").build();
        }
    }

    @PostMapping("/export")
    ResponseEntity<byte[]> export(@RequestParam(defaultValue = "1") long fromSeq,
            @RequestParam(defaultValue = "0") long toSeq, @RequestParam(required = false) String node,
            Principal principal) throws IOException {
        String chain = node == null || node.isBlank() ? anchoring.status().node() : node;
        if (fromSeq < 1 || toSeq < 0 || (toSeq > 0 && toSeq < fromSeq) || !export.chains().containsKey(chain)) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header(HttpHeaders.LOCATION, "/console/audit?exportError").build();
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        export.export(chain, fromSeq, toSeq, principal.getName(), zip);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-export-"
                + fromSeq + "-" + (toSeq == 0 ? "head" : toSeq) + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip")).body(zip.toByteArray());
    }

    @PostMapping("/verify")
    String verify(Model model) {
        model.addAttribute("verdict", verifier.verifyDatabase());
        model.addAttribute("verifiedAt", Instant.now().atZone(properties.timeZone()));
        return "console/audit :: verdict";
    }

    /** A {@code datetime-local} value in the console's zone; a bad one is an error of that field. */
    private Instant time(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(properties.timeZone()).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "audit.error.time");
            return null;
        }
    }

    private static int number(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
