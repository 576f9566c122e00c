package org.exchangehub.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.exchangehub.audit.AuditQueries;
import org.exchangehub.catalog.Catalog;
import org.exchangehub.catalog.CatalogEntry;
import org.exchangehub.catalog.SharingRequest;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.verification.BatchFiles;
import org.exchangehub.verification.TooManyQuestions;
import org.exchangehub.verification.VerificationBatches;
import org.exchangehub.verification.VerificationRequest;
import org.exchangehub.verification.Verifications;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Verification services in the console. A department's people ask a question under one of their department's grants
 * (the grant gives service and purpose; the audit event names the person) and send a CSV file as a batch, whose
 * progress and answers the page shows; admins and auditors see the calls of every grant of a verification or query
 * service over the last days, by outcome.
 */
@Controller
class VerificationPages {

    /** A grant of a verification service the department holds, as the form offers it. */
    record Grant(String id, String service, String purpose, LocalDate validUntil) {
    }

    /** One grant's calls: its request, the asking department, and the calls by outcome. */
    record GrantStatistics(String grant, String department, String provider, String action, SharingRequest request,
            Map<String, Long> outcomes, long calls, Instant last) {
    }

    private static final int STATISTICS_DAYS = 30;

    private final Verifications verifications;
    private final VerificationBatches batches;
    private final SharingRequests requests;
    private final Catalog catalog;
    private final AuditQueries audit;
    private final Clock clock;

    VerificationPages(Verifications verifications, VerificationBatches batches, SharingRequests requests,
            Catalog catalog, AuditQueries audit, Clock clock) {
        this.verifications = verifications;
        this.batches = batches;
        this.requests = requests;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/console/verifications")
    String page(Model model) {
        return page(new LinkedHashMap<>(), null, null, model);
    }

    @PostMapping("/console/verifications")
    String ask(@RequestParam Map<String, String> form, Principal principal, Model model) {
        Map<String, String> typed = new LinkedHashMap<>(form);
        typed.remove("_csrf");
        try {
            Grant grant = grant(form.get("grant"));
            Verifications.Result result = verifications.verify(department(), principal.getName(), grant.service(),
                    new VerificationRequest(blankToNull(form.get("idNumber")), blankToNull(form.get("name")),
                            grant.purpose(), blankToNull(form.get("caseReference")), BatchFiles.date(form.get("diedOnOrBefore"))));
            // the person asked about is not shown back: the next question starts empty
            typed.remove("idNumber");
            typed.remove("name");
            return page(typed, result, null, model);
        } catch (IllegalArgumentException | NoSuchElementException | AccessDeniedException | TooManyQuestions e) {
            return page(typed, null, e.getMessage(), model);
        }
    }

    @PostMapping("/console/verifications/batches")
    String batch(@RequestParam Map<String, String> form, @RequestParam("file") MultipartFile file,
            RedirectAttributes redirect, Model model) {
        try {
            Grant grant = grant(form.get("grant"));
            List<VerificationBatches.Row> rows = BatchFiles.questions(new String(file.getBytes(), StandardCharsets.UTF_8));
            VerificationBatches.Batch batch = batches.submit(department(), grant.service(), grant.purpose(),
                    blankToNull(form.get("caseReference")), rows);
            redirect.addFlashAttribute("done", List.of("verify.batchQueued", batch.id()));
            return "redirect:/console/verifications";
        } catch (IllegalArgumentException | NoSuchElementException | AccessDeniedException | TooManyQuestions
                | IOException e) {
            return page(new LinkedHashMap<>(), null, e.getMessage(), model);
        }
    }

    @GetMapping("/console/verifications/batches/{id}/answers.csv")
    ResponseEntity<String> answers(@PathVariable String id) {
        List<VerificationBatches.RowAnswer> rows = batches.answers(department(), id);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verification-" + id + ".csv\"")
                .body(BatchFiles.answers(rows));
    }

    @GetMapping("/console/verification-stats")
    String statistics(Model model) {
        Map<String, SharingRequest> byId = new TreeMap<>();
        requests.list(null, false).forEach(request -> byId.put(request.id(), request));
        Map<String, GrantStatistics> grants = new LinkedHashMap<>();
        for (AuditQueries.ServiceCalls calls : audit.serviceCalls(clock.instant().minus(Duration.ofDays(
                STATISTICS_DAYS)))) {
            String key = calls.grant() + "\n" + calls.department() + "\n" + calls.action();
            GrantStatistics before = grants.get(key);
            Map<String, Long> outcomes = before == null ? new TreeMap<>() : new TreeMap<>(before.outcomes());
            outcomes.merge(String.valueOf(calls.outcome()), calls.calls(), Long::sum);
            Instant last = before == null || calls.last().isAfter(before.last()) ? calls.last()
                    : before.last();
            grants.put(key, new GrantStatistics(calls.grant(), calls.department(), calls.provider(), calls.action(),
                    byId.get(calls.grant()), outcomes, (before == null ? 0 : before.calls()) + calls.calls(), last));
        }
        model.addAttribute("grants", grants.values().stream()
                .sorted(Comparator.comparingLong(GrantStatistics::calls).reversed()).toList());
        model.addAttribute("days", STATISTICS_DAYS);
        return "console/verification-stats";
    }

    private String page(Map<String, String> form, Verifications.Result result, String problem, Model model) {
        String department = department();
        model.addAttribute("grants", grants(department));
        model.addAttribute("form", form);
        model.addAttribute("result", result);
        model.addAttribute("problem", problem);
        model.addAttribute("batches", batches.list(department));
        return "console/verifications";
    }

    /** The department's grants of verification services in force. */
    private List<Grant> grants(String department) {
        return requests.list(SharingRequest.State.APPROVED, false).stream()
                .filter(r -> r.requester().equals(department) && r.active())
                .filter(r -> catalog.byCode(r.resource())
                        .map(listed -> listed.entry().kind() == CatalogEntry.Kind.VERIFICATION).orElse(false))
                .map(r -> new Grant(r.id(), r.resource(), r.purpose(), r.validUntil())).toList();
    }

    private Grant grant(String id) {
        return grants(department()).stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("grant: choose one of your department's grants"));
    }

    private static String department() {
        return CallingDepartment.actingFor()
                .orElseThrow(() -> new AccessDeniedException("only a department's people ask verification services"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
