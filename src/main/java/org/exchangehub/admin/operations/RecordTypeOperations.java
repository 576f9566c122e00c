package org.exchangehub.admin.operations;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.Mappings;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiAnnotations;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RegisteredSchema;
import org.springframework.stereotype.Service;

/**
 * Record types, mappings and code tables added while the hub runs, for the admin API and the console: each checked
 * as at startup (a refused one changes nothing and says why, naming the file and field), each change an
 * {@code ADMIN_CHANGE} audit event with the admin's name.
 */
@Service
public class RecordTypeOperations {

    /** A record type: its subject and version in use, the schema's doc and its fields. */
    public record RecordTypeView(String recordType, String subject, int version, int schemaId, String doc,
            List<FieldView> fields) {
    }

    /** A field: name, Avro type, doc, and the hub's annotations (pii category, blind index, element format). */
    public record FieldView(String name, String type, String doc, String pii, boolean blindIndex, String format) {
    }

    private final CanonicalSchemas schemas;
    private final Mappings mappings;
    private final AuditLog audit;

    RecordTypeOperations(CanonicalSchemas schemas, Mappings mappings, AuditLog audit) {
        this.schemas = schemas;
        this.mappings = mappings;
        this.audit = audit;
    }

    public List<RecordTypeView> recordTypes() {
        return schemas.recordTypes().stream().map(this::recordType).toList();
    }

    /**
     * @throws NoSuchElementException no such record type
     */
    public RecordTypeView recordType(String recordType) {
        RegisteredSchema registered = schemas.forRecordType(recordType)
                .orElseThrow(() -> new NoSuchElementException("no record type '" + recordType + "'"));
        Schema schema = registered.schema();
        Map<String, PiiField> pii = PiiAnnotations.of(schema).stream()
                .collect(Collectors.toMap(PiiField::name, Function.identity()));
        List<FieldView> fields = schema.getFields().stream().map(field -> {
            PiiField personal = pii.get(field.name());
            return new FieldView(field.name(), typeName(field.schema()), field.doc(),
                    personal == null ? null : personal.category().name(), personal != null && personal.blindIndex(),
                    field.getProp("format"));
        }).toList();
        return new RecordTypeView(recordType, registered.subject(), registered.version(), registered.id(),
                schema.getDoc(), fields);
    }

    /**
     * Adds a record type ({@link CanonicalSchemas#add}); audited when it is new.
     *
     * @return true when added, false when the same schema was in use already
     */
    public boolean addRecordType(String recordType, String schemaText, String actor) {
        CanonicalSchemas.Added added = schemas.add(recordType, schemaText);
        if (added.created()) {
            RegisteredSchema registered = added.schema();
            audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "record-type " + recordType + " ADDED: "
                    + registered.subject() + " version " + registered.version() + ", schema id " + registered.id()));
        }
        return added.created();
    }

    /**
     * Registers new schema files of the schema directory ({@link CanonicalSchemas#refresh}).
     *
     * @throws IllegalArgumentException naming the file of the first problem; nothing added
     */
    public CanonicalSchemas.Refreshed refresh(String actor) {
        CanonicalSchemas.Refreshed refreshed;
        try {
            refreshed = schemas.refresh();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("nothing added: " + e.getMessage());
        }
        if (!refreshed.added().isEmpty()) {
            audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "record-types ADDED from the schema directory: "
                    + refreshed.added()));
        }
        return refreshed;
    }

    public Mappings.Loaded mappings() {
        return mappings.loaded();
    }

    /**
     * Adds or replaces a mapping or code table ({@link Mappings#put}); audited.
     *
     * @return true when the file is new
     * @throws IllegalArgumentException naming the file and field of the first problem; nothing changed
     */
    public boolean putMappingFile(Mappings.Kind kind, String id, String yaml, String actor) {
        boolean created;
        try {
            created = mappings.put(kind, id, yaml);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("nothing changed: " + e.getMessage());
        }
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", (kind == Mappings.Kind.MAPPING ? "mapping "
                : "code-table ") + id + " " + (created ? "ADDED" : "REPLACED")));
        return created;
    }

    private static String typeName(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return String.join(" | ", schema.getTypes().stream().map(RecordTypeOperations::typeName).toList());
        }
        return schema.getLogicalType() != null ? schema.getLogicalType().getName() : schema.getType().getName();
    }
}
