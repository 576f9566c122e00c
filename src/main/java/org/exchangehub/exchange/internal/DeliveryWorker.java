package org.exchangehub.exchange.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.DeliveryFailed;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldDecryptionException;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.annotation.PreDestroy;

/**
 * Works the outbox of WEBHOOK and FILE subscriptions: every poll, each subscriber with due deliveries and a closed
 * circuit gets one batch call, at most one in flight per subscriber, so a slow or dead subscriber never holds
 * up the others or ingest. 2xx marks the batch delivered; anything else schedules a retry with exponential
 * backoff and jitter, and after {@code maxAttempts} the delivery becomes a dead letter. A record whose view
 * cannot be built (a field fails to decrypt) is held the same way and never sent in clear.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCHES_PER_TURN = 10;

    private final OutboxStore outbox;
    private final JournalStore journal;
    private final Subscriptions subscriptions;
    private final RecordProtection protection;
    private final RecordCodec codec;
    private final WebhookSender sender;
    private final FileDrop fileDrop;
    private final DeliveryProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DurableCommits durable;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private volatile PeriodicTask ticker;
    private ExecutorService callers;

    DeliveryWorker(OutboxStore outbox, JournalStore journal, Subscriptions subscriptions, RecordProtection protection,
            RecordCodec codec, WebhookSender sender, FileDrop fileDrop, DeliveryProperties properties,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, DurableCommits durable) {
        this.fileDrop = fileDrop;
        this.durable = durable;
        this.outbox = outbox;
        this.journal = journal;
        this.subscriptions = subscriptions;
        this.protection = protection;
        this.codec = codec;
        this.sender = sender;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A record was queued for subscribers and committed: poll now instead of at the next tick, so that a delivery
     * waits for its subscriber's previous call, not for the clock.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RecordPublished event) {
        if (!event.subscriptions().isEmpty()) {
            published.incrementAndGet();
            PeriodicTask poller = ticker;
            if (poller != null) {
                poller.nudge();
            }
        }
    }

    void poll() {
        for (Subscription subscription : subscriptions.all()) {
            String subscriptionId = subscription.id();
            if (subscription.channel().type() == DeliveryChannel.Type.FEED || !subscriptions.deliverable(subscriptionId)
                    || inFlight.contains(subscriptionId) || !outbox.hasPending(subscriptionId)) {
                continue;
            }
            CircuitBreaker breaker = breakers.computeIfAbsent(subscriptionId,
                    id -> new CircuitBreaker(properties.breakerFailures(), properties.breakerOpen()));
            if (breaker.allows(clock.instant()) && inFlight.add(subscriptionId)) {
                callers.execute(() -> {
                    long publishedBefore = published.get();
                    try {
                        // a full batch that went through means more may be due: keep going without waiting for a
                        // poll, but give the thread back after a while so that busy subscribers share the pool
                        DeliveryBatch next = deliverBatch(subscription, breaker, null, true);
                        for (int batches = 1; next != null; batches++) {
                            Thread.yield();
                            next = deliverBatch(subscription, breaker, next, batches + 1 < BATCHES_PER_TURN);
                        }
                    } catch (RuntimeException e) {
                        log.error("Delivery batch for subscription {} failed unexpectedly", subscriptionId, e);
                    } finally {
                        inFlight.remove(subscriptionId);
                    }
                    if (published.get() != publishedBefore) {
                        // records came while this subscriber's call was in flight: they need not wait for a tick
                        ticker.nudge();
                    }
                });
            }
        }
    }

    /**
     * Delivers one batch: {@code prefetched}, or the due rows read now. When the batch was full, went through and
     * {@code more} is allowed, returns the next batch, read before this one is marked delivered; otherwise null.
     * <p>
     * Rows are read as soon as they are committed, and nothing leaves before what it was read from is in the file:
     * a batch read now waits for {@link DurableCommits#awaitOnDisk()}. A prefetched batch does not: it was read
     * before this thread marked the previous batch delivered, and that commit returned only once it was in the file,
     * with everything committed before it ({@link DurableCommits}). Under load that spares a chunk write per batch.
     */
    private DeliveryBatch deliverBatch(Subscription subscription, CircuitBreaker breaker, DeliveryBatch prefetched,
            boolean more) {
        DeliveryBatch batch = prefetched != null ? prefetched : read(subscription, Set.of());
        if (batch.isEmpty()) {
            return null;
        }
        if (prefetched == null) {
            durable.awaitOnDisk();
        }
        String error;
        try {
            if (subscription.channel().type() == DeliveryChannel.Type.FILE) {
                fileDrop.write(subscription.id(), subscription.channel(), batch);
                return delivered(subscription, breaker, batch, more);
            }
            int status = sender.send(subscription.id(), subscription.channel(), batch.toJsonBytes());
            if (status >= 200 && status < 300) {
                return delivered(subscription, breaker, batch, more);
            }
            error = "HTTP " + status;
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        breaker.failure(clock.instant());
        String reason = error;
        batch.rows().forEach(row -> fail(subscription, row, reason));
        return null;
    }

    /** The due rows of a subscription as a batch in its view, passing over {@code delivered}; undecryptable ones held. */
    private DeliveryBatch read(Subscription subscription, Set<Long> delivered) {
        SubscriberView view = subscriptions.viewOf(subscription);
        DeliveryBatch batch = new DeliveryBatch(subscription);
        List<OutboxStore.Row> due = outbox.due(subscription.id(), clock.instant(), properties.batchSize(), delivered);
        List<String> ids = due.stream().map(OutboxStore.Row::recordId).toList();
        Map<String, JournalStore.StoredRecord> records = journal.findAll(ids);
        Map<String, Map<String, String>> indexes = journal.blindIndexesOfAll(ids);
        for (OutboxStore.Row row : due) {
            try {
                batch.add(row, records.get(row.recordId()), indexes.getOrDefault(row.recordId(), Map.of()), view,
                        protection, codec);
            } catch (FieldDecryptionException e) {
                fail(subscription, row, "held: " + e.getMessage());
            }
        }
        return batch;
    }

    /** The batch went through: marks it delivered, having first read the next one when it was full and more may go. */
    private DeliveryBatch delivered(Subscription subscription, CircuitBreaker breaker, DeliveryBatch batch,
            boolean more) {
        succeeded(subscription, breaker);
        DeliveryBatch next = more && batch.rows().size() == properties.batchSize()
                ? read(subscription, batch.rows().stream().map(OutboxStore.Row::id).collect(Collectors.toSet()))
                : null;
        markDelivered(subscription, batch);
        return next == null || next.isEmpty() ? null : next;
    }

    /** Closes the circuit; when the subscriber is back after failures, what waited for a retry is due now. */
    private void succeeded(Subscription subscription, CircuitBreaker breaker) {
        if (breaker.success()) {
            int released = outbox.releaseRetries(subscription.id(), clock.instant());
            log.info("Subscription {} answers again; {} deliveries waiting for a retry are due now", subscription.id(),
                    released);
        }
    }

    private void markDelivered(Subscription subscription, DeliveryBatch batch) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            outbox.delivered(batch.rows().stream().map(OutboxStore.Row::id).toList(), now);
            batch.rows().forEach(row -> events.publishEvent(DeliveryBatch.delivered(batch.stored(row), subscription,
                    batch.disclosed(row), now)));
        });
    }

    private void fail(Subscription subscription, OutboxStore.Row row, String error) {
        int attempt = row.attempts() + 1;
        boolean dead = attempt >= properties.maxAttempts();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            if (dead) {
                outbox.dead(row.id(), error);
            } else {
                outbox.retryLater(row.id(), now.plus(backoff(attempt)), error);
            }
            events.publishEvent(new DeliveryFailed(row.recordId(), subscription.id(), attempt, dead, error, now));
        });
        if (dead) {
            log.warn("Delivery of record {} to subscription {} dead-lettered after {} attempts: {}", row.recordId(),
                    subscription.id(), attempt, error);
        }
    }

    Duration backoff(int attempt) {
        long base = properties.initialBackoff().toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(Math.max(base, 0), properties.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    @Override
    public void start() {
        callers = Executors.newFixedThreadPool(properties.threads(),
                new org.springframework.scheduling.concurrent.CustomizableThreadFactory("delivery-"));
        ticker = new PeriodicTask("outbox-poll", properties.pollInterval(), this::poll);
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
        return ticker != null && ticker.isRunning();
    }

    /**
     * Stops polling when the bean is destroyed without a lifecycle stop too: a context whose refresh fails after the
     * lifecycles started (a route file refused at load) is destroyed that way, and its poller would go on against a
     * closed pool.
     */
    @PreDestroy
    void destroy() {
        if (isRunning()) {
            stop();
        }
    }
}
