package org.exchangehub.exchange.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.RecordsDelivered;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
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
 * from an older cursor is allowed; nothing is lost until it is acknowledged. A cursor is a position in the
 * journal's log; {@code nextCursor} may lie past the last record of a page when records of other subscriptions
 * follow it.
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
    private final JournalStore journalStore;
    private final DeliveryLog log;
    private final DeliveryReader reader;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DurableCommits durable;

    FeedResource(Subscriptions subscriptions, OutboxStore outbox, JournalStore journalStore, DeliveryLog log, DeliveryReader reader,
            RecordProtection protection, RecordCodec codec, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock, DurableCommits durable) {
        this.durable = durable;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.journalStore = journalStore;
        this.log = log;
        this.reader = reader;
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
        DeliveryBatch page = reader.page(subscription, after, Math.max(1, Math.min(limit, MAX_LIMIT)));
        durable.awaitOnDisk();
        return page.body().put("nextCursor", page.toCursor());
    }

    /**
     * Acknowledges everything up to a cursor (at most the log's head): rows owed from before the upgrade to cursors
     * and the subscription's records from the log after its last acknowledgement, each audited as delivered, and the
     * cursor moves there.
     */
    @PostMapping("/{subscriptionId}/ack")
    Map<String, Integer> acknowledge(@PathVariable String subscriptionId, @RequestBody Ack ack) {
        Subscription subscription = feed(subscriptionId);
        SubscriberView view = subscriptions.viewOf(subscription);
        Instant now = clock.instant();
        long upTo = Math.min(ack.upTo(), log.head());
        DeliveryLog.Cursor cursor = log.cursor(subscriptionId).orElse(new DeliveryLog.Cursor(upTo, upTo));
        List<OutboxStore.Row> rows = outbox.pendingUpTo(subscriptionId, upTo);
        Map<String, JournalStore.StoredRecord> owed = journalStore.findAll(rows.stream().map(OutboxStore.Row::recordId)
                .toList());
        List<RecordsDelivered.Delivered> records = new ArrayList<>();
        rows.forEach(row -> records.add(delivered(owed.get(row.recordId()), row.position(), view, false)));
        long after = Math.max(cursor.position(), cursor.start());
        reader.matching(subscription, after, upTo)
                .forEach(entry -> records.add(delivered(entry.record(), entry.position(), view, true)));
        transactions.executeWithoutResult(status -> {
            outbox.delivered(rows.stream().map(OutboxStore.Row::id).toList(), now);
            if (!records.isEmpty()) {
                events.publishEvent(new RecordsDelivered(subscription.id(), subscription.subscriber(),
                        subscription.purpose(), subscription.legalBasis(), records, now));
            }
            log.moveCursor(subscriptionId, upTo, now);
        });
        return Map.of("acknowledged", records.size());
    }

    private RecordsDelivered.Delivered delivered(JournalStore.StoredRecord record, long position, SubscriberView view,
            boolean fromLog) {
        Map<String, FieldView> disclosed = DeliveryBatch.disclosedFields(protection, codec.decode(record.payload()),
                view);
        return DeliveryBatch.delivered(record, position, disclosed, fromLog);
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
