package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.exchangehub.protect.PayloadVault;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inputs that failed validation: kept with reason codes per field and the raw payload encrypted, until fixed
 * and resubmitted or discarded with a reason. Nothing is ever dropped silently.
 */
@Service
public class Quarantine {

    static final String KIND = "quarantine";

    private final JdbcClient jdbc;
    private final PayloadVault vault;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Quarantine(JdbcClient jdbc, PayloadVault vault, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.events = events;
        this.clock = clock;
    }

    /** Quarantines a raw input; returns the quarantine id. */
    @Transactional
    public String put(String sourceDepartment, String recordType, String channel, List<FieldProblem> problems,
            byte[] rawPayload) {
        return put(prepare(sourceDepartment, recordType, null, channel, problems, rawPayload, null, null));
    }

    /**
     * A quarantine entry made ready outside any transaction: a raw source record, read with a mapping
     * ({@code mappingId}) or not, its payload sealed here, so that a large input costs the commit that stores it no
     * encryption. {@code sourceKey} (the record's key in its source, as far as it could be read) and {@code origin} (a
     * file's name) are listed with the entry, a person's ID or phone number in them masked ({@link #listed}).
     */
    public Entry prepare(String sourceDepartment, String recordType, String mappingId, String channel,
            List<FieldProblem> problems, byte[] rawPayload, String sourceKey, String origin) {
        String id = UUID.randomUUID().toString();
        return new Entry(id, sourceDepartment, recordType, mappingId, channel, List.copyOf(problems),
                vault.seal(KIND, id, rawPayload), listed(sourceKey, 200), listed(origin, 255));
    }

    /** Stores a prepared entry and announces it; returns the quarantine id. */
    @Transactional
    public String put(Entry entry) {
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO ingest_quarantine (id, source_department, record_type, mapping_id, channel, reasons, payload,
                    status, created_at, source_key, origin) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)""")
                .params(entry.id(), entry.sourceDepartment(), entry.recordType(), entry.mappingId(), entry.channel(),
                        entry.problems().stream().map(FieldProblem::toString).collect(Collectors.joining(",")),
                        entry.sealedPayload(), Timestamp.from(now), entry.sourceKey(), entry.origin())
                .update();
        events.publishEvent(new RecordQuarantined(entry.id(), entry.sourceDepartment(), entry.recordType(),
                entry.channel(), entry.problems(), now));
        return entry.id();
    }

    /** A quarantine entry ready to be stored: its reasons, its raw payload sealed, its key and file as listed. */
    public record Entry(String id, String sourceDepartment, String recordType, String mappingId, String channel,
            List<FieldProblem> problems, String sealedPayload, String sourceKey, String origin) {

        /** The same entry, listed as read from the file {@code file}. */
        public Entry from(String file) {
            return new Entry(id, sourceDepartment, recordType, mappingId, channel, problems, sealedPayload, sourceKey,
                    listed(file, 255));
        }
    }

    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{11,17}[\\dXx]?");

    /**
     * A key or file name as listed, cut to the column: a run of digits that is a valid resident ID number or mobile
     * phone number (a department that keys its records by a person's number) is masked; record numbers such as
     * {@code XF33012026110200} are shown as they are.
     */
    static String listed(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String masked = DIGIT_RUN.matcher(text.strip()).replaceAll(run -> {
            String digits = run.group();
            boolean personal = (digits.length() == 15 || digits.length() == 18)
                    && ResidentIdNumber.check(digits).isValid()
                    || digits.length() == 11 && MobilePhone.check(digits).isValid();
            return personal ? digits.substring(0, 3) + "*".repeat(digits.length() - 5)
                    + digits.substring(digits.length() - 2) : digits;
        });
        return masked.length() > max ? masked.substring(0, max - 1) + "…" : masked;
    }

    /** Entries with a status ({@code OPEN}, {@code RESUBMITTED}, {@code DISCARDED}), oldest first. */
    public List<QuarantineEntry> list(String status) {
        return jdbc.sql(SELECT + " WHERE status = ? ORDER BY created_at, id").param(status).query(ENTRY).list();
    }

    /** How many entries have a status. */
    public long count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM ingest_quarantine WHERE status = ?").param(status).query(Long.class)
                .single();
    }

    /** One entry, whatever its status. */
    public Optional<QuarantineEntry> entry(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ENTRY).optional();
    }

    private static final String SELECT = "SELECT id, source_department, record_type, channel, reasons, status,"
            + " resolution, created_at, source_key, origin FROM ingest_quarantine";
    private static final RowMapper<QuarantineEntry> ENTRY = (rs, n) -> new QuarantineEntry(
            rs.getString("id"), rs.getString("source_department"), rs.getString("record_type"), rs.getString("channel"),
            Arrays.stream(rs.getString("reasons").split(",")).map(FieldProblem::parse).toList(), rs.getString("status"),
            rs.getString("resolution"), rs.getTimestamp("created_at").toInstant(), rs.getString("source_key"),
            rs.getString("origin"));

    /** The decrypted raw input of an entry, for fixing. */
    public String rawPayload(String id) {
        String token = jdbc.sql("SELECT payload FROM ingest_quarantine WHERE id = ?").param(id).query(String.class)
                .optional().orElseThrow(() -> new IllegalArgumentException("no quarantine entry " + id));
        return new String(vault.open(KIND, id, token), UTF_8);
    }

    /** The mapping an entry was read with, if any. */
    public Optional<String> mappingOf(String id) {
        return jdbc.sql("SELECT mapping_id FROM ingest_quarantine WHERE id = ?").param(id).query(String.class)
                .optional();
    }

    /** Marks an open entry resolved; false when it was not open. */
    @Transactional
    public boolean resolve(String id, String status, String resolution) {
        if (resolution == null || resolution.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        return jdbc.sql("UPDATE ingest_quarantine SET status = ?, resolution = ?, resolved_at = ?"
                + " WHERE id = ? AND status = 'OPEN'")
                .params(status, resolution, Timestamp.from(clock.instant()), id).update() == 1;
    }
}
