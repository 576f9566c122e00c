package org.exchangehub.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubTest;
import org.exchangehub.audit.DataSubjectReport;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.ResidentIdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The verification services answer from the records in force, inside the hub: death-status is NOT_ON_FILE until a
 * death certificate arrives and then MATCH (NO_MATCH for a death asserted before the one on file), identity
 * consistency compares the name held by civil affairs, allowance status follows the allowance's newest version; no
 * question writes an ID number or a name anywhere, each is a VERIFIED audit event that the person's data-subject
 * report lists, and a bad question is refused naming its field before anything is looked up or recorded.
 */
@HubTest
class VerificationServicesTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Verifications verifications;

    @Autowired
    InboundRecords inbound;

    @Autowired
    DataSubjectReport reports;

    @Autowired
    JdbcClient jdbc;

    /** A fictional resident ID number with its GB 11643 check character. */
    static String idNumber(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void deathStatusIsNotOnFileUntilTheCertificateArrivesThenMatchesAndTheReportListsEveryCheck() throws Exception {
        String person = idNumber("33010519410302541");
        VerificationRequest plain = new VerificationRequest(person, null, "户籍注销核查", "HJ-2026-0417", null);

        assertThat(verifications.verify("police", null, "death-status", plain).answer())
                .isEqualTo(VerificationAnswer.NOT_ON_FILE);
        accept("death-certificate", """
                {"sourceDepartment": "health", "sourceKey": "DC-VS-0001", "occurredAt": "2026-11-28T22:10:00+08:00",
                 "certificateNo": "DC-VS-0001", "hospitalName": "某市第二人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "周桂芳", "deceasedIdNumber": "%s", "sex": "2", "birthDate": "1941-03-02",
                 "address": "杭州市某区某街道12号", "divisionCode": "330105", "deathTime": "2026-11-28T22:10:00+08:00",
                 "causeDirect": "脑出血", "causeUnderlying": "高血压", "icd10": "I61.9"}""".formatted(person));
        Verifications.Result match = verifications.verify("police", null, "death-status", plain);
        Verifications.Result before = verifications.verify("police", null, "death-status",
                new VerificationRequest(person, null, "户籍注销核查", "HJ-2026-0417", LocalDate.of(2026, 11, 27)));
        Verifications.Result onTheDay = verifications.verify("civil-affairs", null, "death-status",
                new VerificationRequest(person, null, "停发低保核查", "DB-2026-0099", LocalDate.of(2026, 11, 28)));

        assertThat(List.of(match.answer(), before.answer(), onTheDay.answer())).containsExactly(
                VerificationAnswer.MATCH, VerificationAnswer.NO_MATCH, VerificationAnswer.MATCH);
        DataSubjectReport.Report report = reports.forIdNumber(person, "auditor-test");
        assertThat(report.checks()).extracting(DataSubjectReport.Check::by, DataSubjectReport.Check::service,
                DataSubjectReport.Check::caseReference, DataSubjectReport.Check::answer)
                .containsExactly(tuple("police", "death-status", "HJ-2026-0417",
                        "NOT_ON_FILE"),
                        tuple("police", "death-status", "HJ-2026-0417", "MATCH"),
                        tuple("police", "death-status", "HJ-2026-0417", "NO_MATCH"),
                        tuple("civil-affairs", "death-status", "DB-2026-0099",
                                "MATCH"));
        assertThat(report.checks()).allSatisfy(check -> {
            assertThat(check.provider()).isEqualTo("health");
            assertThat(check.purpose()).isNotBlank();
        });
        assertNothingClearInTheAuditLog(person, "周桂芳");
    }

    @Test
    void identityConsistencyComparesTheNameCivilAffairsHolds() throws Exception {
        String person = idNumber("33010219560817302");
        accept("person", """
                {"sourceDepartment": "civil-affairs", "sourceKey": "P-VS-0001", "occurredAt": "2026-12-01T09:00:00+08:00",
                 "idNumber": "%s", "name": "阿依古丽·买买提", "address": "杭州市某区某街道3号", "divisionCode": "330102"}"""
                .formatted(person));

        assertThat(answer("identity-consistency", person, "阿依古丽·买买提")).isEqualTo(VerificationAnswer.MATCH);
        assertThat(answer("identity-consistency", person, "阿依古丽 • 买买提")).as("spaces and another middle dot")
                .isEqualTo(VerificationAnswer.MATCH);
        assertThat(answer("identity-consistency", person, "阿依古丽")).isEqualTo(VerificationAnswer.NO_MATCH);
        assertThat(answer("identity-consistency", idNumber("33010219560817311"), "阿依古丽·买买提"))
                .isEqualTo(VerificationAnswer.NOT_ON_FILE);
        assertNothingClearInTheAuditLog(person, "阿依古丽");
    }

    @Test
    void allowanceStatusFollowsTheAllowancesNewestVersion() throws Exception {
        int household = 4_321;
        String person = FictionalAllowances.idNumber(household);
        accept("subsistence-allowance", FictionalAllowances.record(household));
        assertThat(answer("allowance-status", person, null)).isEqualTo(VerificationAnswer.MATCH);

        accept("subsistence-allowance", FictionalAllowances.record(household).replace("\"ACTIVE\"", "\"SUSPENDED\""));

        assertThat(answer("allowance-status", person, null)).as("the suspended version is the one in force")
                .isEqualTo(VerificationAnswer.NO_MATCH);
    }

    @Test
    void aBadQuestionIsRefusedNamingItsFieldAndNothingIsRecorded() {
        String person = idNumber("33010519410302541");
        String wrongCheck = person.substring(0, 17) + (person.endsWith("0") ? "1" : "0");
        long before = verifiedEvents();

        assertThatThrownBy(() -> verifications.verify("police", null, "death-status",
                new VerificationRequest(wrongCheck, null, "核查", "C-1", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("idNumber:")
                .hasMessageNotContaining(wrongCheck);
        assertThatThrownBy(() -> verifications.verify("police", null, "death-status",
                new VerificationRequest(person, null, " ", "C-1", null))).hasMessageStartingWith("purpose:");
        assertThatThrownBy(() -> verifications.verify("police", null, "death-status",
                new VerificationRequest(person, null, "核查", null, null))).hasMessageStartingWith("caseReference:");
        assertThatThrownBy(() -> verifications.verify("police", null, "death-status",
                new VerificationRequest(person, null, "核查", "C-1; answer=MATCH", null)))
                .hasMessageStartingWith("caseReference:");
        assertThatThrownBy(() -> verifications.verify("police", null, "identity-consistency",
                new VerificationRequest(person, null, "核查", "C-1", null))).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> verifications.verify("police", null, "allowance-status",
                new VerificationRequest(person, null, "核查", "C-1", LocalDate.of(2026, 1, 1))))
                .hasMessageStartingWith("diedOnOrBefore:");
        assertThatThrownBy(() -> verifications.verify("police", null, "marriage-status",
                new VerificationRequest(person, null, "核查", "C-1", null))).isInstanceOf(NoSuchElementException.class);
        assertThat(verifiedEvents()).isEqualTo(before);
    }

    private VerificationAnswer answer(String service, String idNumber, String name) {
        return verifications.verify("police", null, service, new VerificationRequest(idNumber, name, "个案核查",
                "GA-2026-1201", null)).answer();
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
