package org.exchangehub.admin.routes;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Service;

/**
 * Route files at runtime: validate a YAML route file before it is activated (it must pass the {@link RouteSandbox},
 * parse, give every route an explicit id not used by another file, and reference only endpoints that resolve — known
 * components, known options, defined placeholders), replace or add one through Camel's route loader while the hub runs (the old
 * routes of the file finish their in-flight exchanges and stop, the new ones start), and roll back to the
 * previous version. Every version is kept in {@code hub.routes.history-dir}. A file that fails validation or
 * activation changes nothing: the old routes keep running. Route configuration files (error handling) are not
 * replaced at runtime.
 */
@Service
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    private static final String NAME_RULE = "file name: lower-case words joined by '-', ending .camel.yaml";
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
    private final RouteFileValidator validator;
    private final RouteSandbox sandbox;

    RouteFiles(CamelContext camel, RouteProperties properties, AuditLog audit, RouteSandboxProperties sandbox,
            ConfigurableEnvironment environment) {
        this.camel = camel;
        this.validator = new RouteFileValidator(camel);
        this.sandbox = RouteSandboxConfiguration.sandbox(camel, sandbox, environment);
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

    /** Checks a route file without activating anything: the sandbox's rules first, then what Camel makes of it. */
    public Validation validate(String fileName, String yaml) {
        if (!validName(fileName)) {
            return new Validation(false, List.of(), List.of(NAME_RULE));
        }
        List<String> refused = sandbox.check(yaml);
        if (!refused.isEmpty()) {
            return new Validation(false, List.of(), refused);
        }
        return validator.validate(fileName, resource(fileName, yaml));
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
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route file " + fileName + " "
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
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route file " + fileName + " ROLLED_BACK to v"
                + target.version() + " as v" + version));
        return version;
    }

    /** Every kept version of a route file, oldest first. */
    public List<Version> versions(String fileName) {
        if (!validName(fileName)) {
            return List.of();
        }
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
            throw new RejectedRouteFile(List.of("activation failed, previous routes restored: " + RouteFileValidator.firstLine(e)));
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

    private Resource resource(String fileName, String yaml) {
        return ResourceHelper.fromString("file:" + file(fileName).toString().replace('\\', '/'), yaml);
    }

    static boolean validName(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    private Path file(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException(NAME_RULE);
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
}
