package org.exchangehub.admin.routes;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Files a file adapter could not read are kept sealed for {@code hub.routes.failed-file-retention} (30 days), long
 * enough for the department to be told and send them again, then removed: every hour the hub removes those older,
 * each an audit event naming the route, the file and the retention. Nothing of a department's export stays forever.
 */
@Component
class FailedFileRetention {

    private static final Logger log = LoggerFactory.getLogger(FailedFileRetention.class);

    private final RouteOperations routes;
    private final RouteProperties properties;
    private final Clock clock;

    FailedFileRetention(RouteOperations routes, RouteProperties properties, Clock clock) {
        this.routes = routes;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "1m", fixedDelayString = "1h")
    void sweep() {
        int removed = routes.removeFailedFilesBefore(clock.instant().minus(properties.failedFileRetention()),
                properties.failedFileRetention().toDays() + " days");
        if (removed > 0) {
            log.info("Removed {} sealed failed files kept longer than {}", removed, properties.failedFileRetention());
        }
    }
}
