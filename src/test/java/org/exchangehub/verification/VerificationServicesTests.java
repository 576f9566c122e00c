package org.exchangehub.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.cluster.SharedConfigurationChanged;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.ResidentIdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The verification services over HTTP, with grants from the sharing catalog: a department without a grant for the
 * purpose is refused (403); with one, death-status is NOT_ON_FILE until a death certificate arrives and then MATCH
 * (NO_MATCH for a death asserted before the one on file), identity consistency compares the name held by civil
 * affairs, allowance status follows the allowance's newest version; an answer carries nothing but the answer; no
 * question writes an ID number or a name anywhere, each is a VERIFIED audit event that the person's data-subject
 * report lists, and a bad question is refused naming its field before anything is looked up or recorded.
 */
@HubTest
class VerificationServicesTests extends ServiceCallTest {

    static final String PURPOSE = "个案核查 (case check)";

    @Autowired
    InboundRecords inbound;

    @Autowired
    DataSubjectReport reports;

    @Autowired
    ApplicationEventPublisher events;

    /** A fictional resident ID number with its GB 11643 check character. */
    static String idNumber(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void deathStatusIsNotOnFileUntilTheCertificateArrivesThenMatchesAndTheReportListsEveryCheck() throws Exception {
        String person = idNumber("33010519410302541");
        grant("police", "death-status", "户籍注销核查", TestCredentials.HEALTH_APPROVER);
        grant("civil-affairs", "death-status", "停发低保核查", TestCredentials.HEALTH_APPROVER);
        String question = question(person, null, "户籍注销核查", "HJ-2026-0417", null);

        assertThat(answer("police", "death-status", question)).isEqualTo("NOT_ON_FILE");
        accept("death-certificate", """
                {"sourceDepartment": "health", "sourceKey": "DC-VS-0001", "occurredAt": "2026-11-28T22:10:00+08:00",
                 "certificateNo": "DC-VS-0001", "hospitalName": "某市第二人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "周桂芳", "deceasedIdNumber": "%s", "sex": "2", "birthDate": "1941-03-02",
                 "address": "杭州市某区某街道12号", "divisionCode": "330105", "deathTime": "2026-11-28T22:10:00+08:00",
                 "causeDirect": "脑出血", "causeUnderlying": "高血压", "icd10": "I61.9"}""".formatted(person));
        HubHttp.Response match = ask("police", "death-status", question);

        assertThat(match.status()).as(match.body()).isEqualTo(200);
        JsonNode answer = match.json();
        assertThat(answer.get("answer").asText()).isEqualTo("MATCH");
        assertThat(answer.fieldNames()).toIterable().as("nothing but the answer and where it is recorded")
                .containsExactlyInAnyOrder("service", "answer", "checkedAt", "auditNode", "auditSeq");
        assertThat(match.body()).doesNotContain(person).doesNotContain("周桂芳").doesNotContain("2026-11-28T22");
        assertThat(answer("police", "death-status", question(person, null, "户籍注销核查", "HJ-2026-0417",
                "2026-11-27"))).isEqualTo("NO_MATCH");
        assertThat(answer("civil-affairs", "death-status", question(person, null, "停发低保核查", "DB-2026-0099",
                "2026-11-28"))).isEqualTo("MATCH");

        DataSubjectReport.Report report = reports.forIdNumber(person, "auditor-test");
        assertThat(report.checks()).extracting(DataSubjectReport.Check::by, DataSubjectReport.Check::service,
                DataSubjectReport.Check::caseReference, DataSubjectReport.Check::answer)
                .containsExactly(tuple("police", "death-status", "HJ-2026-0417", "NOT_ON_FILE"),
                        tuple("police", "death-status", "HJ-2026-0417", "MATCH"),
                        tuple("police", "death-status", "HJ-2026-0417", "NO_MATCH"),
                        tuple("civil-affairs", "death-status", "DB-2026-0099", "MATCH"));
        assertThat(report.checks()).allSatisfy(check -> {
            assertThat(check.provider()).isEqualTo("health");
            assertThat(check.purpose()).isNotBlank();
        });
        assertThat(DataSubjectReport.csv(report).lines().filter(line -> line.contains(",death-status,")))
                .extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsExactly("NOT_ON_FILE", "MATCH", "NO_MATCH", "MATCH");
        assertNothingClearInTheAuditLog(person, "周桂芳");
    }

    @Test
    void withoutAGrantForThePurposeOrOnceItIsRevokedTheQuestionIsRefused() {
        String person = idNumber("33010519410302541");
        String question = question(person, null, "随便看看", "X-1", null);

        assertThat(ask("hotline", "death-status", question).status()).as("no grant at all").isEqualTo(403);
        String grant = ServiceGrants.grant(http(), key("hotline"), "death-status", "紧急救助核查",
                TestCredentials.HEALTH_APPROVER);
        assertThat(ask("hotline", "death-status", question).status()).as("a grant for another purpose")
                .isEqualTo(403);
        String granted = question(person, null, "紧急救助核查", "JZ-7", null);
        assertThat(ask("hotline", "death-status", granted).status()).isEqualTo(200);
        assertThat(ask("hotline", "death-status", granted).status()).as("asked again").isEqualTo(200);
        HubHttp.Response revoked = http().post("/api/v1/sharing-requests/" + grant + "/revoke",
                TestCredentials.basic(TestCredentials.HEALTH_APPROVER), "{\"reason\": \"核查结束\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(ask("hotline", "death-status", granted).status()).as("the next question after the revocation")
                .isEqualTo(403);
        assertThat(http().post("/api/v1/verifications/death-status", TestCredentials.basic(TestCredentials.AUDITOR),
                question).status()).as("people are not department systems").isEqualTo(403);
    }

    @Test
    void aGrantRevokedByAnotherNodeIsRefusedOnceTheSharedConfigurationMoves() {
        String grant = ServiceGrants.grant(http(), key("grid"), "death-status", "网格走访核查",
                TestCredentials.HEALTH_APPROVER);
        String question = question(idNumber("33010519520817462"), null, "网格走访核查", "WG-3", null);
        assertThat(ask("grid", "death-status", question).status()).isEqualTo(200);

        // another node of a cluster revokes it: the row changes, this node hears of it from the generation watch
        jdbc.sql("UPDATE catalog_request SET state = 'REVOKED', version = version + 1 WHERE id = ?").param(grant)
                .update();
        assertThat(ask("grid", "death-status", question).status()).as("held until the generation moves")
                .isEqualTo(200);
        events.publishEvent(new SharedConfigurationChanged(42));
        assertThat(ask("grid", "death-status", question).status()).isEqualTo(403);
    }

    @Test
    void identityConsistencyComparesTheNameCivilAffairsHolds() throws Exception {
        String person = idNumber("33010219560817302");
        grant("police", "identity-consistency", PURPOSE, TestCredentials.CIVIL_AFFAIRS_ADMIN);
        accept("person", """
                {"sourceDepartment": "civil-affairs", "sourceKey": "P-VS-0001", "occurredAt": "2026-12-01T09:00:00+08:00",
                 "idNumber": "%s", "name": "阿依古丽·买买提", "address": "杭州市某区某街道3号", "divisionCode": "330102"}"""
                .formatted(person));

        assertThat(answerFor("identity-consistency", person, "阿依古丽·买买提")).isEqualTo("MATCH");
        assertThat(answerFor("identity-consistency", person, "阿依古丽 • 买买提")).as("spaces and another middle dot")
                .isEqualTo("MATCH");
        assertThat(answerFor("identity-consistency", person, "阿依古丽")).isEqualTo("NO_MATCH");
        assertThat(answerFor("identity-consistency", idNumber("33010219560817311"), "阿依古丽·买买提"))
                .isEqualTo("NOT_ON_FILE");
        assertNothingClearInTheAuditLog(person, "阿依古丽");
    }

    @Test
    void allowanceStatusFollowsTheAllowancesNewestVersion() throws Exception {
        int household = 4_321;
        String person = FictionalAllowances.idNumber(household);
        grant("police", "allowance-status", PURPOSE, TestCredentials.CIVIL_AFFAIRS_ADMIN);
        accept("subsistence-allowance", FictionalAllowances.record(household));
        assertThat(answerFor("allowance-status", person, null)).isEqualTo("MATCH");

        accept("subsistence-allowance", FictionalAllowances.record(household).replace("\"ACTIVE\"", "\"SUSPENDED\""));

        assertThat(answerFor("allowance-status", person, null)).as("the suspended version is the one in force")
                .isEqualTo("NO_MATCH");
    }

    @Test
    void aGrantAskingFasterThanItsRateIsAnswered429WithRetryAfter() throws InterruptedException {
        grant("police", "allowance-status", "批量复核 (bulk review)", TestCredentials.CIVIL_AFFAIRS_ADMIN);
        String question = question(FictionalAllowances.idNumber(77), null, "批量复核 (bulk review)", "FH-1", null);
        // from eight callers at once, so that the rate is passed however long each answer takes on a busy machine
        AtomicReference<HubHttp.Response> refusal = new AtomicReference<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int caller = 0; caller < 8; caller++) {
            callers.submit(() -> {
                for (int i = 0; i < 250 && refusal.get() == null; i++) {
                    HubHttp.Response response = ask("police", "allowance-status", question);
                    if (response.status() == 429) {
                        refusal.compareAndSet(null, response);
                    }
                }
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        HubHttp.Response refused = refusal.get();

        assertThat(refused).as("the burst (100) and rate (50 a second) of a grant are finite").isNotNull();
        assertThat(refused.headers().get("retry-after")).containsExactly("1");
        assertThat(refused.json().get("reason").asText()).isEqualTo("RATE");
    }

    @Test
    void aBadQuestionIsRefusedNamingItsFieldAndNothingIsRecorded() {
        String person = idNumber("33010519410302541");
        String wrongCheck = person.substring(0, 17) + (person.endsWith("0") ? "1" : "0");
        long before = verifiedEvents();

        assertBad("death-status", question(wrongCheck, null, PURPOSE, "C-1", null), "idNumber:");
        assertThat(ask("police", "death-status", question(wrongCheck, null, PURPOSE, "C-1", null)).body())
                .doesNotContain(wrongCheck);
        assertBad("death-status", question(person, null, " ", "C-1", null), "purpose:");
        assertBad("death-status", question(person, null, PURPOSE, null, null), "caseReference:");
        assertBad("death-status", question(person, null, PURPOSE, "C-1; answer=MATCH", null), "caseReference:");
        assertBad("identity-consistency", question(person, null, PURPOSE, "C-1", null), "name:");
        assertBad("allowance-status", question(person, null, PURPOSE, "C-1", "2026-01-01"), "diedOnOrBefore:");
        assertBad("death-status", "{\"idNumber\": \"" + person + "\", \"diedOnOrBefore\": \"yesterday\"}", "");
        assertThat(ask("police", "marriage-status", question(person, null, PURPOSE, "C-1", null)).status())
                .isEqualTo(404);
        assertThat(verifiedEvents()).isEqualTo(before);
    }

    private void assertBad(String service, String question, String field) {
        HubHttp.Response response = ask("police", service, question);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("detail").asText()).startsWith(field);
    }

    /** The department files a request for the service, and the provider's approver approves it. */
    private void grant(String department, String service, String purpose, String approver) {
        ServiceGrants.grant(http(), key(department), service, purpose, approver);
    }

    private static String question(String idNumber, String name, String purpose, String caseReference,
            String diedOnOrBefore) {
        return JSON.createObjectNode().put("idNumber", idNumber).put("name", name).put("purpose", purpose)
                .put("caseReference", caseReference).put("diedOnOrBefore", diedOnOrBefore).toString();
    }

    private HubHttp.Response ask(String department, String service, String question) {
        return http().post("/api/v1/verifications/" + service, key(department), question);
    }

    private String answer(String department, String service, String question) {
        HubHttp.Response response = ask(department, service, question);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("answer").asText();
    }

    private String answerFor(String service, String idNumber, String name) {
        return answer("police", service, question(idNumber, name, PURPOSE, "GA-2026-1201", null));
    }

    private void accept(String recordType, String json) throws Exception {
        InboundOutcome outcome = inbound.receive(recordType, JSON.readTree(json), "PUSH");
        assertThat(outcome.recordId()).as(outcome.toString()).isNotNull();
    }

    private long verifiedEvents() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'VERIFIED'").query(Long.class).single();
    }

    /** The VERIFIED events hold the person's blind index and digests, never the ID number or the name. */
    private void assertNothingClearInTheAuditLog(String idNumber, String name) {
        List<String> rows = jdbc.sql("SELECT actor || '|' || COALESCE(detail, '') || '|' || subject_indexes || '|'"
                + " || COALESCE(purpose, '') || '|' || fields FROM audit_event WHERE action = 'VERIFIED'")
                .query(String.class).list();
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain(idNumber)
                .doesNotContain(idNumber.substring(6, 14)).doesNotContain(name).contains("bi1."));
    }
}
