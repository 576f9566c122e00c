package org.exchangehub.exchange.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.journal.*}: how records reach the journal.
 *
 * @param groupRecords at most this many records are committed together: the pushes, adapter batches and single
 *                     records waiting while the previous group commits go in the next group, up to this bound
 *                     (default 5000)
 * @param groupLinger  how long a group waits for more work before it commits when it is not full (default 0: a
 *                     group takes what is waiting and commits at once, so a lone record is not delayed; under load
 *                     groups form by themselves while the previous one commits)
 * @param groupSpacing the least time between the starts of two group commits (default 3ms): work arriving sooner
 *                     after the previous commit waits for the rest of it, gathering what comes meanwhile; work
 *                     arriving after a quiet spell commits at once. Every commit writes a new chunk with each B-tree
 *                     page it changed, whatever the size of the change, and costs about as much CPU as answering a
 *                     verification question; spaced, each carries several callers' work. The wait adds at most
 *                     this much to an answer; 0 turns spacing off
 */
@ConfigurationProperties("hub.journal")
public record JournalProperties(
        @DefaultValue("5000") int groupRecords,
        @DefaultValue("0ms") Duration groupLinger,
        @DefaultValue("3ms") Duration groupSpacing) {

    public JournalProperties {
        if (groupRecords < 1) {
            throw new IllegalArgumentException("hub.journal.group-records must be at least 1, was " + groupRecords);
        }
        if (groupLinger.isNegative()) {
            throw new IllegalArgumentException("hub.journal.group-linger must not be negative, was " + groupLinger);
        }
        if (groupSpacing.isNegative() || groupSpacing.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException(
                    "hub.journal.group-spacing must be between 0 and 1s, was " + groupSpacing);
        }
    }
}
