package org.exchangehub.audit;

import static org.exchangehub.QueryPlans.assertReadInIndexOrder;

import javax.sql.DataSource;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit's reads that look for a few events from a place on, or walk a whole chain, read their index in order: the
 * data-subject report's search for the batch events naming a record read every later event of the subscription and
 * sorted them, and the chain's verification sorted the whole chain before reading it.
 */
@HubTest
class AuditQueriesTests {

    @Autowired
    DataSource dataSource;

    @Test
    void theBatchEventsNamingARecordAreFoundFromItsPositionInIndexOrder() {
        assertReadInIndexOrder(dataSource, RecordEvents.PUBLISHED_FROM, 1_000L);
        assertReadInIndexOrder(dataSource, RecordEvents.DELIVERED_FROM, "police-watch", 1_000L);
    }

    @Test
    void aNodesChainIsReadInIndexOrder() {
        assertReadInIndexOrder(dataSource, DatabaseChain.CHAIN, "node-1");
    }
}
