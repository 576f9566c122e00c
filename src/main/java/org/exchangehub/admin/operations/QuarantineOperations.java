package org.exchangehub.admin.operations;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.Quarantine;
import org.exchangehub.ingest.QuarantineEntry;
import org.exchangehub.ingest.QuarantineInspection;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Resolving quarantine entries, for the admin API and the console: list, inspect with personal data masked, fix
 * and resubmit (the hub applies the fixes to the encrypted input; nobody reads it in clear), discard with a reason.
 * Each resolution is an {@code ADMIN_CHANGE} audit event with the admin's name.
 */
@Service
public class QuarantineOperations {

    /** Statuses of quarantine entries. */
    public static final List<String> STATUSES = List.of("OPEN", "RESUBMITTED", "DISCARDED");

    private final Quarantine quarantine;
    private final QuarantineInspection inspection;
    private final AuditLog audit;

    QuarantineOperations(Quarantine quarantine, QuarantineInspection inspection, AuditLog audit) {
        this.quarantine = quarantine;
        this.inspection = inspection;
        this.audit = audit;
    }

    /**
     * Entries of a status, oldest first.
     *
     * @throws IllegalArgumentException for an unknown status
     */
    public List<QuarantineEntry> list(String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status: OPEN, RESUBMITTED or DISCARDED");
        }
        return quarantine.list(status);
    }

    /**
     * An entry.
     *
     * @throws NoSuchElementException when there is none
     */
    public QuarantineEntry entry(String id) {
        return quarantine.entry(id).orElseThrow(() -> new NoSuchElementException("no quarantine entry " + id));
    }

    /** An entry's input with its personal data masked (unknown fields hidden). */
    public JsonNode masked(String id) {
        return inspection.masked(id);
    }

    /** Applies the fixes (field → value, {@code A/B} for nested, null removes) and runs the checks again. */
    @Transactional
    public InboundOutcome resubmit(String id, Map<String, String> fixes, String actor) {
        InboundOutcome outcome = inspection.resubmit(id, fixes, actor);
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "quarantine " + id + " RESUBMITTED with fixes to "
                + fixes.keySet().stream().sorted().toList() + ": " + outcome.status()
                + (outcome.recordId() != null ? " " + outcome.recordId() : " " + outcome.quarantineId())));
        return outcome;
    }

    /**
     * Gives an open entry up with the reason.
     *
     * @throws NoSuchElementException when there is no open entry of that id
     */
    @Transactional
    public QuarantineEntry discard(String id, String reason, String actor) {
        if (!quarantine.resolve(id, "DISCARDED", "discarded by " + actor + ": " + reason)) {
            throw new NoSuchElementException("no open quarantine entry " + id);
        }
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "quarantine " + id + " DISCARDED: " + reason));
        return quarantine.entry(id).orElseThrow();
    }
}
