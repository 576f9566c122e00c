package org.exchangehub.schema;

import static org.exchangehub.schema.SchemaRegistryException.Code.INCOMPATIBLE_SCHEMA;
import static org.exchangehub.schema.SchemaRegistryException.Code.INVALID_SUBJECT;
import static org.exchangehub.schema.SchemaRegistryException.Code.INVALID_VERSION;
import static org.exchangehub.schema.SchemaRegistryException.Code.SCHEMA_NOT_FOUND;
import static org.exchangehub.schema.SchemaRegistryException.Code.SUBJECT_NOT_FOUND;
import static org.exchangehub.schema.SchemaRegistryException.Code.VERSION_NOT_FOUND;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.exchangehub.schema.internal.CompatibilityConfig;
import org.exchangehub.schema.internal.RegistryStore;
import org.exchangehub.schema.internal.RegistryStore.SchemaRow;
import org.exchangehub.schema.internal.RegistryStore.VersionRow;
import org.exchangehub.schema.internal.SchemaIdentity;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's schema registry: subjects, their versions and global schema ids, persisted in the hub database.
 *
 * <p>Guarantees: a schema id, once given, always resolves to the same schema, across restarts and deletions
 * (deletion removes subject versions, never the id); registering a schema identical to a live version of the
 * subject (see {@link org.exchangehub.schema.internal.SchemaIdentity}) returns that version instead of
 * creating one; a new version is only created when it passes the subject's {@link CompatibilityLevel}; a
 * failed request changes nothing.
 */
@Service
public class SchemaRegistry {

    /** The only schema type this registry serves. */
    public static final String AVRO = "AVRO";

    private static final int MAX_SUBJECT_LENGTH = 255;
    private static final int REGISTER_ATTEMPTS = 3;

    private final RegistryStore store;
    private final CompatibilityConfig compatibility;
    private final TransactionTemplate transactions;
    private final Map<Integer, SchemaRow> rowsById = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<Schema, Integer> idsBySchema = new ConcurrentHashMap<>();

    SchemaRegistry(RegistryStore store, CompatibilityConfig compatibility, TransactionTemplate transactions) {
        this.store = store;
        this.compatibility = compatibility;
        this.transactions = transactions;
    }

    /** The subject of a record type's value schema (TopicNameStrategy style): {@code police-incident-value}. */
    public static String subjectFor(String recordType) {
        return recordType + "-value";
    }

    /**
     * Registers a schema under a subject, or returns the live version that already holds it.
     *
     * @throws SchemaRegistryException {@code INVALID_SCHEMA} or {@code INCOMPATIBLE_SCHEMA}
     */
    public RegisteredSchema register(String subject, String schemaText) {
        checkSubject(subject);
        Schema schema = SchemaIdentity.parse(schemaText);
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.execute(status -> registerOnce(subject, schema));
            } catch (DuplicateKeyException concurrentRegistration) {
                if (attempt == REGISTER_ATTEMPTS) {
                    throw concurrentRegistration;
                }
            }
        }
    }

    /**
     * Checks that {@link #register} would take a schema under a subject — it is held by a live version already, or
     * compatible with the versions the subject's level names — without registering anything.
     *
     * @throws SchemaRegistryException {@code INVALID_SCHEMA} or {@code INCOMPATIBLE_SCHEMA}, as register would
     */
    public void checkRegistrable(String subject, String schemaText) {
        checkSubject(subject);
        Schema schema = SchemaIdentity.parse(schemaText);
        List<VersionRow> rows = store.versions(subject);
        String identity = SchemaIdentity.identityHash(schema);
        if (liveVersionHolding(rows, store.schemaByIdentity(identity).orElse(null)) == null) {
            checkCompatible(subject, schema, rows);
        }
    }

    private RegisteredSchema registerOnce(String subject, Schema schema) {
        String identity = SchemaIdentity.identityHash(schema);
        List<VersionRow> rows = store.versions(subject);
        SchemaRow existing = store.schemaByIdentity(identity).orElse(null);
        VersionRow holding = liveVersionHolding(rows, existing);
        if (holding != null) {
            return toRegistered(holding);
        }
        checkCompatible(subject, schema, rows);
        int id = existing != null ? existing.id()
                : store.insertSchema(AVRO, identity, SchemaIdentity.parsingFingerprint(schema), schema.toString());
        int version = rows.isEmpty() ? 1 : rows.get(rows.size() - 1).version() + 1;
        store.insertVersion(subject, version, id);
        return toRegistered(new VersionRow(subject, version, id, false));
    }

    /** The live version of the subject that holds the schema row, or null. */
    private static VersionRow liveVersionHolding(List<VersionRow> rows, SchemaRow schema) {
        if (schema != null) {
            for (VersionRow row : rows) {
                if (!row.deleted() && row.schemaId() == schema.id()) {
                    return row;
                }
            }
        }
        return null;
    }

    private void checkCompatible(String subject, Schema schema, List<VersionRow> rows) {
        List<RegisteredSchema> live = rows.stream().filter(row -> !row.deleted()).map(this::toRegistered).toList();
        List<String> problems = compatibility.effective(subject).problems(schema, live);
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with"
                    + " an earlier schema for subject \"" + subject + "\", details: " + problems);
        }
    }

    /**
     * Finds the version of a subject that holds a schema.
     *
     * @throws SchemaRegistryException {@code SUBJECT_NOT_FOUND}, {@code SCHEMA_NOT_FOUND} or {@code INVALID_SCHEMA}
     */
    public RegisteredSchema lookup(String subject, String schemaText, boolean includeDeleted) {
        Schema schema = SchemaIdentity.parse(schemaText);
        List<VersionRow> rows = rows(subject, includeDeleted);
        SchemaRow existing = store.schemaByIdentity(SchemaIdentity.identityHash(schema)).orElse(null);
        return rows.stream()
                .filter(row -> existing != null && row.schemaId() == existing.id())
                .reduce((first, second) -> second)
                .map(this::toRegistered)
                .orElseThrow(() -> new SchemaRegistryException(SCHEMA_NOT_FOUND, "Schema not found"));
    }

    /** Subjects with at least one live version (or any version, with {@code includeDeleted}). */
    public List<String> subjects(boolean includeDeleted) {
        return store.subjects(includeDeleted);
    }

    /** Version numbers of a subject, oldest first. */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        return rows(subject, includeDeleted).stream().map(VersionRow::version).toList();
    }

    /**
     * One version of a subject.
     *
     * @param version a version number, {@code latest} or {@code -1}
     */
    public RegisteredSchema version(String subject, String version, boolean includeDeleted) {
        return toRegistered(row(rows(subject, includeDeleted), version));
    }

    /** The latest live version of a subject. */
    public RegisteredSchema latest(String subject) {
        return version(subject, "latest", false);
    }

    /** The schema with a global id; soft- and hard-deleted subject versions do not affect it. */
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, key -> SchemaIdentity.parse(rowById(key).schemaText()));
    }

    /** The stored text of the schema with a global id. */
    public String schemaTextById(int id) {
        return rowById(id).schemaText();
    }

    /** The subject versions that use a schema id. */
    public List<RegisteredSchema> versionsOfSchema(int id, boolean includeDeleted) {
        rowById(id);
        return store.versionsOfSchema(id).stream()
                .filter(row -> includeDeleted || !row.deleted())
                .map(this::toRegistered)
                .toList();
    }

    /**
     * The global id of a schema registered under any subject.
     *
     * @throws SchemaRegistryException {@code SCHEMA_NOT_FOUND} when the schema was never registered
     */
    public int idOf(Schema schema) {
        Integer cached = idsBySchema.get(schema);
        if (cached != null) {
            return cached;
        }
        int id = store.schemaByIdentity(SchemaIdentity.identityHash(schema)).map(SchemaRow::id)
                .orElseThrow(() -> new SchemaRegistryException(SCHEMA_NOT_FOUND,
                        "Schema " + schema.getFullName() + " is not registered"));
        idsBySchema.put(schema, id);
        return id;
    }

    /**
     * Checks a schema against one version of a subject ({@code version} given) or against the versions the
     * subject's compatibility level names ({@code version} null).
     *
     * @return the incompatibilities; empty when compatible
     */
    public List<String> compatibilityProblems(String subject, String version, String schemaText) {
        Schema schema = SchemaIdentity.parse(schemaText);
        List<VersionRow> rows = rows(subject, false);
        CompatibilityLevel level = compatibility.effective(subject);
        if (version == null) {
            return level.problems(schema, rows.stream().map(this::toRegistered).toList());
        }
        return level.problemsAgainst(schema, toRegistered(row(rows, version)));
    }

    List<VersionRow> rows(String subject, boolean includeDeleted) {
        List<VersionRow> rows = store.versions(subject).stream()
                .filter(row -> includeDeleted || !row.deleted())
                .toList();
        if (rows.isEmpty()) {
            throw new SchemaRegistryException(SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return rows;
    }

    static VersionRow row(List<VersionRow> rows, String version) {
        Integer number = parseVersion(version);
        if (number == null) {
            return rows.get(rows.size() - 1);
        }
        return rows.stream().filter(row -> row.version() == number).findFirst()
                .orElseThrow(() -> new SchemaRegistryException(VERSION_NOT_FOUND, "Version " + number + " not found."));
    }

    /** A version number, or null for {@code latest}/{@code -1}. */
    static Integer parseVersion(String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return null;
        }
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SchemaRegistryException(INVALID_VERSION, "The specified version '" + version + "' is not a valid"
                + " version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    RegisteredSchema toRegistered(VersionRow row) {
        return new RegisteredSchema(row.subject(), row.version(), row.schemaId(), schemaTextById(row.schemaId()),
                schemaById(row.schemaId()), row.deleted());
    }

    private SchemaRow rowById(int id) {
        SchemaRow row = rowsById.get(id);
        if (row == null) {
            row = store.schemaById(id).orElseThrow(
                    () -> new SchemaRegistryException(SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
            rowsById.put(id, row);
        }
        return row;
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new SchemaRegistryException(INVALID_SUBJECT,
                    "Invalid subject: 1 to " + MAX_SUBJECT_LENGTH + " characters, no control characters");
        }
    }
}
