package org.exchangehub.verification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.audit.VerifiedDetail;
import org.exchangehub.exchange.Journal;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.verification.internal.BatchStore;
import org.exchangehub.verification.internal.QuestionLimits;
import org.exchangehub.verification.internal.VerificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.annotation.PreDestroy;

/**
 * Verification questions asked in batches: a department hands in a file of questions (one service, one purpose under
 * its grant), gets a job at once, and the hub answers the rows in the background, in chunks, each row a VERIFIED
 * audit event like a single question. Bad rows are answered with their problem; the rest are answered. The job keeps
 * no ID number or name: a row is kept as the person's blind index and keyed digests until answered, so a job survives
 * a restart (the node that took it resumes it; rows answered are not answered again — a chunk's answers and audit
 * events commit together). Batches count against {@code hub.verification.batch-daily-rows}, not against the rate,
 * the daily quota or the probing window of single questions.
 */
@Service
public class VerificationBatches {

    /** Where a job stands. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED
    }

    /** A job as its department sees it: its counts so far; {@code problem} why a FAILED job stopped. */
    public record Batch(String id, String service, String purpose, State state, int rows, int answered, int badRows,
            int matched, int noMatch, int notOnFile, String submittedAt, String finishedAt, String problem) {
    }

    /**
     * A row of a file, as read: every field as text (a bad date is the row's problem, not the file's);
     * {@code problem} when the row could not even be read (e.g. more cells than the header names).
     */
    public record Row(String idNumber, String name, String diedOnOrBefore, String caseReference, String problem) {
    }

    /** A row's outcome: its answer, or its problem (a bad row; a row a FAILED job did not reach has neither). */
    public record RowAnswer(int row, String caseReference, String answer, String problem, String auditNode,
            Long auditSeq) {
    }

    private static final Logger log = LoggerFactory.getLogger(VerificationBatches.class);
    private static final int CHUNK = 500;
    private static final int ATTEMPTS = 12;

    private final Verifications verifications;
    private final BatchStore store;
    private final QuestionLimits limits;
    private final VerificationProperties properties;
    private final Journal journal;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "verification-batches");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    VerificationBatches(Verifications verifications, BatchStore store, QuestionLimits limits,
            VerificationProperties properties, Journal journal, AuditLog audit, TransactionTemplate transactions,
            Clock clock) {
        this.verifications = verifications;
        this.store = store;
        this.limits = limits;
        this.properties = properties;
        this.journal = journal;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Takes a batch of questions of department {@code caller}: checks the service, the grant for the purpose and the
     * batch quota, checks every row (a bad row keeps its problem) and queues the job.
     *
     * @param caseReference the case reference of the rows that name none; null when each row names its own
     *
     * @throws NoSuchElementException   for an unknown service
     * @throws IllegalArgumentException for a missing purpose, no rows or more than {@code batch-max-rows}
     * @throws AccessDeniedException    without a grant valid now for the purpose
     * @throws TooManyQuestions         when the grant's batch rows of today are used up
     */
    public Batch submit(String caller, String serviceCode, String purpose, String caseReference, List<Row> rows) {
        VerificationService service = Verifications.service(serviceCode);
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose: required");
        }
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("rows: a batch has at least one row");
        }
        if (rows.size() > properties.batchMaxRows()) {
            throw new IllegalArgumentException("rows: a batch has at most " + properties.batchMaxRows() + " rows, this"
                    + " one " + rows.size());
        }
        String grant = verifications.grant(caller, service, purpose);
        limits.admitBatch(grant, rows.size());
        List<BatchStore.NewRow> kept = new ArrayList<>(rows.size());
        int bad = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String asked = row.caseReference() == null || row.caseReference().isBlank() ? caseReference
                    : row.caseReference();
            String reference = asked == null || asked.isBlank() ? null : asked.strip();
            try {
                if (row.problem() != null) {
                    throw new IllegalArgumentException(row.problem());
                }
                VerificationRequest request = new VerificationRequest(row.idNumber(), BatchFiles.text(row.name()), purpose,
                        reference, BatchFiles.date(row.diedOnOrBefore()));
                Verifications.Question question = verifications.question(service, request);
                kept.add(new BatchStore.NewRow(i + 1, reference, question.token(), question.nameDigest(),
                        question.diedOnOrBefore(), question.digest(), null));
            } catch (IllegalArgumentException problem) {
                bad++;
                kept.add(new BatchStore.NewRow(i + 1, reference != null && reference.length() <= 64 ? reference : null,
                        null, null, null, null, problem.getMessage()));
            }
        }
        BatchStore.Job job = new BatchStore.Job(UUID.randomUUID().toString(), audit.node(), caller, service.code(),
                purpose, State.QUEUED.name(), rows.size(), 0, bad, 0, 0, 0, clock.instant(), null, null);
        transactions.executeWithoutResult(status -> store.insert(job, kept));
        log.info("Verification batch {} of {} queued: {} rows, {} bad", job.id(), caller, rows.size(), bad);
        runner.execute(() -> run(job.id()));
        return view(store.job(job.id()).orElseThrow());
    }

    /** A job of the caller's. @throws NoSuchElementException when there is none of that id */
    public Batch get(String caller, String id) {
        return view(own(caller, id));
    }

    /** The caller's jobs, newest first (at most 100). */
    public List<Batch> list(String caller) {
        return store.jobs(caller, 100).stream().map(VerificationBatches::view).toList();
    }

    /**
     * The rows of a finished job of the caller's, in row order.
     *
     * @throws IllegalStateException while the job is still queued or running
     */
    public List<RowAnswer> answers(String caller, String id) {
        BatchStore.Job job = own(caller, id);
        if (job.state().equals(State.QUEUED.name()) || job.state().equals(State.RUNNING.name())) {
            throw new IllegalStateException("batch " + id + " is " + job.state() + ": " + job.answered() + " of "
                    + (job.totalRows() - job.badRows()) + " questions answered so far");
        }
        return store.rows(id).stream().map(row -> new RowAnswer(row.row(), row.caseReference(), row.answer(),
                row.problem(), row.auditNode(), row.auditSeq())).toList();
    }

    /** Resumes this node's jobs that a stop interrupted. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        for (String id : store.unfinished(audit.node())) {
            log.info("Verification batch {}: resumed", id);
            runner.execute(() -> run(id));
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        // not interrupted: an interrupt would close the embedded database's file under a running transaction; the
        // job stops after its chunk and resumes where it stopped when the node starts again
        runner.shutdown();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void run(String id) {
        BatchStore.Job job = store.job(id).orElseThrow();
        store.running(id);
        VerificationService service = Verifications.service(job.service());
        int failures = 0;
        int after = 0;
        while (!stopping) {
            try {
                List<BatchStore.Pending> chunk = store.pending(id, after, CHUNK);
                if (chunk.isEmpty()) {
                    store.finish(id, State.DONE.name(), null, clock.instant());
                    log.info("Verification batch {}: done", id);
                    return;
                }
                String grant;
                try {
                    grant = verifications.grant(job.department(), service, job.purpose());
                } catch (AccessDeniedException revoked) {
                    store.finish(id, State.FAILED.name(), "the grant of " + service.code() + " for this purpose is no"
                            + " longer valid: the rows not answered were not asked", clock.instant());
                    log.info("Verification batch {}: stopped, its grant is no longer valid", id);
                    return;
                }
                answer(job, service, grant, chunk);
                after = chunk.get(chunk.size() - 1).row();
                failures = 0;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                if (++failures == ATTEMPTS) {
                    store.finish(id, State.FAILED.name(), "the hub could not answer the rest (" + e.getClass()
                            .getSimpleName() + "); send the rows not answered again", clock.instant());
                    log.warn("Verification batch {}: failed after {} attempts ({})", id, ATTEMPTS,
                            e.getClass().getSimpleName());
                    return;
                }
                log.warn("Verification batch {}: a chunk failed ({}), trying again in 5 s", id,
                        e.getClass().getSimpleName());
                pause();
            }
        }
    }

    /** Answers a chunk: the answers first, then their audit events and the rows' answers in one group commit. */
    private void answer(BatchStore.Job job, VerificationService service, String grant, List<BatchStore.Pending> rows) {
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        List<String> answers = new ArrayList<>(rows.size());
        Map<String, List<Journal.JournaledRecord>> inForce = verifications.inForce(service,
                rows.stream().map(BatchStore.Pending::token).distinct().toList());
        for (BatchStore.Pending row : rows) {
            Verifications.Question question = new Verifications.Question(service, row.token(), row.nameDigest(),
                    row.diedOnOrBefore(), job.purpose(), row.caseReference(), row.question());
            VerificationAnswer answer = verifications.answer(question, inForce.getOrDefault(row.token(), List.of()));
            answers.add(answer.name());
            entries.add(verifications.entry(job.department(), job.department(), grant, question, answer, clock.instant(),
                    VerifiedDetail.batchRow(job.id(), row.row())));
        }
        journal.inGroupCommit(rows.size(), () -> {
            List<AuditEvent> events = audit.appendAll(entries);
            List<BatchStore.Answered> answered = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                answered.add(new BatchStore.Answered(rows.get(i).row(), rows.get(i).caseReference(), answers.get(i),
                        null, events.get(i).node(), events.get(i).seq()));
            }
            store.answered(job.id(), answered);
            return null;
        });
    }

    /** Five seconds before a failed chunk is tried again, cut short when the node stops. */
    private void pause() {
        for (int i = 0; i < 50 && !stopping; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private BatchStore.Job own(String caller, String id) {
        return store.job(id).filter(job -> job.department().equals(caller))
                .orElseThrow(() -> new NoSuchElementException("no verification batch " + id + " of " + caller));
    }

    private static Batch view(BatchStore.Job job) {
        return new Batch(job.id(), job.service(), job.purpose(), State.valueOf(job.state()), job.totalRows(),
                job.answered(), job.badRows(), job.matched(), job.noMatch(), job.notOnFile(),
                RecordJson.time(job.submittedAt()), job.finishedAt() == null ? null : RecordJson.time(job.finishedAt()),
                job.problem());
    }
}
