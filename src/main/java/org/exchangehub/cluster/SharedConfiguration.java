package org.exchangehub.cluster;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Tells the other nodes that configuration every node holds in memory changed. A change (a subscription, a
 * department, a grant) calls {@link #changed()} in its own transaction, which counts the database's configuration
 * generation up; every node looks at the generation each {@code hub.cluster.watch-every} and, when another node
 * counted it up, publishes {@link SharedConfigurationChanged} so that its holders reload. A single node does
 * neither: it reloads what it changes itself.
 */
public class SharedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SharedConfiguration.class);

    private final ClusterProperties properties;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AtomicLong seen = new AtomicLong(-1);

    SharedConfiguration(ClusterProperties properties, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Counts the configuration generation up, in the caller's transaction; nothing on a single node. */
    public void changed() {
        if (properties.enabled()) {
            jdbc.sql("UPDATE cluster_configuration SET generation = generation + 1 WHERE id = 1").update();
        }
    }

    @Scheduled(initialDelayString = "${hub.cluster.watch-every:1s}", fixedDelayString = "${hub.cluster.watch-every:1s}")
    void watch() {
        if (!properties.enabled()) {
            return;
        }
        long generation;
        try {
            generation = jdbc.sql("SELECT generation FROM cluster_configuration WHERE id = 1").query(Long.class)
                    .single();
        } catch (RuntimeException e) {
            log.debug("Configuration generation not read: {}", e.getClass().getSimpleName());
            return;
        }
        long before = seen.getAndSet(generation);
        if (before >= 0 && generation != before) {
            events.publishEvent(new SharedConfigurationChanged(generation));
        }
    }
}
