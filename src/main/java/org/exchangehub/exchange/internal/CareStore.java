package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Queries of the care watch over the journal: residents and their latest activity signal. */
@Repository
public class CareStore {

    private final JdbcClient jdbc;
    private final TokenIndex tokens;

    CareStore(JdbcClient jdbc, TokenIndex tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    /** Latest version of every person record. */
    public List<String> latestPersonRecords() {
        return jdbc.sql("""
                SELECT r.record_id FROM exchange_record r
                WHERE r.record_type = 'person' AND r.version = (SELECT MAX(v.version) FROM exchange_record v
                    WHERE v.source_department = r.source_department AND v.record_type = r.record_type
                      AND v.source_key = r.source_key)""")
                .query(String.class).list();
    }

    /** When the newest record about a person (by blind index) other than their registration arrived. */
    public Optional<Instant> lastActivity(String blindIndex) {
        List<String> ids = tokens.recordIds(blindIndex);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT MAX(ingested_at) FROM exchange_record
                WHERE record_id IN (:ids) AND record_type <> 'person' AND source_department <> 'hub'""")
                .param("ids", ids).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    public boolean raised(String sourceKey) {
        return jdbc.sql("SELECT COUNT(*) FROM exchange_record WHERE source_department = 'hub' AND source_key = ?")
                .param(sourceKey).query(Integer.class).single() > 0;
    }
}
