package org.exchangehub.admin.routes;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Route files at runtime: validate a YAML route file before it is activated (it must parse, give every route an
 * explicit id not used by another file, and reference only endpoints that resolve — known components, known
 * options, defined placeholders), replace or add one through Camel's route loader while the hub runs (the old
 * routes of the file finish their in-flight exchanges and stop, the new ones start), and roll back to the
 * previous version. Every version is kept in {@code hub.routes.history-dir}. A file that fails validation or
 * activation changes nothing: the old routes keep running. Route configuration files (error handling) are not
 * replaced at runtime.
 */
@Service
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.camel\\.yaml");

    /** The outcome of a validation: the route ids the file defines, or what is wrong with it. */
    public record Validation(boolean valid, List<String> routeIds, List<String> problems) {
    }

    /** A version of a route file. */
    public record Version(int version, String content) {
    }

    /** A route file that cannot be activated; nothing changed. */
    public static class RejectedRouteFile extends RuntimeException {

        private final transient List<String> problems;

        RejectedRouteFile(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final CamelContext camel;
    private final RouteProperties properties;
    private final AuditLog audit;

    RouteFiles(CamelContext camel, RouteProperties properties, AuditLog audit) {
        this.camel = camel;
        this.properties = properties;
        this.audit = audit;
    }

    /** The route files in the routes directory, by name. */
    public List<String> names() {
        try (Stream<Path> files = Files.list(properties.dir())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A route file's current content. */
    public String content(String fileName) {
        Path file = file(fileName);
        if (!Files.exists(file)) {
            throw new NoSuchElementException("no route file " + fileName);
        }
        return read(file);
    }

    /** The route file a route was loaded from, if any. */
    public static String fileOf(Route route) {
        String location = route.getSourceLocation();
        if (location == null) {
            return null;
        }
        String name = location.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(0, colon) : name;
    }

    /** Checks a route file without activating anything. */
    public Validation validate(String fileName, String yaml) {
        List<String> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (!FILE_NAME.matcher(fileName).matches()) {
            return new Validation(false, ids, List.of("file name: lower-case words joined by '-', ending .camel.yaml"));
        }
        List<org.apache.camel.model.RouteDefinition> routes = new ArrayList<>();
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource(fileName, yaml))) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
                }
            }
        } catch (Exception e) {
            return new Validation(false, ids, List.of("does not parse: " + firstLine(e)));
        }
        if (routes.isEmpty()) {
            problems.add("defines no route (route configurations are not replaced at runtime)");
        }
        for (org.apache.camel.model.RouteDefinition route : routes) {
            String id = route.getRouteId();
            if (id == null || id.isBlank() || !route.hasCustomIdAssigned()) {
                problems.add("a route without an explicit id (from " + route.getInput().getEndpointUri() + ")");
                continue;
            }
            ids.add(id);
            Route existing = camel.getRoute(id);
            if (existing != null && !fileName.equals(fileOf(existing))) {
                problems.add("route id '" + id + "' is used by " + fileOf(existing));
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
        return new Validation(problems.isEmpty(), ids, problems);
    }

    /**
     * Adds or replaces a route file and activates it. On failure the previous routes are restored.
     *
     * @return the version written
     * @throws RejectedRouteFile when it fails validation or activation; nothing changed then
     */
    public synchronized int replace(String fileName, String yaml, String actor) {
        Validation validation = validate(fileName, yaml);
        if (!validation.valid()) {
            throw new RejectedRouteFile(validation.problems());
        }
        Path file = file(fileName);
        String previous = Files.exists(file) ? read(file) : null;
        List<Version> versions = versions(fileName);
        if (versions.isEmpty() && previous != null) {
            keep(fileName, 1, previous);
            versions = versions(fileName);
        }
        activate(fileName, yaml, previous);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        keep(fileName, version, yaml);
        audit.append(AuditEntry.of(actor, "ADMIN_CHANGE", "OK", "route file " + fileName + " "
                + (previous == null ? "ADDED" : "REPLACED") + " v" + version + ": routes " + validation.routeIds()));
        return version;
    }

    /**
     * Goes back to the version before the current one (as a new version, so history only grows).
     *
     * @throws IllegalStateException when there is no earlier version
     */
    public synchronized int rollback(String fileName, String actor) {
        List<Version> versions = versions(fileName);
        if (versions.size() < 2) {
            throw new IllegalStateException("route file " + fileName + " has no earlier version to roll back to");
        }
        Version target = versions.get(versions.size() - 2);
        activate(fileName, target.content(), content(fileName));
        int version = versions.get(versions.size() - 1).version() + 1;
        keep(fileName, version, target.content());
        audit.append(AuditEntry.of(actor, "ADMIN_CHANGE", "OK", "route file " + fileName + " ROLLED_BACK to v"
                + target.version() + " as v" + version));
        return version;
    }

    /** Every kept version of a route file, oldest first. */
    public List<Version> versions(String fileName) {
        Path dir = properties.historyDir().resolve(fileName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+\\.camel\\.yaml"))
                    .map(n -> Integer.parseInt(n.substring(0, n.indexOf('.'))))
                    .sorted().map(v -> new Version(v, read(dir.resolve(v + ".camel.yaml")))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void activate(String fileName, String yaml, String previous) {
        Path file = file(fileName);
        try {
            unload(fileName);
            write(file, yaml);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource(fileName, yaml));
        } catch (Exception e) {
            log.warn("Route file {} could not be activated ({}); restoring the previous version", fileName,
                    e.getClass().getSimpleName());
            try {
                unload(fileName);
                if (previous != null) {
                    write(file, previous);
                    PluginHelper.getRoutesLoader(camel).loadRoutes(resource(fileName, previous));
                } else {
                    Files.deleteIfExists(file);
                }
            } catch (Exception restore) {
                throw new IllegalStateException("route file " + fileName + " could not be restored", restore);
            }
            throw new RejectedRouteFile(List.of("activation failed, previous routes restored: " + firstLine(e)));
        }
    }

    private void unload(String fileName) throws Exception {
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (fileName.equals(fileOf(route))) {
                camel.getRouteController().stopRoute(route.getRouteId(), properties.stopTimeout().toSeconds(),
                        TimeUnit.SECONDS);
                camel.removeRoute(route.getRouteId());
            }
        }
    }

    private String endpointProblem(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            String resolved = camel.resolvePropertyPlaceholders(uri);
            if (camel.getEndpoint(resolved) == null) {
                return "unknown endpoint '" + uri + "'";
            }
            return null;
        } catch (RuntimeException e) {
            return "endpoint '" + uri + "' does not resolve: " + firstLine(e);
        }
    }

    private static void collect(List<org.apache.camel.model.ProcessorDefinition<?>> outputs, List<String> uris) {
        for (org.apache.camel.model.ProcessorDefinition<?> output : outputs) {
            if (output instanceof org.apache.camel.model.EndpointRequiredDefinition endpoint
                    && !(output instanceof org.apache.camel.model.ToDynamicDefinition)) { // toD resolves per message
                uris.add(endpoint.getEndpointUri());
            }
            collect(output.getOutputs(), uris);
        }
    }

    private Resource resource(String fileName, String yaml) {
        return ResourceHelper.fromString("file:" + file(fileName).toString().replace('\\', '/'), yaml);
    }

    private Path file(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("file name: lower-case words joined by '-', ending .camel.yaml");
        }
        return properties.dir().resolve(fileName);
    }

    private void keep(String fileName, int version, String content) {
        write(properties.historyDir().resolve(fileName).resolve(version + ".camel.yaml"), content);
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, content, UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
