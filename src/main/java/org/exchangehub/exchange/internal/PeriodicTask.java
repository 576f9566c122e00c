package org.exchangehub.exchange.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on its own thread with a fixed delay between runs, and at once when {@linkplain #nudge() nudged}. A
 * run that throws is logged and the next one still happens: one bad run never stops the outbox or the care watch.
 */
public final class PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration every;
    private final Runnable task;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    public PeriodicTask(String name, Duration every, Runnable task) {
        this.name = name;
        this.every = every;
        this.task = task;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, name));
        scheduler.scheduleWithFixedDelay(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the task on its thread as soon as the thread is free, besides the schedule. Nudges that come while one
     * is waiting to run count once; a nudge while stopped is ignored.
     */
    public void nudge() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
        }
        if (running != null && nudged.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    nudged.set(false);
                    runOnce();
                });
            } catch (RejectedExecutionException stopped) {
                nudged.set(false);
            }
        }
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{} failed", name, e);
        }
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    public synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
