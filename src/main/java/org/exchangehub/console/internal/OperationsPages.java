package org.exchangehub.console.internal;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.operations.QuarantineOperations;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.ingest.InboundOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The admin's pages for what did not go through: quarantine entries with their reason codes, an entry's input with
 * personal data masked, fix-and-resubmit (the hub applies the fixes to the encrypted input) and discard with a
 * reason; dead letters with their last error, replay (several at once) and discard with a reason.
 */
@Controller
class OperationsPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QuarantineOperations quarantine;
    private final DeadLetters deadLetters;

    OperationsPages(QuarantineOperations quarantine, DeadLetters deadLetters) {
        this.quarantine = quarantine;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/console/quarantine")
    String quarantine(@RequestParam(defaultValue = "OPEN") String status, Model model) {
        String shown = QuarantineOperations.STATUSES.contains(status) ? status : "OPEN";
        model.addAttribute("status", shown);
        model.addAttribute("statuses", QuarantineOperations.STATUSES);
        model.addAttribute("entries", quarantine.list(shown));
        return "console/quarantine";
    }

    @GetMapping("/console/quarantine/{id}")
    String entry(@PathVariable String id, Model model) throws Exception {
        return entryPage(id, Map.of(), model);
    }

    /** Fixes from the form's rows {@code field}/{@code value}; an empty value removes the field. */
    @PostMapping("/console/quarantine/{id}/resubmit")
    String resubmit(@PathVariable String id, @RequestParam(name = "field", defaultValue = "") List<String> fields,
            @RequestParam(name = "value", defaultValue = "") List<String> values, Principal principal, Model model,
            RedirectAttributes redirect) throws Exception {
        Map<String, String> fixes = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).isBlank()) {
                String value = i < values.size() ? values.get(i) : "";
                fixes.put(fields.get(i).strip(), value.isEmpty() ? null : value);
            }
        }
        if (fixes.isEmpty()) {
            return entryPage(id, Map.of("fix", "ops.error.noFix"), model);
        }
        InboundOutcome outcome;
        try {
            outcome = quarantine.resubmit(id, fixes, principal.getName());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return entryPage(id, Map.of("fix", "ops.error.fix"), model);
        }
        if (outcome.status() == InboundOutcome.Status.QUARANTINED) {
            model.addAttribute("stillFailing", outcome.problems());
            return entryPage(outcome.quarantineId(), Map.of(), model);
        }
        redirect.addFlashAttribute("done", List.of("ops.resubmitted", id, outcome.status().name()));
        return "redirect:/console/quarantine";
    }

    @PostMapping("/console/quarantine/{id}/discard")
    String discard(@PathVariable String id, @RequestParam(defaultValue = "") String reason, Principal principal,
            Model model, RedirectAttributes redirect) throws Exception {
        if (reason.isBlank() || reason.length() > 400) {
            return entryPage(id, Map.of("reason", "ops.error.reason"), model);
        }
        try {
            quarantine.discard(id, reason.strip(), principal.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no open quarantine entry");
        }
        redirect.addFlashAttribute("done", List.of("ops.discarded", id, ""));
        return "redirect:/console/quarantine";
    }

    @GetMapping("/console/dead-letters")
    String deadLetters(Model model) {
        model.addAttribute("letters", deadLetters.list());
        return "console/dead-letters";
    }

    @PostMapping("/console/dead-letters/replay")
    String replay(@RequestParam(name = "id", required = false) List<Long> ids, Principal principal,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("failed", "ops.error.noneChosen");
        } else {
            redirect.addFlashAttribute("done", List.of("ops.replayed",
                    String.valueOf(deadLetters.replay(ids, principal.getName())), ""));
        }
        return "redirect:/console/dead-letters";
    }

    @PostMapping("/console/dead-letters/{id}/discard")
    String discardLetter(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Principal principal,
            RedirectAttributes redirect) {
        if (reason.isBlank() || reason.length() > 400) {
            redirect.addFlashAttribute("failed", "ops.error.reason");
            return "redirect:/console/dead-letters";
        }
        try {
            deadLetters.discard(id, reason.strip(), principal.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter");
        }
        redirect.addFlashAttribute("done", List.of("ops.letterDiscarded", String.valueOf(id), ""));
        return "redirect:/console/dead-letters";
    }

    private String entryPage(String id, Map<String, String> errors, Model model) throws Exception {
        try {
            model.addAttribute("entry", quarantine.entry(id));
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no quarantine entry");
        }
        model.addAttribute("masked", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(quarantine.masked(id)));
        model.addAttribute("errors", errors);
        return "console/quarantine-entry";
    }
}
