package org.exchangehub.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.avro.Schema;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.catalog.internal.CatalogJson;
import org.exchangehub.catalog.internal.CatalogProperties;
import org.exchangehub.catalog.internal.CatalogStore.Stored;
import org.exchangehub.catalog.internal.CatalogStore;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Departments;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sharing catalog: one entry per (provider, record type), checked against the departments and the registry.
 * Seeded from {@code config/catalog.yaml} the way subscriptions are (created when first seen, re-applied as a new
 * version when the file entry changes, removed when it leaves the file; a bad entry stops startup naming its key);
 * admins add, replace and remove entries through the API. Every change is a version and an {@code ADMIN_CHANGE}
 * audit event. A change applies to requests made from then on; grants already made keep their terms until they
 * expire or are revoked.
 */
@Service
public class Catalog {

    /** An entry with its version and its data items. */
    public record Listed(CatalogEntry entry, int version, String origin, Instant updatedAt, String updatedBy,
            List<CatalogItem> items) {
    }

    private static final String CONFIG = "config";

    private final CatalogProperties properties;
    private final CatalogStore store;
    private final Departments departments;
    private final CanonicalSchemas schemas;
    private final RecordProtection protection;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectProvider<VerificationOffers> verifications;

    Catalog(CatalogProperties properties, CatalogStore store, Departments departments, CanonicalSchemas schemas,
            RecordProtection protection, AuditLog audit, TransactionTemplate transactions, Clock clock,
            ObjectProvider<VerificationOffers> verifications) {
        this.verifications = verifications;
        this.properties = properties;
        this.store = store;
        this.departments = departments;
        this.schemas = schemas;
        this.protection = protection;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Applies {@code config/catalog.yaml} once the context (and so the seeded departments) is ready. */
    @EventListener(ContextRefreshedEvent.class)
    void seed() {
        List<CatalogEntry> configured = properties.entries();
        for (int i = 0; i < configured.size(); i++) {
            List<String> problems = problems(configured.get(i), configured.subList(0, i));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("config/catalog.yaml: hub.catalog.entries[" + i + "] ("
                        + configured.get(i).code() + "): " + String.join("; ", problems));
            }
        }
        transactions.executeWithoutResult(status -> {
            List<String> codes = configured.stream().map(CatalogEntry::code).toList();
            for (CatalogEntry entry : configured) {
                String hash = CatalogJson.hash(entry);
                Optional<Stored> stored = store.find(entry.code());
                if (stored.isEmpty() || !hash.equals(stored.get().configHash())) {
                    write(stored.orElse(null), entry, "ACTIVE", "CONFIG", hash, CONFIG);
                }
            }
            store.live().stream().filter(s -> "CONFIG".equals(s.origin()) && !codes.contains(s.entry().code()))
                    .forEach(s -> write(s, s.entry(), "DELETED", "CONFIG", s.configHash(), CONFIG));
        });
    }

    /** Every entry, by code. */
    public List<Listed> all() {
        return store.live().stream().map(this::listed).toList();
    }

    public Optional<Listed> byCode(String code) {
        return store.find(code).filter(s -> "ACTIVE".equals(s.state())).map(this::listed);
    }

    /** The entry with the code, or a 404-style refusal naming it. */
    public CatalogEntry entry(String code) {
        return byCode(code).map(Listed::entry)
                .orElseThrow(() -> new NoSuchElementException("no catalog resource '" + code + "'"));
    }

    /**
     * Adds or replaces an entry after checking it.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public Listed put(CatalogEntry entry, String actor) {
        List<String> problems = problems(entry, List.of());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("catalog resource " + entry.code() + ": " + String.join("; ", problems));
        }
        transactions.executeWithoutResult(status -> {
            Optional<Stored> stored = store.find(entry.code()).filter(s -> "ACTIVE".equals(s.state()));
            write(store.find(entry.code()).orElse(null), entry, "ACTIVE",
                    stored.map(Stored::origin).orElse("API"), stored.map(Stored::configHash).orElse(null), actor);
        });
        return byCode(entry.code()).orElseThrow();
    }

    /**
     * Removes an entry from the catalog (no new requests; grants made keep their terms until they end).
     *
     * @throws NoSuchElementException when there is no such entry
     */
    public void remove(String code, String actor) {
        transactions.executeWithoutResult(status -> {
            Stored stored = store.find(code).filter(s -> "ACTIVE".equals(s.state()))
                    .orElseThrow(() -> new NoSuchElementException("no catalog resource '" + code + "'"));
            write(stored, stored.entry(), "DELETED", stored.origin(), stored.configHash(), actor);
        });
    }

    /** What is wrong with an entry; {@code others} are entries it must not duplicate (besides the stored ones). */
    public List<String> problems(CatalogEntry entry, List<CatalogEntry> others) {
        List<String> problems = new ArrayList<>();
        if (departments.byCode(entry.provider()).isEmpty()) {
            problems.add("provider '" + entry.provider() + "' is not a known department");
        }
        if (entry.kind() == CatalogEntry.Kind.VERIFICATION) {
            verifications.ifAvailable(offers -> offers.providerOf(entry.code()).ifPresentOrElse(
                    provider -> {
                        if (!provider.equals(entry.provider())) {
                            problems.add("provider: " + entry.code() + " is answered from the records of " + provider
                                    + ", not of " + entry.provider());
                        }
                    },
                    () -> problems.add("code: '" + entry.code() + "' is not a verification service of the hub "
                            + new TreeSet<>(offers.codes()))));
        }
        var schema = schemas.forRecordType(entry.recordType());
        if (schema.isEmpty()) {
            problems.add("record-type '" + entry.recordType() + "' is not one of " + schemas.recordTypes());
        } else {
            List<String> pii = protection.piiFields(schema.get().schema()).stream().map(PiiField::name).toList();
            entry.fields().forEach((field, rule) -> {
                if (!pii.contains(field)) {
                    problems.add("fields." + field + ": not a PII field of " + entry.recordType() + " " + pii
                            + " (non-PII fields travel with every record and share the resource's attribute)");
                    return;
                }
                if (rule.sharing() != null && rule.sharing().isMoreOpenThan(entry.sharing())) {
                    problems.add("fields." + field + ".sharing: " + rule.sharing()
                            + " is more open than the resource's " + entry.sharing());
                }
                if (rule.maxView() == FieldView.OMIT) {
                    problems.add("fields." + field + ".max-view: OMIT; mark the field NOT_SHARED instead");
                }
            });
        }
        if (entry.channels().contains(DeliveryChannel.Type.FILE)) {
            problems.add("channels: FILE drops are set up by admins, not offered to requesters; offer WEBHOOK or FEED");
        }
        Optional<Listed> sameSource = all().stream().filter(l -> !l.entry().code().equals(entry.code()))
                .filter(l -> sameSource(l.entry(), entry)).findFirst();
        sameSource.ifPresent(l -> problems.add("provider " + entry.provider() + " already offers " + entry.recordType()
                + " as '" + l.entry().code() + "' (one entry per provider, record type and kind)"));
        others.stream().filter(o -> o.code().equals(entry.code()) || sameSource(o, entry))
                .findFirst().ifPresent(o -> problems.add("duplicates entry '" + o.code() + "' (code, or provider,"
                        + " record type and kind)"));
        return problems;
    }

    /** Whether two entries offer the same: the records of one provider and type, or a verification service on them. */
    private static boolean sameSource(CatalogEntry one, CatalogEntry other) {
        return one.provider().equals(other.provider()) && one.recordType().equals(other.recordType())
                && one.kind() == other.kind();
    }

    /** The data items of an entry: every field of its record type, PII ones with their terms. */
    public List<CatalogItem> items(CatalogEntry entry) {
        var registered = schemas.forRecordType(entry.recordType());
        if (registered.isEmpty()) {
            return List.of();
        }
        Schema schema = registered.get().schema();
        Map<String, PiiField> pii = new HashMap<>();
        protection.piiFields(schema).forEach(field -> pii.put(field.name(), field));
        return schema.getFields().stream().map(field -> {
            PiiField p = pii.get(field.name());
            return p == null
                    ? new CatalogItem(field.name(), field.doc(), null, entry.sharing(), null, true)
                    : new CatalogItem(field.name(), field.doc(), p.category().name(), entry.sharingOf(field.name()),
                            entry.maxViewOf(field.name()), false);
        }).toList();
    }

    private Listed listed(Stored stored) {
        return new Listed(stored.entry(), stored.version(), stored.origin(), stored.updatedAt(), stored.updatedBy(),
                items(stored.entry()));
    }

    private void write(Stored stored, CatalogEntry entry, String state, String origin, String configHash,
            String actor) {
        boolean existed = stored != null && "ACTIVE".equals(stored.state());
        if (existed && "ACTIVE".equals(state) && CatalogJson.write(stored.entry()).equals(CatalogJson.write(entry))
                && Objects.equals(configHash, stored.configHash())) {
            return;
        }
        String change = "DELETED".equals(state) ? "REMOVED" : existed ? "REPLACED" : "CREATED";
        int version = stored == null ? 1 : stored.version() + 1;
        store.save(stored != null, new Stored(entry, version, state, origin, configHash, clock.instant(), actor),
                change);
        audit.append(new AuditEntry(actor, "ADMIN_CHANGE", null, null, null, entry.provider(), null, null, null, null,
                null, null, "OK", "catalog resource " + entry.code() + " " + change + " v" + version + " ("
                        + entry.recordType() + ", " + entry.sharing() + ")"));
    }
}
