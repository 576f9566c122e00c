package org.exchangehub.verification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.VerifiedDetail;
import org.exchangehub.cluster.ClusterProperties;
import org.exchangehub.exchange.Journal;
import org.exchangehub.exchange.RecordPublished;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.verification.internal.QuestionLimits;
import org.exchangehub.verification.internal.VerificationProperties;
import org.exchangehub.verification.internal.WatchStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Watches: a department's standing question about a person under its grant of a verification service — "tell us when
 * this person's death-status answer changes". The first answer is given at once like any question; afterwards the hub
 * answers the question again whenever a record of the service's sources about the person is journaled (on any node:
 * each node learns of the people watched every few seconds), and at least every {@code watch-sweep} (answers can
 * change with time alone, an allowance reaching its end date). A changed answer is a VERIFIED audit event naming the
 * watch and a change the department reads and acknowledges ({@link #changes}, {@link #acknowledge}). Like batches, a
 * watch keeps no ID number or name; a watch whose grant has ended is ended with it.
 */
@Service
public class VerificationWatches {

    /** A watch as its department sees it. */
    public record Watch(String id, String service, String purpose, String caseReference, VerificationAnswer answer,
            String createdAt, String checkedAt) {
    }

    /** A change of a watch's answer, waiting for its department's acknowledgement. */
    public record Change(long seq, String watch, String service, String caseReference, VerificationAnswer previous,
            VerificationAnswer answer, String changedAt, String auditNode, long auditSeq) {
    }

    private static final Logger log = LoggerFactory.getLogger(VerificationWatches.class);
    private static final int SWEEP_CHUNK = 500;

    private final Verifications verifications;
    private final WatchStore store;
    private final QuestionLimits limits;
    private final VerificationProperties properties;
    private final Journal journal;
    private final AuditLog audit;
    private final Clock clock;
    private final ClusterProperties cluster;
    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private volatile Set<String> watched = Set.of();

    VerificationWatches(Verifications verifications, WatchStore store, QuestionLimits limits,
            VerificationProperties properties, Journal journal, AuditLog audit, Clock clock,
            ClusterProperties cluster) {
        this.cluster = cluster;
        this.verifications = verifications;
        this.store = store;
        this.limits = limits;
        this.properties = properties;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Asks a question of department {@code caller} and keeps watching it; returns the watch with the first answer.
     *
     * @throws IllegalStateException when the department holds {@code watch-max} active watches already
     * @see Verifications#verify(String, String, VerificationRequest) for the other refusals
     */
    public Watch watch(String caller, String actor, String serviceCode, VerificationRequest request) {
        VerificationService service = Verifications.service(serviceCode);
        Verifications.Question question = verifications.question(service, request);
        String grant = verifications.grant(caller, service, request.purpose());
        if (store.count(caller) >= properties.watchMax()) {
            throw new IllegalStateException(caller + " holds " + properties.watchMax() + " active watches"
                    + " (hub.verification.watch-max): end some first");
        }
        limits.admit(caller, grant, question.token());
        VerificationAnswer answer = verifications.answer(question);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        WatchStore.Watch watch = new WatchStore.Watch(id, caller, actor, service.code(), request.purpose(),
                request.caseReference(), question.token(), question.nameDigest(), question.diedOnOrBefore(),
                question.digest(), answer.name(), now, now, null);
        journal.inGroupCommit(1, () -> {
            store.insert(watch);
            return audit.append(verifications.entry(actor, caller, grant, question, answer, now,
                    VerifiedDetail.watch(id)));
        });
        Set<String> more = new HashSet<>(watched);
        more.add(question.token());
        watched = Set.copyOf(more);
        return view(watch);
    }

    /** The caller's active watches, newest first. */
    public List<Watch> list(String caller) {
        return store.active(caller).stream().map(VerificationWatches::view).toList();
    }

    /** Ends a watch of the caller's. @throws NoSuchElementException when it has no such active watch */
    public void end(String caller, String id) {
        if (!store.end(id, caller, clock.instant())) {
            throw new NoSuchElementException("no active watch " + id + " of " + caller);
        }
    }

    /** The caller's changes not yet acknowledged, oldest first, at most 100. */
    public List<Change> changes(String caller) {
        List<Change> changes = new ArrayList<>();
        for (WatchStore.Change change : store.changes(caller, 100)) {
            WatchStore.Watch watch = store.watch(change.watchId()).orElseThrow();
            changes.add(new Change(change.seq(), change.watchId(), watch.service(), watch.caseReference(),
                    VerificationAnswer.valueOf(change.previous()), VerificationAnswer.valueOf(change.answer()),
                    RecordJson.time(change.changedAt()), change.auditNode(), change.auditSeq()));
        }
        return changes;
    }

    /** Acknowledges changes of the caller's; returns how many were waiting. */
    public int acknowledge(String caller, List<Long> seqs) {
        return store.acknowledge(caller, seqs == null ? List.of() : seqs);
    }

    /**
     * A record journaled: when it is of a watched service's sources and about a person watched, the person's watches
     * are due. Runs in the journal's transaction: only a lookup in memory.
     */
    @EventListener
    void on(RecordPublished record) {
        Set<String> people = watched;
        if (people.isEmpty()) {
            return;
        }
        for (VerificationService service : VerificationService.ALL.values()) {
            for (VerificationService.Source source : service.sources()) {
                String token = source.recordType().equals(record.recordType())
                        ? record.blindIndexes().get(source.idField()) : null;
                if (token != null && people.contains(token)) {
                    due.add(token);
                }
            }
        }
    }

    /** Learns which people are watched when the node starts. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        watched = store.tokens();
    }

    /**
     * Answers the due watches again (records arrived about them); in a cluster, first learns which people are watched
     * (watches made on other nodes).
     */
    @Scheduled(fixedDelayString = "${hub.verification.watch-check:1s}",
            initialDelayString = "${hub.verification.watch-check:1s}")
    void checkDue() {
        if (cluster.enabled()) {
            watched = store.tokens();
        }
        if (due.isEmpty()) {
            return;
        }
        List<String> tokens = new ArrayList<>(due);
        due.removeAll(tokens);
        store.watching(tokens).forEach(this::check);
    }

    /** Answers every watch again that was not checked within {@code watch-sweep}, in chunks; once a minute. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void sweep() {
        Instant before = clock.instant().minus(properties.watchSweep());
        List<WatchStore.Watch> stale;
        do {
            stale = store.uncheckedSince(before, SWEEP_CHUNK);
            stale.forEach(this::check);
        } while (stale.size() == SWEEP_CHUNK);
    }

    /** Answers a watch again; records a change, or ends the watch when its grant has ended. */
    private void check(WatchStore.Watch watch) {
        VerificationService service = Verifications.service(watch.service());
        String grant;
        try {
            grant = verifications.grant(watch.department(), service, watch.purpose());
        } catch (AccessDeniedException ended) {
            store.end(watch.id(), watch.department(), clock.instant());
            log.info("Watch {} of {}: ended with its grant", watch.id(), watch.department());
            return;
        }
        Verifications.Question question = new Verifications.Question(service, watch.token(), watch.nameDigest(),
                watch.diedOnOrBefore(), watch.purpose(), watch.caseReference(), watch.question());
        VerificationAnswer answer = verifications.answer(question);
        Instant now = clock.instant();
        if (answer.name().equals(watch.answer())) {
            store.checked(watch.id(), now);
            return;
        }
        journal.inGroupCommit(1, () -> {
            if (store.move(watch.id(), watch.answer(), answer.name(), now)) {
                AuditEvent event = audit.append(verifications.entry(watch.actor(), watch.department(), grant,
                        question, answer, now, VerifiedDetail.watch(watch.id())));
                store.changed(watch.id(), watch.department(), watch.answer(), answer.name(), now, event.node(),
                        event.seq());
            }
            return null;
        });
    }

    private static Watch view(WatchStore.Watch watch) {
        return new Watch(watch.id(), watch.service(), watch.purpose(), watch.caseReference(),
                VerificationAnswer.valueOf(watch.answer()), RecordJson.time(watch.createdAt()),
                RecordJson.time(watch.checkedAt()));
    }
}
