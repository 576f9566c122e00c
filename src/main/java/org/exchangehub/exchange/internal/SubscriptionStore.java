package org.exchangehub.exchange.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.SubscriptionRevision;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Rows of {@code exchange_subscription} (the current version of each subscription) and
 * {@code exchange_subscription_version} (every version). Definitions are stored as sorted JSON without their secret.
 */
@Repository
public class SubscriptionStore {

    /** The current version of a subscription as stored. */
    public record Stored(Subscription definition, int version, Subscriptions.State state, String origin,
            String configHash, String secretToken, Instant updatedAt, String updatedBy, Instant validUntil) {
    }

    private final JdbcClient jdbc;

    SubscriptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find(String id) {
        return jdbc.sql("SELECT * FROM exchange_subscription WHERE id = ?").param(id).query(STORED).optional();
    }

    /** Active and paused subscriptions. */
    public List<Stored> live() {
        return jdbc.sql("SELECT * FROM exchange_subscription WHERE state <> 'DELETED'").query(STORED).list();
    }

    /** Live subscriptions that came from the configuration file. */
    public List<Stored> liveFromConfig() {
        return jdbc.sql("SELECT * FROM exchange_subscription WHERE origin = 'CONFIG' AND state <> 'DELETED'")
                .query(STORED).list();
    }

    /** Every version of a subscription, oldest first. */
    public List<SubscriptionRevision> history(String id) {
        return jdbc.sql("SELECT * FROM exchange_subscription_version WHERE id = ? ORDER BY version").param(id)
                .query((rs, n) -> new SubscriptionRevision(rs.getInt("version"), rs.getString("change"),
                        Subscriptions.State.valueOf(rs.getString("state")), rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("changed_by"), read(rs.getString("definition"))))
                .list();
    }

    /** Writes a new version (inserting the subscription when it is new) and its history row. */
    public void save(boolean exists, Stored next, String change) {
        String json = ChangeDiff.write(next.definition());
        Timestamp at = Timestamp.from(next.updatedAt());
        if (!exists) {
            jdbc.sql("""
                    INSERT INTO exchange_subscription (id, version, state, origin, config_hash, definition, secret_token,
                        updated_at, updated_by, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(next.definition().id(), next.version(), next.state().name(), next.origin(),
                            next.configHash(), json, next.secretToken(), at, next.updatedBy(), timestamp(next.validUntil()))
                    .update();
        } else {
            jdbc.sql("""
                    UPDATE exchange_subscription SET version = ?, state = ?, origin = ?, config_hash = ?, definition = ?,
                        secret_token = ?, updated_at = ?, updated_by = ?, valid_until = ? WHERE id = ?""")
                    .params(next.version(), next.state().name(), next.origin(), next.configHash(), json,
                            next.secretToken(), at, next.updatedBy(), timestamp(next.validUntil()), next.definition().id())
                    .update();
        }
        jdbc.sql("""
                INSERT INTO exchange_subscription_version (id, version, state, change, definition, changed_at, changed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(next.definition().id(), next.version(), next.state().name(), change, json, at,
                        next.updatedBy())
                .update();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Subscription read(String json) {
        try {
            return ChangeDiff.JSON.readValue(json, Subscription.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable subscription definition in the database", e);
        }
    }

    private static final RowMapper<Stored> STORED = (rs, n) -> new Stored(read(rs.getString("definition")),
            rs.getInt("version"), Subscriptions.State.valueOf(rs.getString("state")), rs.getString("origin"),
            rs.getString("config_hash"), rs.getString("secret_token"), rs.getTimestamp("updated_at").toInstant(),
            rs.getString("updated_by"),
            rs.getTimestamp("valid_until") == null ? null : rs.getTimestamp("valid_until").toInstant());
}
