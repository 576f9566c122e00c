package org.exchangehub.admin.routes;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.routes.*}.
 *
 * @param dir         the route files ({@code *.camel.yaml}) Camel loads at startup and the admin API replaces
 *                    (default {@code routes}); {@code camel.main.routes-include-pattern} names the same directory
 * @param historyDir  every version of each replaced route file, for rollback (default {@code <data-dir>/route-history})
 * @param stopTimeout how long a replaced route may take to finish what it is doing before it is stopped
 * @param failedFileRetention how long a file adapter keeps a file it could not read (sealed, in {@code failed/})
 *                    before the hub removes it (default 30 days); an admin may open or remove it before
 */
@ConfigurationProperties("hub.routes")
public record RouteProperties(
        @DefaultValue("routes") Path dir,
        @DefaultValue("data/route-history") Path historyDir,
        @DefaultValue("30s") Duration stopTimeout,
        @DefaultValue("30d") Duration failedFileRetention) {
}
