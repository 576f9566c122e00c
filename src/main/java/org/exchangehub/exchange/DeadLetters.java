package org.exchangehub.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.exchangehub.exchange.internal.OutboxStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Deliveries given up after their attempts: list them, and replay them once the subscriber is fixed. */
@Service
public class DeadLetters {

    /** A dead letter given up for good by a person, with the reason; for the audit log. */
    public record Discarded(long deliveryId, String recordId, String subscriptionId, String reason, String actor,
            Instant at) {
    }

    /** A replayed dead letter, for the audit log. */
    public record Replayed(long deliveryId, String recordId, String subscriptionId, String actor, Instant at) {
    }

    private final OutboxStore outbox;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeadLetters(OutboxStore outbox, ApplicationEventPublisher events, Clock clock) {
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    public List<DeadLetter> list() {
        return outbox.deadLetters();
    }

    /** One dead letter. */
    public Optional<DeadLetter> byId(long deliveryId) {
        return outbox.deadLetters().stream().filter(d -> d.id() == deliveryId).findFirst();
    }

    /**
     * Gives a dead letter up for good: it is never delivered, and the audit log keeps who decided and why.
     *
     * @throws IllegalArgumentException without a reason
     * @throws java.util.NoSuchElementException when it is not a dead letter
     */
    @Transactional
    public void discard(long deliveryId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: required");
        }
        DeadLetter letter = byId(deliveryId)
                .orElseThrow(() -> new NoSuchElementException("no dead letter " + deliveryId));
        outbox.discardDead(deliveryId);
        events.publishEvent(new Discarded(deliveryId, letter.recordId(), letter.subscriptionId(), reason, actor,
                clock.instant()));
    }

    /**
     * Puts dead letters back in the queue with fresh attempts.
     *
     * @return how many were replayed (ids that are not dead letters are skipped)
     */
    @Transactional
    public int replay(List<Long> deliveryIds, String actor) {
        int replayed = 0;
        List<DeadLetter> dead = outbox.deadLetters();
        for (long id : deliveryIds) {
            var letter = dead.stream().filter(d -> d.id() == id).findFirst();
            if (letter.isPresent() && outbox.revive(id, clock.instant())) {
                events.publishEvent(new Replayed(id, letter.get().recordId(), letter.get().subscriptionId(), actor,
                        clock.instant()));
                replayed++;
            }
        }
        return replayed;
    }
}
