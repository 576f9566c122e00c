package org.exchangehub.verification;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.VerifiedDetail;
import org.exchangehub.catalog.Catalog;
import org.exchangehub.catalog.CatalogEntry;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Journal;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.PemKeys;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.schema.RegisteredSchema;
import org.exchangehub.schema.SchemaRegistry;
import org.exchangehub.verification.internal.ProviderCalls;
import org.exchangehub.verification.internal.QuestionLimits;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Query services in X-Road's manner: a provider department answers calls of other departments through a route of the
 * hub ({@code direct:query-<provider>-<service>}, usually a REST call to the provider's system). The hub checks the
 * caller's grant (a catalog resource of kind QUERY, requested with the fields and views it needs and approved like
 * any other), passes the query on, checks the provider's answer against the service's record type in the registry,
 * gives the caller only the granted views of its personal fields, and records the call as a QUERIED audit event —
 * with keyed digests of query and answer and the blind indexes of the people concerned, never the data. Nothing of the
 * answer is kept.
 */
@Service
public class QueryServices {

    /** A query: the purpose of the grant, the caller's case, and the query itself — fields of the answer's type. */
    public record Query(String purpose, String caseReference, JsonNode query) {
    }

    /** The provider's answer in the caller's views, and the audit event that records the call. */
    public record Answer(String service, String provider, JsonNode answer, String answeredAt, String auditNode,
            long auditSeq) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENVELOPE = Set.of("recordId", "sourceDepartment",
            "sourceKey", "occurredAt", "ingestedAt");

    private final Catalog catalog;
    private final SharingRequests sharing;
    private final CanonicalSchemas schemas;
    private final InboundRecords inbound;
    private final RecordProtection protection;
    private final Subscriptions subscriptions;
    private final ProviderCalls calls;
    private final QuestionLimits limits;
    private final Journal journal;
    private final AuditLog audit;

    QueryServices(Catalog catalog, SharingRequests sharing, CanonicalSchemas schemas, InboundRecords inbound,
            RecordProtection protection, Subscriptions subscriptions, ProviderCalls calls, QuestionLimits limits,
            Journal journal, AuditLog audit) {
        this.catalog = catalog;
        this.sharing = sharing;
        this.schemas = schemas;
        this.inbound = inbound;
        this.protection = protection;
        this.subscriptions = subscriptions;
        this.calls = calls;
        this.limits = limits;
        this.journal = journal;
        this.audit = audit;
    }

    /**
     * Calls query service {@code service} of department {@code provider} for department {@code caller}.
     *
     * @throws NoSuchElementException   when the provider offers no query service of that code
     * @throws IllegalArgumentException naming the field, for a query that is not complete or not valid
     * @throws AccessDeniedException    without a grant of the service valid now for the query's purpose
     * @throws TooManyQuestions         over the grant's rate or quota, or probing
     * @throws ServiceCallFailed        when the provider has no record for the query, fails, is slow or answers
     *                                  something else than a record of the service's type (the call is audited)
     */
    public Answer call(String caller, String provider, String service, Query query) {
        CatalogEntry entry = catalog.byCode(service).map(Catalog.Listed::entry)
                .filter(e -> e.kind() == CatalogEntry.Kind.QUERY && e.provider().equals(provider))
                .orElseThrow(() -> new NoSuchElementException("no query service '" + service + "' of " + provider));
        RegisteredSchema schema = schemas.forRecordType(entry.recordType()).orElseThrow(
                () -> new IllegalStateException("query service " + service + ": no record type " + entry.recordType()));
        Map<String, String> asked = checked(query, schema.schema());
        SharingRequests.ServiceGrant grant = sharing.queryGrant(caller, service, query.purpose())
                .orElseThrow(() -> new AccessDeniedException(caller + " holds no grant of " + service
                        + " valid now for this purpose: request the catalog resource " + service));
        String queryText = service + "\n" + query.query().toString() + "\n" + query.purpose() + "\n"
                + query.caseReference();
        String queryDigest = protection.keyedDigest(queryText);
        limits.admit(caller, grant.id(), queryDigest);
        String subject = SchemaRegistry.subjectFor(entry.recordType());
        Map<String, String> people = new TreeMap<>(asked);
        Call call = new Call(caller, provider, service, subject, schema.id(), grant, query, queryDigest, people);
        String body;
        try {
            body = calls.call(entry.provider(), entry.code(), caller, query.caseReference(),
                    query.query().toString());
        } catch (ServiceCallFailed failed) {
            record(call, Map.of(), failed.reason().name(), failed.reason().name());
            throw failed;
        }
        JsonNode answer = answer(call, body, entry, schema);
        AuditEvent event = record(call, views(schema.schema(), grant.views()), "ANSWERED", answer.toString());
        return new Answer(service, provider, answer, RecordJson.time(event.at()), event.node(), event.seq());
    }

    private record Call(String caller, String provider, String service, String subject, int schemaId,
            SharingRequests.ServiceGrant grant, Query query, String queryDigest, Map<String, String> people) {
    }

    /** The query's fields as blind indexes, after every field is checked. */
    private Map<String, String> checked(Query query, Schema schema) {
        if (query == null || query.purpose() == null || query.purpose().isBlank()) {
            throw new IllegalArgumentException("purpose: required");
        }
        if (query.caseReference() == null || !query.caseReference().matches(VerifiedDetail.CASE_REFERENCE)) {
            throw new IllegalArgumentException("caseReference: 1 to 64 letters, digits, '-', '_', '/' or '.'");
        }
        if (query.query() == null || !query.query().isObject() || query.query().isEmpty()) {
            throw new IllegalArgumentException("query: an object of fields of " + schema.getName() + " to look for");
        }
        Map<String, String> indexes = new LinkedHashMap<>();
        var fields = query.query().fields();
        while (fields.hasNext()) {
            var field = fields.next();
            Schema.Field declared = schema.getField(field.getKey());
            if (declared == null || ENVELOPE.contains(field.getKey())) {
                throw new IllegalArgumentException("query." + field.getKey() + ": not a field to look for in "
                        + schema.getName());
            }
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new IllegalArgumentException("query." + field.getKey() + ": a value is required");
            }
            if ("resident-id".equals(declared.getProp("format"))) {
                ElementCheck<String> id = ResidentIdNumber.check(field.getValue().asText());
                if (!id.isValid()) {
                    throw new IllegalArgumentException("query." + field.getKey() + ": not a valid resident ID number ("
                            + id.reason() + ")");
                }
                ((ObjectNode) query.query()).put(field.getKey(), id.value());
            }
        }
        for (PiiField pii : protection.piiFields(schema)) {
            JsonNode value = query.query().get(pii.name());
            if (pii.blindIndex() && value != null) {
                indexes.put(pii.name(), protection.blindIndex(pii.category(), value.asText()));
            }
        }
        return indexes;
    }

    /** The provider's answer checked against the record type, in the caller's views; the people it names added. */
    private JsonNode answer(Call call, String body, CatalogEntry entry, RegisteredSchema schema) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw badAnswer(call, entry, "not a JSON object");
        }
        if (!json.has("sourceDepartment")) {
            ((ObjectNode) json).put("sourceDepartment", entry.provider());
        } else if (!entry.provider().equals(json.get("sourceDepartment").asText())) {
            throw badAnswer(call, entry, "sourceDepartment is not " + entry.provider());
        }
        InboundRecords.Checked checked = inbound.check(entry.recordType(), json);
        if (!checked.problems().isEmpty()) {
            FieldProblem first = checked.problems().get(0);
            throw badAnswer(call, entry, first.field() + " " + first.code());
        }
        String pem = subscriptions.department(call.caller()).map(Department::sealingPublicKey).orElse(null);
        RecordProtection.ClearView viewed = protection.viewOfClear(checked.record(), call.subject(),
                new SubscriberView(call.grant().views(), pem == null ? null : PemKeys.readPublicKey(pem)));
        viewed.blindIndexes().forEach(call.people()::putIfAbsent);
        return RecordJson.toJson(viewed.record());
    }

    private ServiceCallFailed badAnswer(Call call, CatalogEntry entry, String what) {
        ServiceCallFailed failed = new ServiceCallFailed(ServiceCallFailed.Reason.BAD_ANSWER, entry.provider()
                + "'s answer to " + entry.code() + " is not a " + entry.recordType() + " record: " + what);
        record(call, Map.of(), failed.reason().name(), failed.reason().name());
        return failed;
    }

    /** The call as a QUERIED event, committed with other callers' work before the caller hears of it. */
    private AuditEvent record(Call call, Map<String, String> views, String outcome, String answered) {
        AuditEntry entry = AuditEntry.queried(call.caller(), call.provider(), call.subject(), call.schemaId(),
                call.grant().id(), call.query().purpose(), views, call.people(), outcome,
                new VerifiedDetail(call.service(), call.query().caseReference(), call.queryDigest(),
                        protection.keyedDigest(call.service() + "\n" + outcome + "\n" + answered), null));
        return journal.inGroupCommit(1, () -> audit.append(entry));
    }

    /** The views disclosed of the record type's PII fields, by name (OMIT for those not granted). */
    private Map<String, String> views(Schema schema, Map<String, FieldView> granted) {
        Map<String, String> views = new TreeMap<>();
        for (PiiField field : protection.piiFields(schema)) {
            views.put(field.name(), granted.getOrDefault(field.name(), FieldView.OMIT).name());
        }
        return views;
    }
}
