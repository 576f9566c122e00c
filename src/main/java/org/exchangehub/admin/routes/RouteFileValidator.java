package org.exchangehub.admin.routes;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * Whether a route file may be activated: it parses, defines at least one route, gives every route an explicit id
 * that no other file uses, and references only endpoints that resolve — a known component, known options, defined
 * placeholders ({@code toD} endpoints resolve per message and are not checked).
 */
final class RouteFileValidator {

    private final CamelContext camel;

    RouteFileValidator(CamelContext camel) {
        this.camel = camel;
    }

    /** Checks a route file (whose name is valid) without activating anything. */
    RouteFiles.Validation validate(String fileName, Resource resource) {
        List<String> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<RouteDefinition> routes = new ArrayList<>();
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
                }
            }
        } catch (Exception e) {
            return new RouteFiles.Validation(false, ids, List.of("does not parse: " + firstLine(e)));
        }
        if (routes.isEmpty()) {
            problems.add("defines no route (route configurations are not replaced at runtime)");
        }
        for (RouteDefinition route : routes) {
            String id = route.getRouteId();
            if (id == null || id.isBlank() || !route.hasCustomIdAssigned()) {
                problems.add("a route without an explicit id (from " + route.getInput().getEndpointUri() + ")");
                continue;
            }
            ids.add(id);
            Route existing = camel.getRoute(id);
            if (existing != null && !fileName.equals(RouteFiles.fileOf(existing))) {
                problems.add("route id '" + id + "' is used by " + RouteFiles.fileOf(existing));
            }
            List<String> uris = new ArrayList<>();
            uris.add(route.getInput().getEndpointUri());
            collect(route.getOutputs(), uris);
            for (String uri : uris) {
                String problem = endpointProblem(uri);
                if (problem != null) {
                    problems.add("route '" + id + "': " + problem);
                }
            }
        }
        return new RouteFiles.Validation(problems.isEmpty(), ids, problems);
    }

    private String endpointProblem(String uri) {
        if (uri == null) {
            return null;
        }
        String resolved = null;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
            if (camel.getEndpoint(resolved) == null) {
                return "unknown endpoint '" + uri + "'";
            }
            return null;
        } catch (RuntimeException e) {
            // Camel's messages quote the resolved uri: show the uri as written, never a resolved value
            String message = firstLine(e);
            return "endpoint '" + uri + "' does not resolve: "
                    + (resolved == null ? message : message.replace(resolved, uri));
        }
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, List<String> uris) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof EndpointRequiredDefinition endpoint
                    && !(output instanceof ToDynamicDefinition)) { // toD resolves per message
                uris.add(endpoint.getEndpointUri());
            }
            collect(output.getOutputs(), uris);
        }
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
