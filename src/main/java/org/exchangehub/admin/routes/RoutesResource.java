package org.exchangehub.admin.routes;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.exchangehub.admin.web.Actor;
import org.exchangehub.admin.web.AdminProblems;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Camel routes for admins: each route with its state, source file and counters; start, stop, suspend and
 * resume; the route files, validated before activation, added or replaced at runtime and rolled back. A route
 * file is sent as the request body ({@code application/yaml} or text). Every action is audited.
 */
@RestController
@RequestMapping("/api/v1/admin/routes")
@Tag(name = "Admin: routes", description = "Adapter and delivery routes (ADMIN)")
class RoutesResource {

    /** A route, its state and what it has done since the hub started. */
    record RouteView(String id, String description, String state, String file, long exchangesTotal,
            long exchangesFailed, int inflight, long uptimeMillis) {
    }

    /** A route file and its kept versions. */
    record RouteFileView(String name, String content, List<Integer> versions) {
    }

    private final CamelContext camel;
    private final RouteFiles files;
    private final MeterRegistry meters;
    private final AuditLog audit;

    RoutesResource(CamelContext camel, RouteFiles files, MeterRegistry meters, AuditLog audit) {
        this.camel = camel;
        this.files = files;
        this.meters = meters;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Every route with state and counters")
    List<RouteView> list() {
        return camel.getRoutes().stream().map(this::view)
                .sorted(java.util.Comparator.comparing(RouteView::id)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One route")
    RouteView get(@PathVariable String id) {
        return view(route(id));
    }

    @PostMapping("/{id}/{action:start|stop|suspend|resume}")
    @Operation(summary = "Start, stop (in-flight exchanges finish first), suspend or resume a route")
    RouteView control(@PathVariable String id, @PathVariable String action) throws Exception {
        route(id);
        var controller = camel.getRouteController();
        switch (action) {
            case "start" -> controller.startRoute(id);
            case "stop" -> controller.stopRoute(id, 30, TimeUnit.SECONDS);
            case "suspend" -> controller.suspendRoute(id);
            default -> controller.resumeRoute(id);
        }
        audit.append(AuditEntry.of(Actor.current(), "ADMIN_CHANGE", "OK", "route " + id + " " + action.toUpperCase()));
        return view(route(id));
    }

    @GetMapping("/files")
    @Operation(summary = "The route files")
    List<String> fileNames() {
        return files.names();
    }

    @GetMapping("/files/{name}")
    @Operation(summary = "A route file's YAML and its kept versions")
    RouteFileView file(@PathVariable String name) {
        return new RouteFileView(name, files.content(name),
                files.versions(name).stream().map(RouteFiles.Version::version).toList());
    }

    @PostMapping(path = "/files/{name}/validate", consumes = { "application/yaml", "text/plain", "application/x-yaml" })
    @Operation(summary = "Validate a route file without activating it")
    RouteFiles.Validation validate(@PathVariable String name, @RequestBody String yaml) {
        return files.validate(name, yaml);
    }

    @PutMapping(path = "/files/{name}", consumes = { "application/yaml", "text/plain", "application/x-yaml" })
    @Operation(summary = "Add or replace a route file and activate it; rejected files change nothing")
    Map<String, Object> replace(@PathVariable String name, @RequestBody String yaml) {
        int version = files.replace(name, yaml, Actor.current());
        return Map.of("file", name, "version", version, "routes", files.validate(name, yaml).routeIds());
    }

    @PostMapping("/files/{name}/rollback")
    @Operation(summary = "Go back to the previous version of a route file")
    Map<String, Object> rollback(@PathVariable String name) {
        return Map.of("file", name, "version", files.rollback(name, Actor.current()));
    }

    @ExceptionHandler(RouteFiles.RejectedRouteFile.class)
    ProblemDetail rejected(RouteFiles.RejectedRouteFile e) {
        ProblemDetail problem = AdminProblems.problem(HttpStatus.BAD_REQUEST, "invalid-route", "Route file rejected",
                e.getMessage());
        problem.setProperty("problems", e.problems());
        return problem;
    }

    private Route route(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new NoSuchElementException("no route '" + id + "'");
        }
        return route;
    }

    private RouteView view(Route route) {
        String id = route.getRouteId();
        return new RouteView(id, route.getDescription(), camel.getRouteController().getRouteStatus(id).name(),
                RouteFiles.fileOf(route), count("camel.exchanges.total", id), count("camel.exchanges.failed", id),
                camel.getInflightRepository().size(id), route.getUptimeMillis());
    }

    private long count(String meter, String routeId) {
        var counter = meters.find(meter).tag("routeId", routeId).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
