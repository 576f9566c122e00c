package org.exchangehub.schema;

import static org.exchangehub.schema.SchemaRegistryException.Code.SUBJECT_NOT_SOFT_DELETED;
import static org.exchangehub.schema.SchemaRegistryException.Code.SUBJECT_SOFT_DELETED;
import static org.exchangehub.schema.SchemaRegistryException.Code.VERSION_NOT_SOFT_DELETED;
import static org.exchangehub.schema.SchemaRegistryException.Code.VERSION_SOFT_DELETED;

import java.util.List;

import org.exchangehub.schema.internal.RegistryStore;
import org.exchangehub.schema.internal.RegistryStore.VersionRow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes subjects and versions in two steps, as the Confluent Schema Registry does: a soft delete hides a
 * version (its number stays reserved, {@code ?deleted=true} still shows it); a permanent delete, allowed only
 * after a soft delete, removes it. Schema ids are never removed, so journaled records stay decodable.
 */
@Service
public class SubjectDeletion {

    private final SchemaRegistry registry;
    private final RegistryStore store;

    SubjectDeletion(SchemaRegistry registry, RegistryStore store) {
        this.registry = registry;
        this.store = store;
    }

    /**
     * Deletes every version of a subject.
     *
     * @return the version numbers deleted
     */
    @Transactional
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        List<VersionRow> all = registry.rows(subject, true);
        List<VersionRow> live = all.stream().filter(row -> !row.deleted()).toList();
        if (permanent) {
            if (!live.isEmpty()) {
                throw new SchemaRegistryException(SUBJECT_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            all.forEach(row -> store.deleteVersion(subject, row.version()));
            store.deleteCompatibility(subject);
            return all.stream().map(VersionRow::version).toList();
        }
        if (live.isEmpty()) {
            throw new SchemaRegistryException(SUBJECT_SOFT_DELETED,
                    "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
        }
        live.forEach(row -> store.markDeleted(subject, row.version()));
        return live.stream().map(VersionRow::version).toList();
    }

    /**
     * Deletes one version of a subject.
     *
     * @param version a version number, {@code latest} or {@code -1}
     * @return the version number deleted
     */
    @Transactional
    public int deleteVersion(String subject, String version, boolean permanent) {
        boolean numbered = SchemaRegistry.parseVersion(version) != null;
        VersionRow row = SchemaRegistry.row(registry.rows(subject, permanent || numbered), version);
        if (permanent) {
            if (!row.deleted()) {
                throw new SchemaRegistryException(VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + row.version() + " was not deleted first before being permanently deleted");
            }
            store.deleteVersion(subject, row.version());
            return row.version();
        }
        if (row.deleted()) {
            throw new SchemaRegistryException(VERSION_SOFT_DELETED, "Subject '" + subject + "' Version "
                    + row.version() + " was soft deleted. Set permanent=true to delete permanently");
        }
        store.markDeleted(subject, row.version());
        return row.version();
    }
}
