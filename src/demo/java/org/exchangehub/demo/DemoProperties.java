package org.exchangehub.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.demo.*} (profile {@code demo} only).
 *
 * @param policePort     port of the simulated police incident API
 * @param healthPort     port of the simulated health document API
 * @param subscriberPort port of the simulated subscriber endpoints ({@code /<department>/inbox})
 * @param civilAffairsJdbcUrl the simulated civil-affairs database (the civil-affairs adapter reads the same one)
 * @param petitionInbox  where petition exports are dropped (the petition adapter's inbox)
 * @param every          how often each simulated department produces something
 * @param seed           seed of the fictional people, so that a demo run is reproducible
 * @param adminCredentials the demo users file, whose admin issues the simulators' API keys
 * @param stateFile      where the simulators keep their counters across restarts (none: they start over)
 */
@ConfigurationProperties("hub.demo")
record DemoProperties(
        @DefaultValue("18081") int policePort,
        @DefaultValue("18082") int healthPort,
        @DefaultValue("18090") int subscriberPort,
        Path petitionInbox,
        String civilAffairsJdbcUrl,
        @DefaultValue("20s") Duration every,
        @DefaultValue("20261123") long seed,
        Path adminCredentials,
        Path stateFile) {
}
