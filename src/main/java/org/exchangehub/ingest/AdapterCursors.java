package org.exchangehub.ingest;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Persistent positions of polling adapters (a since-cursor, a watermark), read and advanced by adapter routes
 * ({@code ${bean:adapterCursors?method=get('police-incidents','')}}). An adapter advances its cursor only after
 * the page it read was fully handed to the hub, so a crash repeats at most that page, which idempotency absorbs.
 */
@Component("adapterCursors")
public class AdapterCursors {

    private final JdbcClient jdbc;
    private final Clock clock;

    AdapterCursors(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The adapter's position, or {@code initial} when it has none yet. */
    public String get(String adapterId, String initial) {
        return jdbc.sql("SELECT position FROM ingest_adapter_cursor WHERE adapter_id = ?").param(adapterId)
                .query(String.class).optional().orElse(initial);
    }

    /**
     * One part of a composite position {@code a|b} (e.g. a watermark's timestamp and row id), or
     * {@code initial} when the adapter has no position yet.
     */
    public String part(String adapterId, int index, String initial) {
        String position = get(adapterId, null);
        if (position == null) {
            return initial;
        }
        String[] parts = position.split("\\|", -1);
        return index < parts.length ? parts[index] : initial;
    }

    /** Stores a new position; an empty or null position keeps the old one. */
    @Transactional
    public void put(String adapterId, String position) {
        if (position == null || position.isBlank()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.sql("UPDATE ingest_adapter_cursor SET position = ?, updated_at = ? WHERE adapter_id = ?")
                .params(position, now, adapterId).update() == 0) {
            jdbc.sql("INSERT INTO ingest_adapter_cursor (adapter_id, position, updated_at) VALUES (?, ?, ?)")
                    .params(adapterId, position, now).update();
        }
    }

    /**
     * Sets the adapter's position as an admin chose it (a point its source knows, after the source refused the one
     * kept); null or blank forgets it, and the adapter starts again from its initial position — what the source
     * answers then to an empty cursor. Returns the position it had, or null.
     */
    @Transactional
    public String reset(String adapterId, String position) {
        String before = get(adapterId, null);
        if (position == null || position.isBlank()) {
            jdbc.sql("DELETE FROM ingest_adapter_cursor WHERE adapter_id = ?").param(adapterId).update();
        } else {
            put(adapterId, position);
        }
        return before;
    }
}
