package org.exchangehub.schema.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Rows of the registry tables. Schema rows are never updated or deleted: an id, once given, keeps pointing
 * at its schema so that every record ever journaled in wire format stays decodable.
 */
@Repository
public class RegistryStore {

    // explicit mappers: Spring's property-based ones ask the driver for camelCase columns first, and H2 answers each
    // miss with an exception that it also writes, with its stack trace, to its trace file
    private static final RowMapper<SchemaRow> SCHEMA_ROW_ROWS = (rs, n) -> new SchemaRow(rs.getInt("id"), rs.getString("schema_type"), rs.getString("identity_hash"), rs.getString("schema_text"));
    private static final RowMapper<VersionRow> VERSION_ROW_ROWS = (rs, n) -> new VersionRow(rs.getString("subject"), rs.getInt("version"), rs.getInt("schema_id"), rs.getBoolean("deleted"));

    /** Subject name under which the global compatibility level is stored. */
    static final String GLOBAL = "";

    /** A stored schema. */
    public record SchemaRow(int id, String schemaType, String identityHash, String schemaText) {
    }

    /** A subject version. */
    public record VersionRow(String subject, int version, int schemaId, boolean deleted) {
    }

    private final JdbcClient jdbc;

    RegistryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SchemaRow> schemaByIdentity(String identityHash) {
        return jdbc.sql("SELECT id, schema_type, identity_hash, schema_text FROM registry_schema WHERE identity_hash = ?")
                .param(identityHash).query(SCHEMA_ROW_ROWS).optional();
    }

    public Optional<SchemaRow> schemaById(int id) {
        return jdbc.sql("SELECT id, schema_type, identity_hash, schema_text FROM registry_schema WHERE id = ?")
                .param(id).query(SCHEMA_ROW_ROWS).optional();
    }

    public int insertSchema(String schemaType, String identityHash, long pcfFingerprint, String schemaText) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO registry_schema (schema_type, identity_hash, pcf_fingerprint, schema_text, created_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(schemaType, identityHash, pcfFingerprint, schemaText, Timestamp.from(Instant.now()))
                .update(keys, "id");
        return keys.getKey().intValue();
    }

    /** All versions of a subject, soft-deleted ones included, oldest first. */
    public List<VersionRow> versions(String subject) {
        return jdbc.sql("""
                SELECT subject, version, schema_id, deleted FROM registry_subject_version
                WHERE subject = ? ORDER BY version""")
                .param(subject).query(VERSION_ROW_ROWS).list();
    }

    /** The subject versions that use a schema id. */
    public List<VersionRow> versionsOfSchema(int schemaId) {
        return jdbc.sql("""
                SELECT subject, version, schema_id, deleted FROM registry_subject_version
                WHERE schema_id = ? ORDER BY subject, version""")
                .param(schemaId).query(VERSION_ROW_ROWS).list();
    }

    public List<String> subjects(boolean includeDeleted) {
        return jdbc.sql("""
                SELECT DISTINCT subject FROM registry_subject_version
                WHERE deleted = FALSE OR ? ORDER BY subject""")
                .param(includeDeleted).query(String.class).list();
    }

    public void insertVersion(String subject, int version, int schemaId) {
        jdbc.sql("""
                INSERT INTO registry_subject_version (subject, version, schema_id, deleted, created_at)
                VALUES (?, ?, ?, FALSE, ?)""")
                .params(subject, version, schemaId, Timestamp.from(Instant.now())).update();
    }

    public void markDeleted(String subject, int version) {
        jdbc.sql("UPDATE registry_subject_version SET deleted = TRUE WHERE subject = ? AND version = ?")
                .params(subject, version).update();
    }

    public void deleteVersion(String subject, int version) {
        jdbc.sql("DELETE FROM registry_subject_version WHERE subject = ? AND version = ?")
                .params(subject, version).update();
    }

    public Optional<String> compatibility(String subject) {
        return jdbc.sql("SELECT compatibility FROM registry_config WHERE subject = ?")
                .param(subject).query(String.class).optional();
    }

    public void saveCompatibility(String subject, String level) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("UPDATE registry_config SET compatibility = ?, updated_at = ? WHERE subject = ?")
                .params(level, now, subject).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO registry_config (subject, compatibility, updated_at) VALUES (?, ?, ?)")
                    .params(subject, level, now).update();
        }
    }

    public void deleteCompatibility(String subject) {
        jdbc.sql("DELETE FROM registry_config WHERE subject = ?").param(subject).update();
    }
}
