package org.exchangehub.exchange.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.exchangehub.exchange.DeliveryFailed;
import org.exchangehub.exchange.RecordsDelivered;
import org.exchangehub.exchange.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes what a delivery batch changed, in one transaction: its deliveries made (with the audit event naming them)
 * or failed, its held records as failed attempts, the exception rows it noted, and the cursor it reached. The
 * transaction is shared with other subscriptions' markings ({@link GroupCommit#handAhead}, ahead of the ingest work
 * waiting): under load the subscribers' batches cost one commit, not one each.
 *
 * <p>A delivery turn marks its batches through a {@link Turn}: the marking of a batch that went through commits
 * while the turn's next batch goes out, so a subscriber's calls follow each other without waiting for the committer
 * (which may be writing a large group of pushes). The markings of a turn still commit one after the other in the
 * order of their batches, and a turn ends only once its last marking has committed. A batch is read only after the
 * exception rows of the batch before it are committed (they decide what the next batch may hold: retries already
 * sent, records waiting behind their key); a batch with none — the usual case — does not wait for them.
 */
@Component
class BatchMarks {

    private static final Logger log = LoggerFactory.getLogger(BatchMarks.class);

    private final OutboxStore outbox;
    private final DeliveryLog deliveryLog;
    private final GroupCommit commits;
    private final ApplicationEventPublisher events;
    private final DeliveryProperties properties;
    private final Clock clock;

    BatchMarks(OutboxStore outbox, DeliveryLog deliveryLog, GroupCommit commits, ApplicationEventPublisher events,
            DeliveryProperties properties, Clock clock) {
        this.outbox = outbox;
        this.deliveryLog = deliveryLog;
        this.commits = commits;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** The markings of one delivery turn of a subscription. */
    Turn turn(Subscription subscription) {
        return new Turn(subscription);
    }

    /** One turn's markings, in the order of its batches: at most one committing while the turn goes on. */
    final class Turn {

        private final Subscription subscription;
        private CompletableFuture<List<String>> committing;
        private boolean committingExceptions;

        private Turn(Subscription subscription) {
            this.subscription = subscription;
        }

        /** Marks a batch and returns once it has committed: a failed call, or a batch with nothing to send. */
        void now(DeliveryBatch batch, RecordsDelivered delivered, String error) {
            settle();
            deadLettered(GroupCommit.join(commits.handAhead(work(batch, delivered, error))));
        }

        /** Hands in the marking of a batch that went through; it commits while the caller goes on. */
        void handIn(DeliveryBatch batch, RecordsDelivered delivered) {
            settle();
            committing = commits.handAhead(work(batch, delivered, null));
            committingExceptions = !batch.exceptionIds().isEmpty() || !batch.exceptions().isEmpty()
                    || !batch.held().isEmpty();
        }

        /** Waits for the marking committing when it writes exception rows: before the next batch is read. */
        void beforeReading() {
            if (committingExceptions) {
                settle();
            }
        }

        /**
         * Waits for the marking committing, if any.
         *
         * @throws RuntimeException the marking's failure: nothing it would have written was written
         */
        void settle() {
            CompletableFuture<List<String>> waiting = committing;
            committing = null;
            committingExceptions = false;
            if (waiting != null) {
                deadLettered(GroupCommit.join(waiting));
            }
        }

        private void deadLettered(List<String> recordIds) {
            recordIds.forEach(recordId -> log.warn("Delivery of record {} to subscription {} dead-lettered after {}"
                    + " attempts", recordId, subscription.id(), properties.maxAttempts()));
        }

        private Supplier<List<String>> work(DeliveryBatch batch, RecordsDelivered delivered, String error) {
            Instant now = clock.instant();
            return () -> {
                List<String> gaveUp = new ArrayList<>();
                List<OutboxStore.NewRow> rows = new ArrayList<>(batch.exceptions());
                if (error == null) {
                    outbox.delivered(batch.exceptionIds(), now);
                    if (delivered != null) {
                        events.publishEvent(delivered);
                    }
                } else {
                    batch.items().forEach(item -> failed(subscription, item, error, now, rows, gaveUp));
                }
                batch.held().forEach(held -> failed(subscription, held.item(), held.reason(), now, rows, gaveUp));
                outbox.insert(rows, now);
                deliveryLog.moveCursor(subscription.id(), batch.toCursor(), now);
                return gaveUp;
            };
        }
    }

    /**
     * A failed attempt of one delivery: an exception row retries later or becomes a dead letter; a record from the
     * log becomes an exception row with its first attempt counted.
     */
    private void failed(Subscription subscription, DeliveryBatch.Item item, String error, Instant now,
            List<OutboxStore.NewRow> rows, List<String> dead) {
        int attempt = item.attempts() + 1;
        boolean gaveUp = attempt >= properties.maxAttempts();
        Instant next = now.plus(backoff(attempt));
        if (item.fromLog()) {
            rows.add(new OutboxStore.NewRow(subscription.id(), item.recordId(), item.recordKey(), item.position(),
                    gaveUp ? "DEAD" : "PENDING", attempt, next, error));
        } else if (gaveUp) {
            outbox.dead(item.exceptionId(), error);
        } else {
            outbox.retryLater(item.exceptionId(), next, error);
        }
        events.publishEvent(new DeliveryFailed(item.recordId(), subscription.id(), attempt, gaveUp, error, now));
        if (gaveUp) {
            dead.add(item.recordId());
        }
    }

    Duration backoff(int attempt) {
        long base = properties.initialBackoff().toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(Math.max(base, 0), properties.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }
}
