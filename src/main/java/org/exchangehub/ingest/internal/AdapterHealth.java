package org.exchangehub.ingest.internal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code adapters}: per Camel route, its state, when an exchange last
 * completed and last failed, the last failure's type and how many failed in a row. A failing source system is
 * shown here (state {@code FAILING}) without making the hub DOWN: the hub keeps serving everyone else.
 */
@Component("adapters")
class AdapterHealth extends EventNotifierSupport implements HealthIndicator {

    private record RouteState(Instant lastCompleted, Instant lastFailed, String lastFailure, int failuresInARow) {
    }

    private final CamelContext camel;
    private final Map<String, RouteState> states = new ConcurrentHashMap<>();

    AdapterHealth(CamelContext camel) {
        this.camel = camel;
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            String routeId = exchange.getFromRouteId();
            if (routeId == null) {
                return;
            }
            boolean failed = exchange.isFailed();
            states.compute(routeId, (id, previous) -> {
                RouteState state = previous == null ? new RouteState(null, null, null, 0) : previous;
                return failed
                        ? new RouteState(state.lastCompleted(), Instant.now(),
                                exchange.getException() == null ? "unknown" : exchange.getException().getClass().getSimpleName(),
                                state.failuresInARow() + 1)
                        : new RouteState(Instant.now(), state.lastFailed(), state.lastFailure(), 0);
            });
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        Map<String, Object> routes = new TreeMap<>();
        for (Route route : camel.getRoutes()) {
            RouteState state = states.get(route.getRouteId());
            Map<String, Object> details = new TreeMap<>();
            String status = camel.getRouteController().getRouteStatus(route.getRouteId()).name();
            details.put("state", state != null && state.failuresInARow() > 0 ? "FAILING" : status);
            if (state != null) {
                details.put("lastCompleted", String.valueOf(state.lastCompleted()));
                details.put("lastFailed", String.valueOf(state.lastFailed()));
                details.put("lastFailure", String.valueOf(state.lastFailure()));
                details.put("failuresInARow", state.failuresInARow());
            }
            routes.put(route.getRouteId(), details);
        }
        return health.withDetails(routes).build();
    }
}
