package org.exchangehub.catalog.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.exchangehub.catalog.CatalogEntry;
import org.exchangehub.cluster.HeldReads;
import org.exchangehub.cluster.SharedConfiguration;
import org.exchangehub.cluster.SharedConfigurationChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code catalog_entry} (current version of each entry) and {@code catalog_entry_version} (every version).
 * An entry looked up by code — on every service call — is answered from memory until an entry changes
 * ({@link HeldReads}).
 */
@Repository
public class CatalogStore {

    /** An entry as stored. */
    public record Stored(CatalogEntry entry, int version, String state, String origin, String configHash,
            Instant updatedAt, String updatedBy) {
    }

    private static final RowMapper<Stored> STORED = (rs, n) -> new Stored(
            CatalogJson.read(rs.getString("definition"), CatalogEntry.class), rs.getInt("version"),
            rs.getString("state"), rs.getString("origin"), rs.getString("config_hash"),
            rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));

    private final JdbcClient jdbc;
    private final HeldReads<String, Optional<Stored>> byCode;

    CatalogStore(JdbcClient jdbc, SharedConfiguration shared) {
        this.jdbc = jdbc;
        this.byCode = new HeldReads<>(shared);
    }

    public Optional<Stored> find(String code) {
        return byCode.get(code, () -> jdbc.sql("SELECT * FROM catalog_entry WHERE code = ?").param(code).query(STORED)
                .optional());
    }

    /** Drops the held entries: another node changed one (or other shared configuration). */
    @EventListener(SharedConfigurationChanged.class)
    void forgetEntries() {
        byCode.forget();
    }

    /** Entries not removed, by code. */
    public List<Stored> live() {
        return jdbc.sql("SELECT * FROM catalog_entry WHERE state = 'ACTIVE' ORDER BY code").query(STORED).list();
    }

    /** Writes a new version (inserting the entry when it is new) and its history row. */
    public void save(boolean exists, Stored next, String change) {
        byCode.changing();
        String json = CatalogJson.write(next.entry());
        Timestamp at = Timestamp.from(next.updatedAt());
        if (exists) {
            jdbc.sql("""
                    UPDATE catalog_entry SET version = ?, state = ?, origin = ?, config_hash = ?, definition = ?,
                        updated_at = ?, updated_by = ? WHERE code = ?""")
                    .params(next.version(), next.state(), next.origin(), next.configHash(), json, at, next.updatedBy(),
                            next.entry().code())
                    .update();
        } else {
            jdbc.sql("""
                    INSERT INTO catalog_entry (code, version, state, origin, config_hash, definition, updated_at,
                        updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(next.entry().code(), next.version(), next.state(), next.origin(), next.configHash(), json,
                            at, next.updatedBy())
                    .update();
        }
        jdbc.sql("""
                INSERT INTO catalog_entry_version (code, version, state, change, definition, changed_at, changed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(next.entry().code(), next.version(), next.state(), change, json, at, next.updatedBy())
                .update();
        byCode.changed();
    }
}
