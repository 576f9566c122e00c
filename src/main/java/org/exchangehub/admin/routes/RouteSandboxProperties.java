package org.exchangehub.admin.routes;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.routes.sandbox.*}: what route files — uploaded by an admin or placed in the routes directory by hand —
 * may use. Everything else is refused at validation, upload and load, naming the rule. The defaults are what the
 * department adapters need.
 *
 * @param components          endpoint schemes a route may use (default timer, hub, http, https, file, sql, log, direct)
 * @param httpHosts           {@code host:port} an http(s) endpoint may call, besides the hosts of every
 *                            {@code hub.adapters.<department>.url}
 * @param fileRoots           directories file endpoints may read or write below, besides every
 *                            {@code hub.adapters.<department>.inbox} and {@code hub.adapters.inbox-root}
 * @param sqlDataSources      Camel registry names of department databases a sql endpoint may use (its
 *                            {@code dataSource} option is required; the hub's own database is never one of them)
 * @param sqlQueryRoots       directories a sql endpoint may read its query from ({@code sql:file:…})
 * @param beans               Camel registry beans a route may call ({@code bean} steps, {@code ${bean:…}})
 * @param placeholderPrefixes property placeholders a route may use ({@code {{…}}}); names that look like secrets
 *                            (password, secret, token, key, hash, credential, username, jdbc-url) are refused anyway
 * @param languages           expression languages a route may use; languages that run code are never allowed
 */
@ConfigurationProperties("hub.routes.sandbox")
public record RouteSandboxProperties(
        @DefaultValue({ "timer", "hub", "http", "https", "file", "sql", "log", "direct" }) List<String> components,
        @DefaultValue({}) List<String> httpHosts,
        @DefaultValue({}) List<Path> fileRoots,
        @DefaultValue("civilAffairsDataSource") List<String> sqlDataSources,
        @DefaultValue("config/sql") List<Path> sqlQueryRoots,
        @DefaultValue({ "adapterCursors", "failedFiles", "sourcePages", "sourceConditions", "sourceText",
                "trafficSummary" })
        List<String> beans,
        @DefaultValue("hub.adapters.") List<String> placeholderPrefixes,
        @DefaultValue({ "simple", "constant", "header", "exchangeProperty", "jsonpath", "tokenize" })
        List<String> languages) {
}
