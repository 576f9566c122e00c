package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.exchangehub.H2Files;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blind index tokens on H2: held in memory from the commit that journals them, read from the journal again at a
 * start; a lookup finds exactly the records carrying the token asked for, even when other tokens share its hash.
 */
class TokenIndexTests {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    JdbcDataSource dataSource;
    JdbcClient jdbc;
    TransactionTemplate transactions;
    TokenIndex tokens;
    JournalStore journal;

    @BeforeEach
    void freshJournal() throws SQLException {
        dataSource = H2Files.migrate(H2Files.inMemory("tokens"), "latest");
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tokens = new TokenIndex(dataSource, jdbc);
        journal = new JournalStore(jdbc, new JdbcTemplate(dataSource), tokens, new DurableCommits(dataSource));
    }

    @Test
    void aRecordIsFoundByItsTokenAsSoonAsItsTransactionHasCommitted() {
        assertThat(tokens.inMemory()).isTrue();
        journalOne("0193a1b2-0000-7000-8000-000000000001", "k1", "bi1.alice");
        journalOne("0193a1b2-0000-7000-8000-000000000002", "k2", "bi1.bob");
        journalOne("0193a1b2-0000-7000-8000-000000000003", "k1b", "bi1.alice");

        assertThat(journal.recordsWithIndex("bi1.alice")).containsExactly("0193a1b2-0000-7000-8000-000000000001",
                "0193a1b2-0000-7000-8000-000000000003");
        assertThat(journal.positionsWithIndex("bi1.alice")).containsExactly(
                Map.entry("0193a1b2-0000-7000-8000-000000000001", 1L),
                Map.entry("0193a1b2-0000-7000-8000-000000000003", 3L));
        assertThat(journal.recordsWithIndexes(List.of("bi1.bob", "bi1.nobody"), "idNumber"))
                .containsExactly(Map.entry("bi1.bob", List.of("0193a1b2-0000-7000-8000-000000000002")));
        assertThat(journal.recordsWithIndexes(List.of("bi1.bob"), "otherField")).isEmpty();
        assertThat(journal.recordsWithIndex("bi1.nobody")).isEmpty();
    }

    @Test
    void aRolledBackTransactionLeavesNothingToFind() {
        transactions.executeWithoutResult(status -> {
            append("0193a1b2-0000-7000-8000-000000000021", "k1", "bi1.erin");
            status.setRollbackOnly();
        });
        assertThat(journal.recordsWithIndex("bi1.erin")).isEmpty();
    }

    @Test
    void aStartReadsTheTokensBackFromTheJournal() {
        journalOne("0193a1b2-0000-7000-8000-000000000011", "k1", "bi1.carol");
        journalOne("0193a1b2-0000-7000-8000-000000000012", "k2", "bi1.carol");
        journalOne("0193a1b2-0000-7000-8000-000000000013", "k3", "bi1.dave");

        TokenIndex restarted = new TokenIndex(dataSource, jdbc);
        restarted.start();
        assertThat(restarted.recordIds("bi1.carol")).containsExactly("0193a1b2-0000-7000-8000-000000000011",
                "0193a1b2-0000-7000-8000-000000000012");
        assertThat(restarted.recordIds("bi1.dave")).containsExactly("0193a1b2-0000-7000-8000-000000000013");
    }

    @Test
    void recordsJournaledWhileOthersLookUpAreEachFoundRightAfterTheirCommit() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(2);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<?>> reading = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            reading.add(readers.submit(() -> {
                while (running.get()) {
                    journal.recordsWithIndex("bi1.person-0");
                }
            }));
        }
        List<String> missed = new ArrayList<>();
        try {
            for (int n = 0; n < 300; n++) {
                String id = "0193a1b2-0000-7000-8000-%012d".formatted(100 + n);
                journalOne(id, "key-" + n, "bi1.person-" + n);
                if (!journal.recordsWithIndex("bi1.person-" + n).equals(List.of(id))) {
                    missed.add(id);
                }
            }
        } finally {
            running.set(false);
            for (Future<?> future : reading) {
                future.get(10, TimeUnit.SECONDS);
            }
            readers.shutdown();
        }
        assertThat(missed).isEmpty();
    }

    private void journalOne(String recordId, String sourceKey, String token) {
        transactions.executeWithoutResult(status -> append(recordId, sourceKey, token));
    }

    private void append(String recordId, String sourceKey, String token) {
        journal.append(new JournalStore.StoredRecord(recordId, "person", "person-value", 1, "police", sourceKey, 1,
                new byte[] { 0 }), "hash-" + recordId, null, NOW, NOW, Map.of("idNumber", token));
    }
}
