package org.exchangehub.verification.internal;

import static org.exchangehub.QueryPlans.assertReadInIndexOrder;

import javax.sql.DataSource;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch job's next chunk, its answers and a department's watch changes are read from their indexes in order: a
 * 100,000-row job read the rest of its rows and sorted them for every chunk of 500 before (about half the batch's
 * time).
 */
@HubTest
class BatchQueriesTests {

    @Autowired
    DataSource dataSource;

    @Test
    void aJobsNextChunkAndItsAnswersAreReadInRowOrderFromItsKey() {
        assertReadInIndexOrder(dataSource, BatchStore.PENDING, "a-job", 500, 500);
        assertReadInIndexOrder(dataSource, BatchStore.ROWS, "a-job");
    }

    @Test
    void aDepartmentsWaitingWatchChangesAreReadInOrderFromTheirIndex() {
        assertReadInIndexOrder(dataSource, WatchStore.CHANGES_WAITING, "police", 100);
    }
}
