package org.exchangehub.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.verification.internal.BatchStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Batches of verification questions over HTTP: a 100,000-row CSV file with a few bad rows becomes a job that answers
 * every good row (each a VERIFIED audit event naming its batch and row, in the person's data-subject report) and
 * every bad row with its problem naming the field; the job keeps no ID number; only its department sees it; a JSON
 * batch takes a default case reference; a department without a grant is refused before anything is kept; a job a
 * stop interrupted is resumed without answering a row twice.
 */
@HubTest
@OwnHub("its 100,000-row batch audits every row: on the standard hub that chain, which other classes export and"
        + " verify whole (AuditApiTests exports it and verifies it twice), would grow by as many events")
class BatchVerificationTests extends ServiceCallTest {

    static final String PURPOSE = "批量户籍注销核查 (batch check)";
    static final int ROWS = 100_000;

    @Autowired
    InboundRecords inbound;

    @Autowired
    DataSubjectReport reports;

    @Autowired
    Verifications verifications;

    @Autowired
    VerificationBatches batches;

    @Autowired
    BatchStore store;

    @Autowired
    TransactionTemplate transactions;

    /** A fictional resident ID number of district 330108, distinct per {@code i}, with its check character. */
    static String idNumber(int i) {
        String first17 = "330108" + (1930 + i % 60) + "%02d%02d".formatted(i / 60 % 12 + 1, i / 720 % 28 + 1)
                + "%03d".formatted(i / 20160 % 999 + 1);
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void aHundredThousandRowFileIsAnsweredRowByRowAndItsBadRowsWithTheirProblems() throws Exception {
        ServiceGrants.grant(http(), key("police"), "death-status", PURPOSE, TestCredentials.HEALTH_APPROVER);
        String died = idNumber(0);
        String diedLater = idNumber(1);
        certificate(died, "DC-BV-0001");
        certificate(diedLater, "DC-BV-0002");
        StringBuilder csv = new StringBuilder("idNumber,diedOnOrBefore,caseReference\r\n");
        Map<Integer, String> bad = Map.of(10, "idNumber", 20, "diedOnOrBefore", 30, "row", 40, "caseReference",
                50, "idNumber");
        for (int row = 1; row <= ROWS; row++) {
            String id = idNumber(row - 1);
            csv.append(switch (row) {
                case 2 -> id + ",2020-01-01,";
                case 10 -> id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1') + ",,";
                case 20 -> id + ",2026-13-01,";
                case 30 -> id + ",,,extra";
                case 40 -> id + ",,bad ref!";
                case 50 -> ",,";
                default -> id + ",,";
            }).append("\r\n");
        }

        HubHttp.Response submitted = http().sendBytes("POST", "/api/v1/verifications/death-status/batches?purpose="
                + encode(PURPOSE) + "&caseReference=PL-2026-B7", key("police"), "text/csv; charset=UTF-8",
                csv.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asText();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/verifications/batches/" + id);
        assertThat(submitted.json().get("rows").asInt()).isEqualTo(ROWS);
        assertThat(submitted.json().get("badRows").asInt()).isEqualTo(bad.size());
        HubHttp.Response early = http().get("/api/v1/verifications/batches/" + id + "/answers", key("police"));
        if (early.status() != 200) {
            assertThat(early.status()).as("answers before the job is done: a conflict").isEqualTo(409);
        }
        assertThat(http().get("/api/v1/verifications/batches/" + id, key("health")).status())
                .as("another department's job is not found").isEqualTo(404);

        JsonNode done = awaitDone(id);
        System.out.printf("batch of %d rows: submitted %s, finished %s%n", ROWS, done.get("submittedAt").asText(),
                done.get("finishedAt").asText());
        assertThat(done.get("answered").asInt()).isEqualTo(ROWS - bad.size());
        assertThat(done.get("matched").asInt()).isEqualTo(1);
        assertThat(done.get("noMatch").asInt()).isEqualTo(1);
        assertThat(done.get("notOnFile").asInt()).isEqualTo(ROWS - bad.size() - 2);
        HubHttp.Response answers = http().send("GET", "/api/v1/verifications/batches/" + id + "/answers",
                key("police"), null, null, Map.of("Accept", "text/csv"));
        assertThat(answers.status()).isEqualTo(200);
        List<String> lines = answers.body().lines().toList();
        assertThat(lines).hasSize(ROWS + 1);
        assertThat(lines.get(0)).isEqualTo("row,caseReference,answer,problem,auditNode,auditSeq");
        assertThat(lines.get(1)).startsWith("1,PL-2026-B7,MATCH,,");
        assertThat(lines.get(2)).startsWith("2,PL-2026-B7,NO_MATCH,,");
        assertThat(lines.get(3)).startsWith("3,PL-2026-B7,NOT_ON_FILE,,");
        bad.forEach((row, field) -> assertThat(lines.get(row)).as("row " + row)
                .matches(row + ",[^,]*,,\"?" + field + ":.*,,"));
        assertThat(answers.body()).as("answers carry no ID number").doesNotContain(died).doesNotContain(diedLater);

        long seq = Long.parseLong(lines.get(1).substring(lines.get(1).lastIndexOf(',') + 1));
        String node = lines.get(1).split(",")[4];
        assertThat(jdbc.sql("SELECT outcome || ' ' || detail FROM audit_event WHERE node_id = ? AND seq = ?")
                .params(node, seq).query(String.class).single()).startsWith("MATCH service=death-status; case="
                        + "PL-2026-B7;").endsWith("; batch=" + id + "/1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'VERIFIED' AND detail LIKE ?")
                .param("%; batch=" + id + "/%").query(Long.class).single()).isEqualTo(ROWS - bad.size());
        assertThat(reports.forIdNumber(died, "auditor").checks()).anySatisfy(check -> {
            assertThat(check.by()).isEqualTo("police");
            assertThat(check.caseReference()).isEqualTo("PL-2026-B7");
            assertThat(check.answer()).isEqualTo("MATCH");
        });
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM verification_batch_row WHERE batch_id = ? AND (COALESCE(token, '') LIKE ?
                    OR COALESCE(question, '') LIKE ? OR COALESCE(problem, '') LIKE ?)""")
                .params(id, "%" + died + "%", "%" + died + "%", "%" + died.substring(6, 14) + "%")
                .query(Long.class).single()).as("the job keeps no ID number").isZero();
    }

    @Test
    void aJsonBatchTakesTheDefaultCaseReferenceAndADepartmentWithoutAGrantIsRefused() throws Exception {
        ServiceGrants.grant(http(), key("civil-affairs"), "death-status", "停发低保批量核查",
                TestCredentials.HEALTH_APPROVER);
        String body = """
                {"purpose": "停发低保批量核查", "caseReference": "MZ-2026-0031", "rows": [
                  {"idNumber": "%s"}, {"idNumber": "%s", "caseReference": "MZ-2026-0032"}, {"name": "x"}]}"""
                .formatted(idNumber(200_001), idNumber(200_002));

        HubHttp.Response refused = http().post("/api/v1/verifications/death-status/batches", key("hotline"), body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        HubHttp.Response submitted = http().post("/api/v1/verifications/death-status/batches", key("civil-affairs"),
                body);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asText();
        awaitDone(id);
        JsonNode answers = http().get("/api/v1/verifications/batches/" + id + "/answers", key("civil-affairs"))
                .json();
        assertThat(answers.get("batch").get("state").asText()).isEqualTo("DONE");
        JsonNode rows = answers.get("rows");
        assertThat(rows.get(0).get("caseReference").asText()).isEqualTo("MZ-2026-0031");
        assertThat(rows.get(0).get("answer").asText()).isEqualTo("NOT_ON_FILE");
        assertThat(rows.get(1).get("caseReference").asText()).isEqualTo("MZ-2026-0032");
        assertThat(rows.get(2).get("problem").asText()).startsWith("idNumber: required");
        assertThat(http().get("/api/v1/verifications/batches", key("civil-affairs")).json())
                .anySatisfy(batch -> assertThat(batch.get("id").asText()).isEqualTo(id));
        HubHttp.Response unknown = http().post("/api/v1/verifications/no-such-service/batches", key("civil-affairs"),
                body);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aJobAStopInterruptedIsResumedWhereItStoppedAndNoRowIsAnsweredTwice() {
        ServiceGrants.grant(http(), key("hotline"), "death-status", "工单回访核查", TestCredentials.HEALTH_APPROVER);
        String id = "resume-" + System.nanoTime();
        List<BatchStore.NewRow> rows = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            Verifications.Question question = verifications.question(Verifications.service("death-status"),
                    new VerificationRequest(idNumber(300_000 + row), null, "工单回访核查", "RX-" + row, null));
            rows.add(new BatchStore.NewRow(row, question.caseReference(), question.token(), null, null,
                    question.digest(), null));
        }
        transactions.executeWithoutResult(status -> {
            store.insert(new BatchStore.Job(id, "node-1", "hotline", "death-status", "工单回访核查", "QUEUED", 3, 0, 0, 0,
                    0, 0, Instant.now(), null, null), rows);
            store.running(id);
            store.answered(id, List.of(new BatchStore.Answered(1, "RX-1", "NOT_ON_FILE", null, "node-1", 1L)));
        });

        batches.resume();

        JsonNode done = awaitDone(id);
        assertThat(done.get("answered").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'VERIFIED' AND detail LIKE ?")
                .param("%; batch=" + id + "/%").query(Long.class).single()).as("rows 2 and 3 only").isEqualTo(2);
        assertThat(store.rows(id)).extracting(BatchStore.Answered::auditSeq).doesNotContainNull().hasSize(3);
    }

    private JsonNode awaitDone(String id) {
        JsonNode[] job = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job[0] = http().get("/api/v1/verifications/batches/" + id, key(owner(id))).json();
            return !List.of("QUEUED", "RUNNING").contains(job[0].get("state").asText());
        });
        assertThat(job[0].get("state").asText()).as(job[0].toString()).isEqualTo("DONE");
        return job[0];
    }

    private String owner(String id) {
        return jdbc.sql("SELECT department FROM verification_batch WHERE id = ?").param(id).query(String.class)
                .single();
    }

    private void certificate(String idNumber, String certificateNo) throws Exception {
        InboundOutcome outcome = inbound.receive("death-certificate", JSON.readTree("""
                {"sourceDepartment": "health", "sourceKey": "%s", "occurredAt": "2026-11-28T22:10:00+08:00",
                 "certificateNo": "%s", "hospitalName": "某市第二人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "吴德昌", "deceasedIdNumber": "%s", "sex": "1", "birthDate": "%s",
                 "address": "杭州市某区某街道7号", "divisionCode": "330108", "deathTime": "2026-11-28T22:10:00+08:00",
                 "causeDirect": "心肌梗死", "causeUnderlying": "冠心病", "icd10": "I21.9"}""".formatted(certificateNo,
                certificateNo, idNumber, idNumber.substring(6, 10) + "-" + idNumber.substring(10, 12) + "-"
                        + idNumber.substring(12, 14))), "PUSH");
        assertThat(outcome.recordId()).as(outcome.toString()).isNotNull();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

}
