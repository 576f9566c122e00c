package org.exchangehub.exchange.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldDecryptionException;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.RecordCodec;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pull feeds of FEED subscriptions: {@code GET /api/v1/feeds/{subscription}?after=<cursor>&limit=<n>} returns the
 * records after a cursor in the subscriber's view; {@code POST /api/v1/feeds/{subscription}/ack} with
 * {@code {"upTo": <cursor>}} acknowledges them, which counts as delivery (and is audited as such). Reading again
 * from an older cursor is allowed; nothing is lost until it is acknowledged.
 */
@RestController
@RequestMapping("/api/v1/feeds")
class FeedResource {

    private static final int MAX_LIMIT = 1000;

    /** Body of an acknowledgement. */
    record Ack(long upTo) {
    }

    private final Subscriptions subscriptions;
    private final OutboxStore outbox;
    private final JournalStore journal;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DurableCommits durable;

    FeedResource(Subscriptions subscriptions, OutboxStore outbox, JournalStore journal, RecordProtection protection,
            RecordCodec codec, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock,
            DurableCommits durable) {
        this.durable = durable;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.journal = journal;
        this.protection = protection;
        this.codec = codec;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/{subscriptionId}")
    ObjectNode read(@PathVariable String subscriptionId, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        Subscription subscription = feed(subscriptionId);
        SubscriberView view = subscriptions.viewOf(subscription);
        DeliveryBatch page = new DeliveryBatch(subscription);
        long next = after;
        for (OutboxStore.Row row : outbox.feed(subscriptionId, after, Math.max(1, Math.min(limit, MAX_LIMIT)))) {
            JournalStore.StoredRecord stored = journal.find(row.recordId()).orElseThrow();
            try {
                page.add(row, stored, journal.blindIndexes(row.recordId()), view, protection, codec);
            } catch (FieldDecryptionException e) {
                page.held(row, row.recordId(), e.getMessage());
            }
            next = row.id();
        }
        durable.awaitOnDisk();
        return page.body().put("nextCursor", next);
    }

    @PostMapping("/{subscriptionId}/ack")
    Map<String, Integer> acknowledge(@PathVariable String subscriptionId, @RequestBody Ack ack) {
        Subscription subscription = feed(subscriptionId);
        SubscriberView view = subscriptions.viewOf(subscription);
        Instant now = clock.instant();
        List<OutboxStore.Row> rows = outbox.pendingUpTo(subscriptionId, ack.upTo());
        Map<String, JournalStore.StoredRecord> records = journal.findAll(rows.stream().map(OutboxStore.Row::recordId)
                .toList());
        transactions.executeWithoutResult(status -> rows.forEach(row -> {
            outbox.delivered(row.id(), now);
            Map<String, FieldView> disclosed = DeliveryBatch.disclosedFields(protection,
                    codec.decode(records.get(row.recordId()).payload()), view);
            events.publishEvent(DeliveryBatch.delivered(records.get(row.recordId()), subscription, disclosed, now));
        }));
        return Map.of("acknowledged", rows.size());
    }

    /** The caller's own FEED subscription; another department's and an unknown one are refused alike. */
    private Subscription feed(String subscriptionId) {
        Subscription subscription = subscriptions.byId(subscriptionId).orElse(null);
        CallingDepartment.require(subscription == null ? null : subscription.subscriber(), "feed");
        if (!subscriptions.deliverable(subscriptionId)) {
            throw new FeedProblem(HttpStatus.CONFLICT, "subscription '" + subscriptionId + "' is paused");
        }
        if (subscription.channel().type() != DeliveryChannel.Type.FEED) {
            throw new FeedProblem(HttpStatus.CONFLICT, "subscription '" + subscriptionId + "' is delivered by "
                    + subscription.channel().type() + ", not read as a feed");
        }
        return subscription;
    }

    @ExceptionHandler(FeedProblem.class)
    ProblemDetail problem(FeedProblem e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        problem.setType(URI.create("https://exchangehub.org/problems/feed"));
        problem.setTitle("Feed not available");
        return problem;
    }

    /** A feed request that cannot be served. */
    static final class FeedProblem extends RuntimeException {

        private final HttpStatus status;

        FeedProblem(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
