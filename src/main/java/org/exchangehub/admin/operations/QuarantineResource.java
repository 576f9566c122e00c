package org.exchangehub.admin.operations;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.Quarantine;
import org.exchangehub.ingest.QuarantineEntry;
import org.exchangehub.ingest.QuarantineInspection;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * Quarantine for admins: list with reason codes, inspect with personal data masked, fix and resubmit (the fix is
 * applied by the hub to the encrypted input, the admin never reads it in clear), discard with a reason. Each
 * resolution is an audit event with the admin's name.
 */
@RestController
@RequestMapping("/api/v1/admin/quarantine")
@Tag(name = "Admin: quarantine", description = "Records that failed checks (ADMIN)")
class QuarantineResource {

    /** An entry and its masked input. */
    record Inspection(QuarantineEntry entry, JsonNode maskedInput) {
    }

    /** Body of a fix: field → new value ({@code A/B} for nested fields, null to remove one). */
    record Fix(@NotEmpty Map<String, String> fixes) {
    }

    /** Body of a discard. */
    record Discard(@NotBlank @Size(max = 400) String reason) {
    }

    private final Quarantine quarantine;
    private final QuarantineInspection inspection;
    private final AuditLog audit;

    QuarantineResource(Quarantine quarantine, QuarantineInspection inspection, AuditLog audit) {
        this.quarantine = quarantine;
        this.inspection = inspection;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Entries by status (OPEN, RESUBMITTED, DISCARDED), oldest first")
    List<QuarantineEntry> list(@RequestParam(defaultValue = "OPEN") String status) {
        if (!List.of("OPEN", "RESUBMITTED", "DISCARDED").contains(status)) {
            throw new IllegalArgumentException("status: OPEN, RESUBMITTED or DISCARDED");
        }
        return quarantine.list(status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One entry with its input, personal data masked")
    Inspection inspect(@PathVariable String id) {
        QuarantineEntry entry = quarantine.entry(id).orElseThrow(() -> new NoSuchElementException(
                "no quarantine entry " + id));
        return new Inspection(entry, inspection.masked(id));
    }

    @PostMapping("/{id}/resubmit")
    @Transactional
    @Operation(summary = "Apply fixes to the input and run it through the checks again")
    InboundOutcome resubmit(@PathVariable String id, @Valid @RequestBody Fix body) {
        InboundOutcome outcome = inspection.resubmit(id, body.fixes(), Actor.current());
        audit.append(AuditEntry.of(Actor.current(), "ADMIN_CHANGE", "OK", "quarantine " + id + " RESUBMITTED with fixes to "
                + body.fixes().keySet().stream().sorted().toList() + ": " + outcome.status()
                + (outcome.recordId() != null ? " " + outcome.recordId() : " " + outcome.quarantineId())));
        return outcome;
    }

    @PostMapping("/{id}/discard")
    @Transactional
    @Operation(summary = "Give an entry up, with the reason")
    QuarantineEntry discard(@PathVariable String id, @Valid @RequestBody Discard body) {
        if (!quarantine.resolve(id, "DISCARDED", "discarded by " + Actor.current() + ": " + body.reason())) {
            throw new NoSuchElementException("no open quarantine entry " + id);
        }
        audit.append(AuditEntry.of(Actor.current(), "ADMIN_CHANGE", "OK", "quarantine " + id + " DISCARDED: "
                + body.reason()));
        return quarantine.entry(id).orElseThrow();
    }
}
