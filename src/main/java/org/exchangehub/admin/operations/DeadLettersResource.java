package org.exchangehub.admin.operations;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.exchange.DeadLetter;
import org.exchangehub.exchange.DeadLetters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** Dead letters for admins: list, inspect (ids and the last error, no record content), replay, discard. */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Admin: dead letters", description = "Deliveries given up after their attempts (ADMIN)")
class DeadLettersResource {

    /** Body of a replay. */
    record Replay(@NotEmpty List<Long> ids) {
    }

    /** Body of a discard. */
    record Discard(@NotBlank @Size(max = 400) String reason) {
    }

    private final DeadLetters deadLetters;

    DeadLettersResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(summary = "Every dead letter, oldest first")
    List<DeadLetter> list() {
        return deadLetters.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dead letter")
    DeadLetter get(@PathVariable long id) {
        return deadLetters.byId(id).orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
    }

    @PostMapping("/replay")
    @Operation(summary = "Queue dead letters again with fresh attempts")
    Map<String, Integer> replay(@Valid @RequestBody Replay body) {
        return Map.of("replayed", deadLetters.replay(body.ids(), Actor.current()));
    }

    @PostMapping("/{id}/discard")
    @Operation(summary = "Give a dead letter up for good, with the reason")
    Map<String, Long> discard(@PathVariable long id, @Valid @RequestBody Discard body) {
        deadLetters.discard(id, body.reason(), Actor.current());
        return Map.of("discarded", id);
    }
}
