package org.exchangehub;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * One hub at a time sets up or tears down logging. Spring Boot does both for every application that starts or closes
 * ({@link LoggingApplicationListener}), on the one Logback context of the JVM, and that is not safe for two at once
 * (spring-boot#17439): with two test classes running side by side, a hub starting while another started or closed
 * failed once with "Unable to find Spring Environment in logger context" (2026-12-07, a clean-clone
 * {@code ./mvnw verify}). {@link Before} takes a lock just before Spring Boot's listener handles an event, {@link After}
 * gives it back just after; registered for every application of the tests' JVM in {@code META-INF/spring.factories}.
 * A listener that throws leaves the lock with its thread: the thread's next event, or the failure event that follows,
 * gives it back, and no one waits for it longer than {@value #WAIT_SECONDS} s.
 */
public final class SerialLogging {

    static final int WAIT_SECONDS = 30;
    private static final ReentrantLock LOCK = new ReentrantLock();

    private SerialLogging() {
    }

    private abstract static class Around implements GenericApplicationListener {

        @Override
        public boolean supportsEventType(ResolvableType type) {
            Class<?> event = type.getRawClass();
            return event != null && (ApplicationStartingEvent.class.isAssignableFrom(event)
                    || ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(event)
                    || ApplicationPreparedEvent.class.isAssignableFrom(event)
                    || ContextClosedEvent.class.isAssignableFrom(event)
                    || ApplicationFailedEvent.class.isAssignableFrom(event));
        }

        static void release() {
            while (LOCK.isHeldByCurrentThread()) {
                LOCK.unlock();
            }
        }
    }

    /** Takes the lock before Spring Boot's logging listener acts. */
    public static final class Before extends Around {

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            release(); // left by this thread's previous event if a listener threw
            try {
                LOCK.tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER - 1;
        }
    }

    /** Gives the lock back after Spring Boot's logging listener acted. */
    public static final class After extends Around {

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            release();
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER + 1;
        }
    }
}
