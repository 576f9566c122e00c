package org.exchangehub.ingest.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.adapters.*}: how the department adapters (the route files in {@code routes/}) reach their sources. The
 * routes read these keys as placeholders ({@code {{hub.adapters.police.url}}}); a new department's route may use keys
 * of its own under {@code hub.adapters.<department>}.
 *
 * @param maxRedeliveries how often a failing poll is retried, with exponential backoff, before the exchange fails
 *                        (default 4)
 * @param redeliveryDelay the first retry's delay in milliseconds (default 1000), doubling up to a minute
 * @param unhealthyAfter  an adapter whose source has failed (or refused its cursor) this long makes
 *                        {@code /actuator/health} DEGRADED (default 5m)
 * @param inboxRoot       where departments drop files: file routes may read any directory below it (default
 *                        {@code <data-dir>/inbox})
 * @param petition        the petition bureau's CSV exports
 * @param police          the police incident REST API
 * @param health          the health commission's XML documents
 * @param civilAffairs    the civil-affairs database
 */
@ConfigurationProperties("hub.adapters")
public record AdapterProperties(
        @DefaultValue("4") int maxRedeliveries,
        @DefaultValue("1000") long redeliveryDelay,
        @DefaultValue("5m") Duration unhealthyAfter,
        @DefaultValue("data/inbox") Path inboxRoot,
        @DefaultValue Files petition,
        @DefaultValue Polling police,
        @DefaultValue Polling health,
        @DefaultValue Database civilAffairs) {

    /**
     * A department that drops files.
     *
     * @param inbox          the directory its exports arrive in (petition: {@code <data-dir>/inbox/petition})
     * @param readLockMinAge how long in milliseconds a file must stay unchanged before it is read (default 1000)
     */
    public record Files(Path inbox, @DefaultValue("1000") long readLockMinAge) {
    }

    /**
     * A department system the hub polls over HTTP.
     *
     * @param enabled  whether the adapter polls (default false; profile demo switches it on)
     * @param url      the system's base URL
     * @param period   milliseconds between polls (default 30000)
     * @param pageSize records asked for per page, where the source takes it (default 100)
     */
    public record Polling(@DefaultValue("false") boolean enabled, String url, @DefaultValue("30000") long period,
            @DefaultValue("100") int pageSize) {
    }

    /**
     * A department database the hub reads with SQL and a watermark.
     *
     * @param enabled  whether the adapter polls (default false)
     * @param jdbcUrl  the database's JDBC URL
     * @param username its user (read-only rights suffice)
     * @param password its password, from the environment ({@code HUB_CIVIL_AFFAIRS_DB_PASSWORD})
     * @param period   milliseconds between polls (default 30000)
     */
    public record Database(@DefaultValue("false") boolean enabled, String jdbcUrl, String username, String password,
            @DefaultValue("30000") long period) {
    }
}
