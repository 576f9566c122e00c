package org.exchangehub.verification;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.VerifiedDetail;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.exchange.Journal;
import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.verification.internal.QuestionLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * Answers verification questions ({@link VerificationService}): checks the question (a bad ID number is a bad
 * request naming the field, never NO_MATCH) and the caller's grant (the catalog's workflow: the service is a catalog
 * resource of kind VERIFICATION, requested and approved like any other, the question's purpose the grant's), turns the ID number into its blind index, looks at the records in force
 * that carry it, decides MATCH, NO_MATCH or NOT_ON_FILE inside the hub — names are compared after decryption here,
 * dates and statuses are read from the records' clear fields — and records the question as a VERIFIED audit event:
 * the person's blind index, purpose, case reference and keyed digests of question and answer, never the ID number,
 * the name or anything read from the records. The answer carries nothing else either.
 */
@Service
public class Verifications {

    /** The answer, and the audit event that records the question. */
    public record Result(String service, VerificationAnswer answer, String checkedAt, String auditNode, long auditSeq) {
    }

    /** The zone of dates: death dates, allowance ends, daily quotas. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);

    private final Journal journal;
    private final RecordProtection protection;
    private final AuditLog audit;
    private final Clock clock;
    private final SharingRequests sharing;
    private final QuestionLimits limits;
    private final MeterRegistry meters;

    Verifications(Journal journal, RecordProtection protection, AuditLog audit, Clock clock, SharingRequests sharing,
            QuestionLimits limits, MeterRegistry meters) {
        this.sharing = sharing;
        this.limits = limits;
        this.meters = meters;
        this.journal = journal;
        this.protection = protection;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Answers a question of department {@code caller}, which must hold a grant of the service (an approved sharing
     * request of the catalog resource of the service's code) for the question's purpose.
     *
     * @throws NoSuchElementException   for an unknown service
     * @throws IllegalArgumentException naming the field, for a question that is not complete or not valid
     * @throws AccessDeniedException    when the caller holds no grant of the service valid now for that purpose
     * @throws TooManyQuestions         when the grant's rate or daily quota is used up, or the caller asked about too
     *                                  many people within the probing window ({@code hub.verification.*})
     */
    public Result verify(String caller, String serviceCode, VerificationRequest request) {
        return verify(caller, caller, serviceCode, request);
    }

    /**
     * Answers a question of department {@code caller} asked by {@code actor} — a person of the department in the
     * console — under the department's grant; the audit event names both.
     *
     * @see #verify(String, String, VerificationRequest)
     */
    public Result verify(String caller, String actor, String serviceCode, VerificationRequest request) {
        VerificationService service = service(serviceCode);
        Question question = question(service, request);
        String grant = grant(caller, service, request.purpose());
        if (limits.admit(caller, grant, question.token())) {
            log.warn("Verification: {} asked about many different people in a short time; questions about further"
                    + " people are refused for the window (probing?)", caller);
            meters.counter("hub.verification.probing", "department", caller).increment();
            audit.append(AuditEntry.of(caller, AuditAction.ACCESS_DENIED, "PROBING", "verification: " + caller
                    + " reached the limit of people asked about within the window; questions about further people"
                    + " are refused until it passes"));
        }
        VerificationAnswer answer = answer(question);
        Instant now = clock.instant();
        AuditEntry entry = entry(actor, caller, grant, question, answer, now, null);
        // committed with other callers' work (the journal's group commit): one durable commit for many questions,
        // and the answer leaves only once its question is in the audit chain
        AuditEvent event = journal.inGroupCommit(1, () -> audit.append(entry));
        return new Result(service.code(), answer, RecordJson.time(now), event.node(), event.seq());
    }

    /**
     * A question checked and made safe to keep: the person's blind index and keyed digests instead of the ID number
     * and the name, so that a batch can hold its questions until they are answered.
     *
     * @param nameDigest the keyed digest of the asserted name, normalized; null when the service takes none
     * @param digest     the keyed digest of the whole question as asked, for the audit event
     */
    record Question(VerificationService service, String token, String nameDigest, LocalDate diedOnOrBefore,
            String purpose, String caseReference, String digest) {
    }

    /** @throws NoSuchElementException for an unknown service */
    static VerificationService service(String code) {
        return VerificationService.named(code)
                .orElseThrow(() -> new NoSuchElementException("no verification service '" + code + "'"));
    }

    /** @throws AccessDeniedException when the caller holds no grant of the service valid now for the purpose */
    String grant(String caller, VerificationService service, String purpose) {
        return sharing.serviceGrant(caller, service.code(), purpose)
                .orElseThrow(() -> new AccessDeniedException(caller + " holds no grant of " + service.code()
                        + " valid now for this purpose: request the catalog resource " + service.code()));
    }

    /** @throws IllegalArgumentException naming the field, for a question that is not complete or not valid */
    Question question(VerificationService service, VerificationRequest request) {
        String idNumber = checked(service, request);
        String name = normalizedName(request.name());
        String asked = String.join("\n", service.code(), idNumber, String.valueOf(name),
                String.valueOf(request.diedOnOrBefore()), request.purpose(), request.caseReference());
        return new Question(service, protection.blindIndex(PiiCategory.ID_NUMBER, idNumber),
                name == null ? null : protection.keyedDigest(name), request.diedOnOrBefore(), request.purpose(),
                request.caseReference(), protection.keyedDigest(asked));
    }

    /** The answer from the records in force that carry the person's blind index. */
    VerificationAnswer answer(Question question) {
        return answer(question, inForce(question.service(), List.of(question.token()))
                .getOrDefault(question.token(), List.of()));
    }

    /** The records in force of the service's sources about each of these people, looked up together. */
    Map<String, List<Journal.JournaledRecord>> inForce(VerificationService service, Collection<String> tokens) {
        Map<String, List<Journal.JournaledRecord>> found = new HashMap<>();
        for (VerificationService.Source source : service.sources()) {
            journal.currentWithBlindIndexes(tokens, source.recordType(), source.idField()).forEach((token, records) ->
                    found.computeIfAbsent(token, t -> new ArrayList<>()).addAll(records));
        }
        return found;
    }

    /** The answer from the records in force about the question's person. */
    VerificationAnswer answer(Question question, List<Journal.JournaledRecord> inForce) {
        VerificationAnswer answer = inForce.isEmpty() ? VerificationAnswer.NOT_ON_FILE
                : inForce.stream().anyMatch(record -> confirms(question, record))
                        ? VerificationAnswer.MATCH : VerificationAnswer.NO_MATCH;
        meters.counter("hub.verification.questions", "service", question.service().code(), "answer", answer.name())
                .increment();
        return answer;
    }

    /**
     * The VERIFIED audit entry of an answered question; {@code origin} names a batch's row or a watch
     * ({@link VerifiedDetail}), null for one call.
     */
    AuditEntry entry(String actor, String caller, String grant, Question question, VerificationAnswer answer,
            Instant at, String origin) {
        String answered = String.join("\n", question.service().code(), answer.name(), RecordJson.time(at));
        return AuditEntry.verified(actor, caller, question.service().provider(), grant, question.purpose(),
                question.token(), answer.name(), new VerifiedDetail(question.service().code(), question.caseReference(),
                        question.digest(), protection.keyedDigest(answered), origin));
    }

    /** The question's ID number, normalized, after every field is checked. */
    private String checked(VerificationService service, VerificationRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("body: a question is required");
        }
        if (request.purpose() == null || request.purpose().isBlank()) {
            throw new IllegalArgumentException("purpose: required");
        }
        if (request.caseReference() == null || request.caseReference().isBlank()) {
            throw new IllegalArgumentException("caseReference: required");
        }
        if (!request.caseReference().matches(VerifiedDetail.CASE_REFERENCE)) {
            throw new IllegalArgumentException("caseReference: 1 to 64 letters, digits, '-', '_', '/' or '.'");
        }
        if (request.idNumber() == null || request.idNumber().isBlank()) {
            throw new IllegalArgumentException("idNumber: required");
        }
        ElementCheck<String> id = ResidentIdNumber.check(request.idNumber());
        if (!id.isValid()) {
            throw new IllegalArgumentException("idNumber: not a valid resident ID number (" + id.reason() + ")");
        }
        if (service.check() == VerificationService.Check.NAME
                && (request.name() == null || request.name().isBlank())) {
            throw new IllegalArgumentException("name: required by " + service.code());
        }
        if (service.check() != VerificationService.Check.NAME && request.name() != null) {
            throw new IllegalArgumentException("name: " + service.code() + " does not take a name");
        }
        if (service.check() != VerificationService.Check.DIED && request.diedOnOrBefore() != null) {
            throw new IllegalArgumentException("diedOnOrBefore: only death-status takes it");
        }
        return id.value();
    }

    private boolean confirms(Question question, Journal.JournaledRecord record) {
        GenericRecord fields = record.record();
        return switch (question.service().check()) {
            case DIED -> question.diedOnOrBefore() == null
                    || !deathDate(fields).isAfter(question.diedOnOrBefore());
            case NAME -> {
                GenericRecord clear = protection.reveal(fields, record.subject());
                yield question.nameDigest()
                        .equals(protection.keyedDigest(normalizedName(String.valueOf(clear.get("name")))));
            }
            case ACTIVE_ALLOWANCE -> "ACTIVE".equals(String.valueOf(fields.get("status")))
                    && (fields.get("endDate") == null || !LocalDate.ofEpochDay((Integer) fields.get("endDate"))
                            .isBefore(LocalDate.now(clock.withZone(ZONE))));
        };
    }

    /** The date of death a death certificate (time of death) or a death registration (date) gives. */
    private static LocalDate deathDate(GenericRecord record) {
        if (record.getSchema().getField("dateOfDeath") != null) {
            return LocalDate.ofEpochDay((Integer) record.get("dateOfDeath"));
        }
        return Instant.ofEpochMilli((Long) record.get("deathTime")).atZone(ZONE).toLocalDate();
    }

    /** A name as compared: no white space, one middle dot for the several in use in minority names. */
    static String normalizedName(String name) {
        return name == null ? null : name.replaceAll("\\s+", "").replaceAll("[•・‧∙⋅･]", "·");
    }
}
