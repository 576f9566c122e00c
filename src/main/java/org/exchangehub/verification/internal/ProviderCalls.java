package org.exchangehub.verification.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.exchangehub.verification.ServiceCallFailed;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands a query service's call to its provider's route ({@code direct:query-<provider>-<service>}) and waits for the
 * answer, at most {@code hub.verification.query-timeout}; the provider's failures become {@link ServiceCallFailed}.
 *
 * <p>The route runs on a thread of this class's own pool, so that the wait can end at the timeout whatever the route
 * does. The pool has as many threads as the web server has request threads ({@value #CALLERS}, Tomcat's default
 * maximum): each waiting request holds at most one, so a call never queues behind others — Camel's producer template
 * pool, which the hub used first, runs 10 at a time, and at 200 calls a second against a provider answering in
 * 20–50 ms its queue added up to 100 ms to the 99th percentile. Idle threads end after a minute.
 */
@Component
public class ProviderCalls implements DisposableBean {

    static final int CALLERS = 200;

    private final ProducerTemplate producer;
    private final VerificationProperties properties;
    private final ThreadPoolExecutor calls;

    ProviderCalls(ProducerTemplate producer, VerificationProperties properties) {
        this.producer = producer;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        calls = new ThreadPoolExecutor(CALLERS, CALLERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, "query-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        calls.allowCoreThreadTimeOut(true);
    }

    /**
     * The provider's answer (its body) to {@code query}, asked for department {@code caller} in case
     * {@code caseReference}: the route gets the headers {@code X-Hub-Client}, {@code X-Hub-Case} and
     * {@code X-Hub-Request} (a new id per call).
     *
     * @throws ServiceCallFailed NOT_ON_FILE when the provider answers 404, TIMEOUT after {@code query-timeout},
     *                           PROVIDER_UNAVAILABLE when it fails otherwise or its route is not running
     */
    public String call(String provider, String service, String caller, String caseReference, String query) {
        Map<String, Object> headers = Map.of("X-Hub-Client", caller, "X-Hub-Case", caseReference,
                "X-Hub-Request", UUID.randomUUID().toString());
        String route = "direct:query-" + provider + "-" + service;
        Future<String> reply = calls.submit(() -> producer.requestBodyAndHeaders(route + "?block=false", query,
                headers, String.class));
        Duration timeout = properties.queryTimeout();
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new ServiceCallFailed(ServiceCallFailed.Reason.TIMEOUT, provider + " did not answer " + service
                    + " within hub.verification.query-timeout (" + timeout + ")");
        } catch (InterruptedException e) {
            reply.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceCallFailed(ServiceCallFailed.Reason.PROVIDER_UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            throw failure(provider, service, route, e);
        }
    }

    private static ServiceCallFailed failure(String provider, String service, String route, ExecutionException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 404
                        ? new ServiceCallFailed(ServiceCallFailed.Reason.NOT_ON_FILE, provider
                                + " holds no record for this query")
                        : new ServiceCallFailed(ServiceCallFailed.Reason.PROVIDER_UNAVAILABLE, provider
                                + "'s system answered " + http.getStatusCode() + " to " + service);
            }
            if (cause instanceof DirectConsumerNotAvailableException) {
                return new ServiceCallFailed(ServiceCallFailed.Reason.PROVIDER_UNAVAILABLE, "the route of " + service
                        + " (" + route + ") is not running");
            }
        }
        return new ServiceCallFailed(ServiceCallFailed.Reason.PROVIDER_UNAVAILABLE, provider
                + "'s system could not be reached for " + service + " ("
                + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")");
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }
}
