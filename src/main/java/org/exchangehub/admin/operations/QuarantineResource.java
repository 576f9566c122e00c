package org.exchangehub.admin.operations;

import java.util.List;
import java.util.Map;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.QuarantineEntry;
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

    private final QuarantineOperations quarantine;

    QuarantineResource(QuarantineOperations quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping
    @Operation(summary = "Entries by status (OPEN, RESUBMITTED, DISCARDED), oldest first")
    List<QuarantineEntry> list(@RequestParam(defaultValue = "OPEN") String status) {
        return quarantine.list(status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One entry with its input, personal data masked")
    Inspection inspect(@PathVariable String id) {
        return new Inspection(quarantine.entry(id), quarantine.masked(id));
    }

    @PostMapping("/{id}/resubmit")
    @Operation(summary = "Apply fixes to the input and run it through the checks again")
    InboundOutcome resubmit(@PathVariable String id, @Valid @RequestBody Fix body) {
        return quarantine.resubmit(id, body.fixes(), Actor.current());
    }

    @PostMapping("/{id}/discard")
    @Operation(summary = "Give an entry up, with the reason")
    QuarantineEntry discard(@PathVariable String id, @Valid @RequestBody Discard body) {
        return quarantine.discard(id, body.reason(), Actor.current());
    }
}
