package org.exchangehub.ingest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.exchangehub.ingest.AdapterLeadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code adapters}: per Camel route, its state, when an exchange last completed
 * and last failed, the last failure's type, how many failed in a row and since when, and a named condition of its
 * source ({@link SourceConditions}). A route whose polls fail shows {@code FAILING}, or its condition
 * ({@code CURSOR_REJECTED}, {@code SOURCE_NOT_FOUND}); once one has failed for longer than
 * {@code hub.adapters.unhealthy-after} the component — and with it the hub's health — is {@link #DEGRADED}: not UP,
 * yet answered with HTTP 200, since the hub still serves everyone else and a load balancer must keep it.
 *
 * <p>The log gets one line when a route starts failing or its condition changes and one when it recovers, not one
 * per poll; the lines name the route and the failure's type, never a message body.
 */
@Component("adapters")
class AdapterHealth extends EventNotifierSupport implements HealthIndicator {

    /** Some adapter's source has failed for longer than allowed: the hub works, a source does not. */
    static final Status DEGRADED = new Status("DEGRADED", "an adapter's source has been failing");

    private static final Logger log = LoggerFactory.getLogger(AdapterHealth.class);

    private record RouteState(Instant lastCompleted, Instant lastFailed, String lastFailure, int failuresInARow,
            Instant failingSince, String condition, String conditionDetail) {

        static final RouteState NEW = new RouteState(null, null, null, 0, null, null, null);

        RouteState failed(Instant now, String failure, String condition, String detail) {
            return new RouteState(lastCompleted, now, failure, failuresInARow + 1,
                    failingSince == null ? now : failingSince, condition, detail);
        }

        RouteState completed(Instant now) {
            return new RouteState(now, lastFailed, lastFailure, 0, null, null, null);
        }

        String state(String routeStatus) {
            return condition != null ? condition : failuresInARow > 0 ? "FAILING" : routeStatus;
        }
    }

    private final CamelContext camel;
    private final Duration unhealthyAfter;
    private final Clock clock;
    private final AdapterLeadership placement;
    private final Map<String, RouteState> states = new ConcurrentHashMap<>();

    AdapterHealth(CamelContext camel, AdapterProperties properties, Clock clock, AdapterLeadership placement) {
        this.camel = camel;
        this.placement = placement;
        this.unhealthyAfter = properties.unhealthyAfter();
        this.clock = clock;
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return;
        }
        Instant now = clock.instant();
        String condition = exchange.getProperty(SourceConditions.CONDITION, String.class);
        RouteState before = states.getOrDefault(routeId, RouteState.NEW);
        RouteState after;
        if (condition != null) {
            after = before.failed(now, "HTTP", condition, exchange.getProperty(SourceConditions.DETAIL, String.class));
        } else if (exchange.isFailed()) {
            Exception e = exchange.getException();
            after = before.failed(now, e == null ? "unknown" : e.getClass().getSimpleName(), null, null);
        } else {
            after = before.completed(now);
        }
        states.put(routeId, after);
        logChange(routeId, before, after);
    }

    private static void logChange(String routeId, RouteState before, RouteState after) {
        if (after.condition() != null && !after.condition().equals(before.condition())) {
            log.warn("Adapter {}: {} — {}", routeId, after.condition(), after.conditionDetail());
        } else if (after.condition() == null && after.failuresInARow() == 1) {
            log.warn("Adapter {} is failing: {} (retried at every poll; shown in health until it recovers)", routeId,
                    after.lastFailure());
        } else if (after.failuresInARow() == 0 && before.failuresInARow() > 0) {
            log.info("Adapter {} recovered after {} failed polls", routeId, before.failuresInARow());
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean degraded = false;
        Map<String, Object> routes = new TreeMap<>();
        for (Route route : camel.getRoutes()) {
            RouteState state = states.getOrDefault(route.getRouteId(), RouteState.NEW);
            Map<String, Object> details = new TreeMap<>();
            details.put("state", placement.standsBy(route.getRouteId()) ? AdapterLeadership.STANDBY
                    : state.state(camel.getRouteController().getRouteStatus(route.getRouteId()).name()));
            putIfKnown(details, "lastCompleted", state.lastCompleted());
            putIfKnown(details, "lastFailed", state.lastFailed());
            putIfKnown(details, "lastFailure", state.lastFailure());
            putIfKnown(details, "failingSince", state.failingSince());
            putIfKnown(details, "conditionDetail", state.conditionDetail());
            details.put("failuresInARow", state.failuresInARow());
            routes.put(route.getRouteId(), details);
            degraded |= state.failingSince() != null && !state.failingSince().plus(unhealthyAfter).isAfter(now);
        }
        return Health.status(degraded ? DEGRADED : Status.UP).withDetails(routes).build();
    }

    private static void putIfKnown(Map<String, Object> details, String name, Object value) {
        if (value != null) {
            details.put(name, value);
        }
    }
}
