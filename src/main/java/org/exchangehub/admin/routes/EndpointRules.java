package org.exchangehub.admin.routes;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The sandbox's rules for endpoints: an allowed component; http(s) only to a department's host (the hosts of
 * {@code hub.adapters.*.url} and {@code hub.routes.sandbox.http-hosts}); files only below an inbox root
 * ({@code hub.adapters.*.inbox}, {@code hub.adapters.inbox-root}, {@code hub.routes.sandbox.file-roots}); direct only
 * as a query service's way in ({@code from: direct:query-<provider>-<service>}, called by the hub alone); sql only
 * with a department database named by {@code dataSource=#…} and queries read only from the query roots; {@code #bean} options only of allowed beans;
 * no endpoint computed per message, except a file producer below the consumed file's own directory
 * ({@code toD: file:${header.CamelFileParent}/failed}). Placeholders must have passed {@link ExpressionRules} before
 * a uri is resolved here; problems show the uri as written, never resolved.
 */
final class EndpointRules {

    /** {@code ..} as a path segment. */
    private static final Pattern PARENT = Pattern.compile("(^|[/\\\\])\\.\\.([/\\\\]|$)");
    private static final Pattern FAILED_FILE = Pattern.compile("file:\\$\\{header\\.CamelFileParent}(/[A-Za-z0-9_.-]+)*");

    /** The department settings endpoints are measured against: {@code hub.adapters.<department>.url} and {@code .inbox}. */
    record AdapterSettings(List<String> urls, List<String> inboxes) {
    }

    private final RouteSandboxProperties properties;
    private final UnaryOperator<String> resolver;
    private final Supplier<AdapterSettings> adapters;

    EndpointRules(RouteSandboxProperties properties, UnaryOperator<String> resolver, Supplier<AdapterSettings> adapters) {
        this.properties = properties;
        this.resolver = resolver;
        this.adapters = adapters;
    }

    List<String> check(String key, String uri, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        if (uri.contains("${")) {
            if ((key.equals("tod") || key.equals("wiretap")) && FAILED_FILE.matcher(uri).matches()
                    && !PARENT.matcher(uri).find()) {
                options.values().stream().filter(v -> PARENT.matcher(v).find() || v.startsWith("#")).findFirst()
                        .ifPresent(v -> problems.add(problem("FILE_PATH", uri, "options may not leave the directory"
                                + " or name beans")));
                return problems;
            }
            return List.of(problem("DYNAMIC", uri, "endpoints computed per message are not allowed (only"
                    + " toD: file:${header.CamelFileParent}/<directory>)"));
        }
        String resolved;
        Map<String, String> all = new LinkedHashMap<>();
        try {
            resolved = resolver.apply(uri);
            options.forEach((name, value) -> all.put(name, resolver.apply(value)));
        } catch (RuntimeException e) {
            return List.of(problem("ENDPOINT", uri, "does not resolve (a placeholder is not defined)"));
        }
        int colon = resolved.indexOf(':');
        String scheme = colon < 0 ? resolved : resolved.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!properties.components().contains(scheme)) {
            return List.of(problem("COMPONENT", uri, "'" + scheme + "' is not an allowed component "
                    + properties.components() + " (hub.routes.sandbox.components)"));
        }
        int query = resolved.indexOf('?');
        String target = resolved.substring(colon + 1, query < 0 ? resolved.length() : query);
        if (query >= 0) {
            for (String pair : resolved.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                all.putIfAbsent(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        all.forEach((name, value) -> beanOption(scheme, uri, name, value, problems));
        switch (scheme) {
            case "http", "https" -> host(uri, resolved, problems);
            case "file" -> file(uri, target, all, problems);
            case "sql" -> sql(uri, target, all, problems);
            case "direct" -> direct(key, uri, target, problems);
            default -> {
                // timer, hub, log: nothing outside the hub
            }
        }
        return problems;
    }

    private void beanOption(String scheme, String uri, String name, String value, List<String> problems) {
        if (!value.startsWith("#")) {
            return;
        }
        String bean = value.replaceFirst("^#(bean:)?", "");
        boolean dataSource = "sql".equals(scheme) && "dataSource".equals(name)
                && properties.sqlDataSources().contains(bean);
        if (!dataSource && !properties.beans().contains(bean)) {
            problems.add(problem("BEAN", uri, "option '" + name + "' names a bean routes may not use"));
        }
    }

    private void host(String uri, String resolved, List<String> problems) {
        Set<String> hosts = new HashSet<>(properties.httpHosts());
        adapters.get().urls().forEach(url -> hosts.add(hostOf(url)));
        String host = hostOf(resolved);
        if (host == null || !hosts.contains(host)) {
            problems.add(problem("HTTP_HOST", uri, "calls a host that is not a department system's"
                    + " (hub.adapters.<department>.url, hub.routes.sandbox.http-hosts)"));
        }
    }

    private void file(String uri, String target, Map<String, String> options, List<String> problems) {
        List<Path> roots = new ArrayList<>(properties.fileRoots());
        adapters.get().inboxes().forEach(inbox -> roots.add(Path.of(inbox)));
        if (PARENT.matcher(target).find() || options.values().stream().anyMatch(v -> PARENT.matcher(v).find())
                || !below(Path.of(target.replaceFirst("^//", "")), roots)) {
            problems.add(problem("FILE_PATH", uri, "file endpoints may use only directories below a department"
                    + " inbox (hub.adapters.<department>.inbox, hub.adapters.inbox-root,"
                    + " hub.routes.sandbox.file-roots)"));
        }
    }

    /** A direct endpoint only as a query service's way in: {@code from: direct:query-<provider>-<service>}. */
    private static void direct(String key, String uri, String target, List<String> problems) {
        if (!"from".equals(key) || !target.matches("query-[a-z0-9][a-z0-9-]*")) {
            problems.add(problem("DIRECT", uri, "direct endpoints are only a query service's way in:"
                    + " from: direct:query-<provider>-<service>"));
        }
    }

    private void sql(String uri, String target, Map<String, String> options, List<String> problems) {
        String dataSource = options.getOrDefault("dataSource", "").replaceFirst("^#(bean:)?", "");
        if (!properties.sqlDataSources().contains(dataSource)) {
            problems.add(problem("SQL_DATASOURCE", uri, "a sql endpoint must name a department database with"
                    + " dataSource=#… " + properties.sqlDataSources() + " (hub.routes.sandbox.sql-data-sources);"
                    + " the hub's own database is never one"));
        }
        if (target.startsWith("classpath:") || (target.startsWith("file:")
                && (PARENT.matcher(target).find() || !below(Path.of(target.substring(5)), properties.sqlQueryRoots())))) {
            problems.add(problem("SQL_QUERY", uri, "queries are read only from " + properties.sqlQueryRoots()
                    + " (hub.routes.sandbox.sql-query-roots)"));
        }
    }

    private static boolean below(Path path, List<Path> roots) {
        Path absolute = path.toAbsolutePath().normalize();
        return roots.stream().map(root -> root.toAbsolutePath().normalize()).anyMatch(absolute::startsWith);
    }

    private static String hostOf(String url) {
        try {
            URI parsed = URI.create(url.strip());
            int port = parsed.getPort() >= 0 ? parsed.getPort() : "https".equals(parsed.getScheme()) ? 443 : 80;
            return parsed.getHost() == null ? null : parsed.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String problem(String rule, String uri, String detail) {
        return RouteSandbox.problem(rule, "'" + uri + "': " + detail);
    }
}
