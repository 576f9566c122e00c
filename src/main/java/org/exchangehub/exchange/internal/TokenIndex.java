package org.exchangehub.exchange.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Which records carry a blind index: token → (record id, field), for finding a person's records.
 *
 * <p><b>On H2, in memory.</b> A token is a keyed hash, so its place in an index ordered by token is random, and H2
 * rewrites every B-tree page a commit changes whole: indexed with each commit, nearly every record cost a leaf of
 * that index read from the file, changed and written again (end-to-end benchmark: with the index the group
 * committer spent 105 µs of CPU per record, without it 64, and the hub wrote 5.2 KB per record instead of 3.4). So on
 * H2 {@code exchange_blind_index} has no token index; the tokens' hashes and their records' log positions are held
 * in memory ({@link TokenPositions}, 21 to 43 bytes a token: 20–40 MB for a million records), read from the journal
 * at start and kept up to date by each transaction that journals records, once it has committed
 * and before its callers are answered ({@link #committed}). A lookup takes the candidate positions from memory and
 * reads their rows from the journal, keeping those whose token is the one asked for. The journal stays the one
 * source: nothing is lost when the process is killed, the next start reads it again (1,400,000 tokens: 16.7 s from a
 * cold file, 8.5 s warm — each token's record row is read for its log position). This is the store of one node: H2
 * runs the hub alone.
 *
 * <p><b>On PostgreSQL</b> {@code exchange_blind_index} keeps its token index, written with each commit: PostgreSQL
 * logs an index insert as a tuple, not a page, and several nodes journal into one database, so no node's memory
 * could hold what the others journal.
 */
@Component
public class TokenIndex implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenIndex.class);
    private static final Comparator<Hit> HITS = Comparator.comparing(Hit::recordId).thenComparing(Hit::field);
    /** Positions asked for in one query, at most. */
    private static final int CHUNK = 500;

    /** A record and the field whose blind index was looked up. */
    public record Hit(String recordId, String field) {
    }

    private final JdbcClient jdbc;
    private final boolean inMemory;
    private final TokenPositions positions = new TokenPositions();
    /** The log's head when the journal was read into memory: later positions come from {@link #committed}. */
    private long loadedTo = -1;
    private volatile boolean running;

    TokenIndex(DataSource dataSource, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.inMemory = isH2(dataSource);
    }

    private static boolean isH2(DataSource dataSource) {
        try {
            return "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    metaData -> metaData.getDatabaseProductName()));
        } catch (Exception e) {
            throw new IllegalStateException("could not tell which database the journal is on", e);
        }
    }

    /** Whether the tokens are held in memory (H2) rather than in an index of the database (PostgreSQL). */
    boolean inMemory() {
        return inMemory;
    }

    /**
     * The records whose blind index is one of {@code tokens} (of {@code field}, or of any field when null), by token;
     * tokens nobody has are absent.
     */
    public Map<String, Set<Hit>> find(Collection<String> tokens, String field) {
        Map<String, Set<Hit>> found = new TreeMap<>();
        if (tokens.isEmpty()) {
            return found;
        }
        if (!inMemory) {
            jdbc.sql("SELECT token, record_id, field FROM exchange_blind_index WHERE token IN (:tokens)"
                    + (field == null ? "" : " AND field = :field")).param("tokens", tokens)
                    .params(field == null ? Map.of() : Map.of("field", field))
                    .query((rs, n) -> found.computeIfAbsent(rs.getString(1), t -> new TreeSet<>(HITS))
                            .add(new Hit(rs.getString(2), rs.getString(3))))
                    .list();
            return found;
        }
        Set<Long> candidates = new TreeSet<>();
        synchronized (this) {
            load();
            for (String token : tokens) {
                positions.forEach(TokenPositions.hash(token), candidates::add);
            }
        }
        List<Long> all = new ArrayList<>(candidates);
        for (int from = 0; from < all.size(); from += CHUNK) {
            jdbc.sql("""
                    SELECT b.token, r.record_id, b.field FROM exchange_record r
                    JOIN exchange_blind_index b ON b.record_id = r.record_id
                    WHERE r.log_position IN (:positions) AND b.token IN (:tokens)"""
                    + (field == null ? "" : " AND b.field = :field"))
                    .param("positions", all.subList(from, Math.min(from + CHUNK, all.size())))
                    .param("tokens", tokens).params(field == null ? Map.of() : Map.of("field", field))
                    .query((rs, n) -> found.computeIfAbsent(rs.getString(1), t -> new TreeSet<>(HITS))
                            .add(new Hit(rs.getString(2), rs.getString(3))))
                    .list();
        }
        return found;
    }

    /** The ids of the records whose blind index is {@code token}, in id order. */
    public List<String> recordIds(String token) {
        return recordIds(List.of(token), null).getOrDefault(token, List.of());
    }

    /** {@link #find}'s records as their ids, in id order, by token. */
    public Map<String, List<String>> recordIds(Collection<String> tokens, String field) {
        Map<String, List<String>> ids = new TreeMap<>();
        // hits are ordered by record id, then field: a record found by two fields is next to itself
        find(tokens, field).forEach((token, hits) -> ids.put(token,
                hits.stream().map(Hit::recordId).distinct().toList()));
        return ids;
    }

    /**
     * Called once a transaction that journaled records has committed, with the records and their blind indexes, before
     * its callers are answered.
     */
    void committed(List<LogAppend.Entry> entries) {
        if (!inMemory || entries.isEmpty()) {
            return;
        }
        synchronized (this) {
            load();
            for (LogAppend.Entry entry : entries) {
                // a transaction that committed before the journal was read is in memory already
                if (entry.position() > loadedTo) {
                    entry.blindIndexes().values().forEach(token -> positions.add(TokenPositions.hash(token),
                            entry.position()));
                }
            }
        }
    }

    /** Reads the tokens of every journaled record into memory, the first time. Holds the monitor. */
    private void load() {
        if (loadedTo >= 0) {
            return;
        }
        long started = System.nanoTime();
        long head = jdbc.sql("SELECT position FROM exchange_log_head WHERE id = 1").query(Long.class).single();
        jdbc.sql("""
                SELECT b.token, r.log_position FROM exchange_blind_index b
                JOIN exchange_record r ON r.record_id = b.record_id WHERE r.log_position <= ?""")
                .param(head).query(rs -> {
                    positions.add(TokenPositions.hash(rs.getString(1)), rs.getLong(2));
                });
        loadedTo = head;
        log.info("Read {} blind index tokens of the journal into memory in {} ms", positions.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Reads the journal's tokens at start rather than at the first record or lookup. */
    @Override
    public void start() {
        if (inMemory) {
            synchronized (this) {
                load();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the group committer, the adapters and the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 500;
    }
}
