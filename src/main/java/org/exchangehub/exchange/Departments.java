package org.exchangehub.exchange;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.cluster.SharedConfigurationChanged;
import org.exchangehub.exchange.internal.ChangeDiff;
import org.exchangehub.exchange.internal.ExchangeProperties;
import org.exchangehub.protect.PemKeys;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The departments connected to the hub, in the database: seeded from {@code config/departments.yaml} (an entry
 * is re-applied when it changes in the file), created, updated, disabled and given sealing keys through the admin
 * API. Departments are never deleted, because journal and audit refer to them; disabling one refuses its
 * credentials and holds deliveries to it. Every change is versioned and published as a {@link DepartmentChanged}.
 */
@Service
public class Departments {

    static final String CONFIG = "config";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, Department> cache = new ConcurrentHashMap<>();

    Departments(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Applies the configuration file: new and changed entries; departments are never removed. */
    @Transactional
    void seed(ExchangeProperties properties) {
        for (Department configured : properties.departments()) {
            String hash = ChangeDiff.hash(configured);
            Optional<Stored> stored = stored(configured.code());
            if (stored.isEmpty()) {
                insert(configured, "CONFIG", hash, CONFIG);
                events.publishEvent(new DepartmentChanged(configured.code(), "CREATED", 1, CONFIG,
                        ChangeDiff.of(null, configured), clock.instant()));
            } else if (!hash.equals(stored.get().configHash())) {
                update(stored.get(), configured, hash, "UPDATED", CONFIG);
            }
        }
        reload();
    }

    public List<Department> all() {
        return cache.values().stream().sorted(Comparator.comparing(Department::code)).toList();
    }

    public Optional<Department> byCode(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(cache.get(code));
    }

    /** True for a known, enabled department. */
    public boolean isEnabled(String code) {
        return byCode(code).map(Department::enabled).orElse(false);
    }

    /** The version of a department, for optimistic concurrency in the admin API. */
    public int version(String code) {
        return stored(code).map(Stored::version).orElse(0);
    }

    /**
     * Creates a department.
     *
     * @throws IllegalArgumentException when the code exists or the sealing key is not a usable public key
     */
    @Transactional
    public Department create(Department department, String actor) {
        checkKey(department.sealingPublicKey());
        if (stored(department.code()).isPresent()) {
            throw new IllegalArgumentException("department '" + department.code() + "' exists");
        }
        insert(department, "API", null, actor);
        events.publishEvent(new DepartmentChanged(department.code(), "CREATED", 1, actor,
                ChangeDiff.of(null, department), clock.instant()));
        reload();
        return department;
    }

    /**
     * Replaces a department's names, division, sealing key and enabled flag (its code stays).
     *
     * @param change {@code UPDATED}, {@code DISABLED}, {@code ENABLED} or {@code SEALING_KEY}
     * @throws java.util.NoSuchElementException for an unknown code
     */
    @Transactional
    public Department update(Department department, String change, String actor) {
        checkKey(department.sealingPublicKey());
        Stored stored = stored(department.code())
                .orElseThrow(() -> new NoSuchElementException("no department '" + department.code() + "'"));
        update(stored, department, stored.configHash(), change, actor);
        reload();
        return department;
    }

    private void update(Stored stored, Department department, String configHash, String change, String actor) {
        Department before = stored.department();
        if (before.equals(department) && Objects.equals(configHash, stored.configHash())) {
            return;
        }
        int version = stored.version() + 1;
        jdbc.sql("""
                UPDATE exchange_department SET name_zh = ?, name_en = ?, division_code = ?, sealing_public_key = ?,
                    enabled = ?, config_hash = ?, version = ?, updated_at = ?, updated_by = ? WHERE code = ?""")
                .params(department.nameZh(), department.nameEn(), department.divisionCode(),
                        department.sealingPublicKey(), department.enabled(), configHash, version,
                        Timestamp.from(clock.instant()), actor, department.code())
                .update();
        events.publishEvent(new DepartmentChanged(department.code(), change, version, actor,
                ChangeDiff.of(before, department), clock.instant()));
    }

    private void insert(Department department, String origin, String configHash, String actor) {
        jdbc.sql("""
                INSERT INTO exchange_department (code, name_zh, name_en, division_code, sealing_public_key, enabled,
                    origin, config_hash, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(department.code(), department.nameZh(), department.nameEn(), department.divisionCode(),
                        department.sealingPublicKey(), department.enabled(), origin, configHash,
                        Timestamp.from(clock.instant()), actor)
                .update();
    }

    /** Also when another node of the cluster changed departments. */
    @EventListener(SharedConfigurationChanged.class)
    void reload() {
        Map<String, Department> loaded = new HashMap<>();
        jdbc.sql("SELECT * FROM exchange_department").query(STORED).list()
                .forEach(stored -> loaded.put(stored.department().code(), stored.department()));
        cache.keySet().retainAll(loaded.keySet());
        cache.putAll(loaded);
    }

    private Optional<Stored> stored(String code) {
        return jdbc.sql("SELECT * FROM exchange_department WHERE code = ?").param(code).query(STORED).optional();
    }

    private static void checkKey(String pem) {
        if (pem != null) {
            try {
                PemKeys.readPublicKey(pem);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("sealingPublicKey: not a PEM SM2 or P-256 public key");
            }
        }
    }

    private record Stored(Department department, int version, String configHash, Instant updatedAt) {
    }

    private static final RowMapper<Stored> STORED = (rs, n) -> new Stored(
            new Department(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"),
                    rs.getString("division_code"), rs.getString("sealing_public_key"), rs.getBoolean("enabled")),
            rs.getInt("version"), rs.getString("config_hash"), rs.getTimestamp("updated_at").toInstant());
}
