package org.exchangehub.exchange.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;

/**
 * Delivers to WEBHOOK and FILE subscriptions: every poll, each subscriber owed something (records after its cursor
 * in the journal's log, or exception rows due) whose circuit is closed gets one batch call, at most one in flight
 * per subscriber, so a slow or dead subscriber never holds up the others or ingest ({@link DeliveryReader}). 2xx
 * marks the batch delivered and moves the cursor past it; anything else turns its records into exception rows that
 * retry with exponential backoff and jitter, dead letters after {@code maxAttempts} ({@link BatchMarks}). A record
 * whose view cannot be built (a field fails to decrypt) is held the same way, never sent in clear. Only exceptions
 * have per-record state.
 * A turn holds the subscription's lock ({@link DeliveryTurns}); a change that ends or pauses it waits for the turn.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final OutboxStore outbox;
    private final BatchMarks batchMarks;
    private final DeliveryReader reader;
    private final Subscriptions subscriptions;
    private final WebhookSender sender;
    private final FileDrop fileDrop;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final DurableCommits durable;
    private final DeliveryTurns turns;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final PeriodicTask ticker;
    private ExecutorService callers;

    DeliveryWorker(OutboxStore outbox, BatchMarks batchMarks, DeliveryReader reader, Subscriptions subscriptions,
            WebhookSender sender, FileDrop fileDrop, DeliveryProperties properties, Clock clock,
            DurableCommits durable, DeliveryTurns turns) {
        this.fileDrop = fileDrop;
        this.turns = turns;
        this.durable = durable;
        this.outbox = outbox;
        this.batchMarks = batchMarks;
        this.reader = reader;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.ticker = new PeriodicTask("outbox-poll", properties.pollInterval(), this::poll);
    }

    /** A record for subscribers was committed: poll now, so that a delivery waits for its subscriber, not the clock. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RecordPublished event) {
        if (!event.subscriptions().isEmpty()) {
            published.incrementAndGet();
            ticker.nudge(); // ignored until the worker starts
        }
    }

    void poll() {
        for (Subscription subscription : subscriptions.all()) {
            String subscriptionId = subscription.id();
            if (subscription.channel().type() == DeliveryChannel.Type.FEED || !subscriptions.deliverable(subscriptionId)
                    || inFlight.contains(subscriptionId) || !reader.mayOwe(subscription)) {
                continue;
            }
            CircuitBreaker breaker = breakers.computeIfAbsent(subscriptionId,
                    id -> new CircuitBreaker(properties.breakerFailures(), properties.breakerOpen()));
            if (breaker.allows(clock.instant()) && inFlight.add(subscriptionId)) {
                callers.execute(() -> {
                    AtomicBoolean again = new AtomicBoolean(); // stays false when another node delivers to it now
                    try {
                        turns.take(subscriptionId, () -> again.set(turn(subscription, breaker)));
                    } finally {
                        inFlight.remove(subscriptionId);
                    }
                    if (again.get()) {
                        ticker.nudge();
                    }
                });
            }
        }
    }

    /**
     * One subscriber's turn on a delivery thread: while a full batch went through, the next goes at once, up to
     * {@link DeliveryTurns#BATCHES_PER_TURN}, while the marking of the one before commits ({@link BatchMarks}); then
     * the thread is given back, once the last marking has committed, so that busy subscribers share the pool. True
     * when more may be owed (records that came meanwhile, a backlog beyond the last full batch): poll at once.
     */
    private boolean turn(Subscription subscription, CircuitBreaker breaker) {
        long publishedBefore = published.get();
        boolean owesMore = false;
        BatchMarks.Turn marks = batchMarks.turn(subscription);
        try {
            Sent sent = deliverBatch(subscription, breaker, null, true, marks);
            for (int batches = 1; sent != null && sent.next() != null && turns.renew(subscription.id()); batches++) {
                Thread.yield();
                sent = deliverBatch(subscription, breaker, sent.next(), batches + 1 < DeliveryTurns.BATCHES_PER_TURN,
                        marks);
            }
            marks.settle();
            owesMore = sent != null && sent.full();
        } catch (RuntimeException e) {
            log.error("Delivery batch for subscription {} failed unexpectedly", subscription.id(), e);
            settleAfterFailure(subscription, marks);
        }
        return owesMore || published.get() != publishedBefore;
    }

    private static void settleAfterFailure(Subscription subscription, BatchMarks.Turn marks) {
        try {
            marks.settle();
        } catch (RuntimeException e) {
            log.error("Marking a delivery batch for subscription {} failed", subscription.id(), e);
        }
    }

    /** A batch that went through: whether it was full (more may be owed), and the next batch when one was read. */
    private record Sent(boolean full, DeliveryBatch next) { }

    /**
     * Delivers one batch, {@code prefetched} or what is owed from the stored cursor, while the subscription is
     * deliverable. Returns null unless the batch went through; then, when it was full and {@code more} is allowed,
     * with the next batch, read before this one's marking was handed in. Nothing leaves before what it was read from
     * is in the file ({@link DurableCommits#awaitOnDisk(long)}: under load a batch is read well behind the last
     * commit, which returned once in the file with everything before it).
     */
    private Sent deliverBatch(Subscription subscription, CircuitBreaker breaker, DeliveryBatch prefetched,
            boolean more, BatchMarks.Turn marks) {
        if (!subscriptions.deliverable(subscription.id())) {
            return null;
        }
        DeliveryBatch batch = prefetched != null ? prefetched
                : reader.next(subscription, reader.cursor(subscription), Set.of(), Set.of());
        if (batch.isEmpty()) {
            if (batch.changesAnything()) {
                // records passed over, held or waiting: the cursor moves on; what lies beyond waits for the next poll
                marks.now(batch, null, null);
            }
            return null;
        }
        durable.awaitOnDisk(batch.readUpTo());
        String error;
        try {
            if (subscription.channel().type() == DeliveryChannel.Type.FILE) {
                fileDrop.write(subscription.id(), subscription.channel(), batch);
                return delivered(subscription, breaker, batch, more, marks);
            }
            int status = sender.send(subscription.id(), subscription.channel(), batch.toJsonBytes());
            if (status >= 200 && status < 300) {
                return delivered(subscription, breaker, batch, more, marks);
            }
            error = "HTTP " + status;
        } catch (IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        breaker.failure(clock.instant());
        marks.now(batch, null, error);
        return null;
    }

    /**
     * The batch went through: reads the next one when it was full and more may go, then hands in this one's
     * marking, which commits while the next goes out.
     */
    private Sent delivered(Subscription subscription, CircuitBreaker breaker, DeliveryBatch batch, boolean more,
            BatchMarks.Turn marks) {
        succeeded(subscription, breaker);
        boolean full = batch.size() == properties.batchSize();
        DeliveryBatch next = null;
        if (more && full) {
            marks.beforeReading();
            next = reader.next(subscription, batch.toCursor(), Set.copyOf(batch.exceptionIds()),
                    batch.exceptions().stream().map(OutboxStore.NewRow::recordKey).collect(Collectors.toSet()));
        }
        marks.handIn(batch, batch.delivered(clock.instant()));
        return new Sent(full, next == null || !next.changesAnything() ? null : next);
    }

    /** Closes the circuit; when the subscriber is back after failures, what waited for a retry is due now. */
    private void succeeded(Subscription subscription, CircuitBreaker breaker) {
        if (breaker.success()) {
            int released = outbox.releaseRetries(subscription.id(), clock.instant());
            log.info("Subscription {} answers again; {} deliveries waiting for a retry are due now", subscription.id(),
                    released);
        }
    }

    @Override
    public void start() {
        callers = Executors.newFixedThreadPool(properties.threads(), new CustomizableThreadFactory("delivery-"));
        ticker.start();
    }

    @Override
    public void stop() {
        ticker.stop();
        callers.shutdown();
        try {
            callers.awaitTermination(properties.timeout().toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker.isRunning();
    }

    /** Stops polling on destroy too: a context whose refresh failed after the lifecycles started ends that way. */
    @PreDestroy
    void destroy() {
        if (isRunning()) {
            stop();
        }
    }
}
