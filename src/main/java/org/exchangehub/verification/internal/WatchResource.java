package org.exchangehub.verification.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.verification.VerificationRequest;
import org.exchangehub.verification.VerificationWatches;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Watches over HTTP for department systems: {@code POST /api/v1/verifications/{service}/watches} with a question
 * answers 201 with the watch and its first answer; the department reads the changes of its watches' answers from
 * {@code GET /watches/changes} and acknowledges them with {@code POST /watches/changes/ack}; {@code GET /watches}
 * lists its active watches, {@code DELETE /watches/{id}} ends one. Refusals as for one question; 409 over
 * {@code hub.verification.watch-max}.
 */
@RestController
@RequestMapping("/api/v1/verifications")
@Tag(name = "Verification", description = "Verification services: MATCH / NO_MATCH / NOT_ON_FILE, never the data"
        + " (DEPARTMENT systems with a grant)")
class WatchResource {

    /** Changes to acknowledge, by their {@code seq}. */
    record Acknowledgement(List<Long> seqs) {
    }

    private final VerificationWatches watches;

    WatchResource(VerificationWatches watches) {
        this.watches = watches;
    }

    @PostMapping("/{service}/watches")
    @Operation(summary = "Watch a question: its first answer now, a change whenever the answer changes")
    ResponseEntity<VerificationWatches.Watch> watch(@PathVariable String service,
            @RequestBody(required = false) VerificationRequest body) {
        String caller = caller();
        VerificationWatches.Watch watch = watches.watch(caller, caller, service, body);
        return ResponseEntity.created(URI.create("/api/v1/verifications/watches/" + watch.id())).body(watch);
    }

    @GetMapping("/watches")
    @Operation(summary = "The calling department's active watches, newest first")
    List<VerificationWatches.Watch> list() {
        return watches.list(caller());
    }

    @DeleteMapping("/watches/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End a watch")
    void end(@PathVariable String id) {
        watches.end(caller(), id);
    }

    @GetMapping("/watches/changes")
    @Operation(summary = "Changes of the department's watches' answers not yet acknowledged, oldest first (100)")
    List<VerificationWatches.Change> changes() {
        return watches.changes(caller());
    }

    @PostMapping("/watches/changes/ack")
    @Operation(summary = "Acknowledge changes by their seq")
    Map<String, Integer> acknowledge(@RequestBody(required = false) Acknowledgement body) {
        return Map.of("acknowledged", watches.acknowledge(caller(), body == null ? List.of() : body.seqs()));
    }

    private static String caller() {
        return CallingDepartment.current()
                .orElseThrow(() -> new AccessDeniedException("only a department's system watches verification"
                        + " questions"));
    }
}
