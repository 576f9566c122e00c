package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.exchangehub.protect.ProtectionFixtures.DEATH;
import static org.exchangehub.protect.ProtectionFixtures.INCIDENT;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.HubTest;
import org.exchangehub.protect.FieldDecryptionException.Reason;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@HubTest
class RecordProtectionTests {

    @Autowired
    RecordProtection protection;

    @Autowired
    SchemaRegistry registry;

    @Test
    void deathCertificateViewsDifferPerSubscriber() throws Exception {
        ProtectedRecord stored = protection.protect(ProtectionFixtures.deathCertificate(schema(DEATH)), DEATH);
        KeyPair civilAffairs = CryptoSuite.of("SM").newKeyPair();
        SubscriberView police = new SubscriberView(Map.of("deceasedName", FieldView.CLEAR,
                "deceasedIdNumber", FieldView.BLIND_INDEX), null);
        SubscriberView civil = new SubscriberView(Map.of("deceasedName", FieldView.MASKED,
                "deceasedIdNumber", FieldView.SEALED, "causeDirect", FieldView.MASKED, "address", FieldView.parse("BOGUS")),
                civilAffairs.getPublic());

        GenericRecord forPolice = protection.view(stored, DEATH, police);
        GenericRecord forCivil = protection.view(stored, DEATH, civil);

        assertThat(forPolice.get("deceasedName")).isEqualTo("陈𠇔");
        assertThat(forPolice.get("deceasedIdNumber").toString()).startsWith("bi1.")
                .isEqualTo(stored.blindIndexes().get("deceasedIdNumber"));
        assertThat(forPolice.get("causeDirect")).isNull();
        assertThat(forPolice.get("address")).isNull();
        assertThat(forPolice.get("hospitalUscc")).isEqualTo("91350100M000100Y43");
        assertThat(forCivil.get("deceasedName")).isEqualTo("陈*");
        assertThat(forCivil.get("causeDirect")).isEqualTo("******");
        assertThat(forCivil.get("causeUnderlying")).isNull();
        assertThat(SealedFields.open(forCivil.get("deceasedIdNumber").toString(), civilAffairs.getPrivate(),
                stored.record().get("recordId").toString(), DEATH, "deceasedIdNumber")).isEqualTo("33010519390615002X");
    }

    @Test
    void aClearRecordPassingThroughIsViewedAsTheSameRecordStoredWouldBe() throws Exception {
        GenericRecord clear = ProtectionFixtures.deathCertificate(schema(DEATH));
        KeyPair caller = CryptoSuite.of("SM").newKeyPair();
        SubscriberView view = new SubscriberView(Map.of("deceasedName", FieldView.MASKED,
                "deceasedIdNumber", FieldView.BLIND_INDEX, "address", FieldView.CLEAR, "causeDirect", FieldView.SEALED),
                caller.getPublic());

        RecordProtection.ClearView passing = protection.viewOfClear(clear, DEATH, view);
        ProtectedRecord stored = protection.protect(clear, DEATH);
        GenericRecord viewedStored = protection.view(stored, DEATH, view);

        for (String field : List.of("deceasedName", "deceasedIdNumber", "address", "causeUnderlying", "hospitalUscc")) {
            assertThat(passing.record().get(field)).as(field).isEqualTo(viewedStored.get(field));
        }
        assertThat(passing.blindIndexes()).isEqualTo(stored.blindIndexes());
        assertThat(SealedFields.open(passing.record().get("causeDirect").toString(), caller.getPrivate(),
                clear.get("recordId").toString(), DEATH, "causeDirect")).isEqualTo(clear.get("causeDirect").toString());
    }

    @Test
    void sameIdNumberInAnyFormGetsTheSameBlindIndex() {
        String eighteen = callerIndex("11010519491231002X");
        String lowerCaseX = callerIndex(" 11010519491231002x");
        String fifteen = callerIndex("110105491231002");
        String fullWidth = callerIndex("１１０１０５１９４９１２３１００２Ｘ");

        assertThat(eighteen).matches("bi1\\.[A-Za-z0-9_-]{22}");
        assertThat(lowerCaseX).isEqualTo(eighteen);
        assertThat(fifteen).isEqualTo(eighteen);
        assertThat(fullWidth).isEqualTo(eighteen);
        assertThat(callerIndex("330106195808070152")).isNotEqualTo(eighteen)
                .isEqualTo(callerIndex("330106580807015"));
    }

    private String callerIndex(String idNumber) {
        return protection.protect(ProtectionFixtures.incident(schema(INCIDENT), idNumber), INCIDENT)
                .blindIndexes().get("callerIdNumber");
    }

    @Test
    void blindIndexIsTheSameAcrossRecordTypes() {
        String fromIncident = protection.protect(ProtectionFixtures.incident(schema(INCIDENT), "33010519390615002X"),
                INCIDENT).blindIndexes().get("callerIdNumber");
        String fromDeath = protection.protect(ProtectionFixtures.deathCertificate(schema(DEATH)), DEATH)
                .blindIndexes().get("deceasedIdNumber");

        assertThat(fromIncident).isEqualTo(fromDeath);
    }

    @Test
    void encryptingAnEncryptedRecordIsRefused() {
        ProtectedRecord stored = protection.protect(ProtectionFixtures.deathCertificate(schema(DEATH)), DEATH);

        assertThatThrownBy(() -> protection.protect(stored.record(), DEATH))
                .isInstanceOf(FieldEncryptionException.class).hasMessageContaining("deceasedName");
    }

    @Test
    void flippedBitIsDetected() {
        assertRejected(token -> {
            char[] chars = token.toCharArray();
            int last = chars.length - 5;
            chars[last] = chars[last] == 'A' ? 'B' : 'A';
            return new String(chars);
        }, Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void truncatedOrMalformedTokenIsRejected() {
        assertRejected(token -> token.substring(0, token.length() - 4), Reason.AUTHENTICATION_FAILED);
        assertRejected(token -> token.substring(0, token.length() - 30), Reason.MALFORMED_TOKEN);
        assertRejected(token -> token.substring(0, 20), Reason.MALFORMED_TOKEN);
        assertRejected(token -> token.replaceFirst("\\.(?=[^.]*$)", ""), Reason.MALFORMED_TOKEN);
        assertRejected(token -> token.replace("ehx1.", "ehx1"), Reason.NOT_ENCRYPTED);
        assertRejected(token -> token + "%%", Reason.MALFORMED_TOKEN);
        assertRejected(token -> "陈𠇔", Reason.NOT_ENCRYPTED);
    }

    @Test
    void unknownDataKeyIsRejected() {
        assertRejected(token -> token.replaceFirst("ehx1\\.d[0-9a-f]{16}", "ehx1.d0000000000000000"), Reason.UNKNOWN_KEY);
    }

    @Test
    void tokenMovedToAnotherRecordOrFieldIsRejected() {
        Schema schema = schema(DEATH);
        GenericRecord first = protection.protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
        GenericRecord second = protection.protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
        second.put("deceasedName", first.get("deceasedName"));
        GenericRecord swappedFields = protection.protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
        swappedFields.put("causeUnderlying", swappedFields.get("causeDirect"));

        assertReason(() -> protection.reveal(second, DEATH), "deceasedName", Reason.AUTHENTICATION_FAILED);
        assertReason(() -> protection.reveal(swappedFields, DEATH), "causeUnderlying", Reason.AUTHENTICATION_FAILED);
        assertReason(() -> protection.reveal(first, "death-registration-value"), "deceasedName",
                Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void aTokenJustOpenedForItsOwnRecordStillDoesNotOpenInAnother() {
        Schema schema = schema(DEATH);
        GenericRecord first = protection.protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
        GenericRecord second = protection.protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
        Object clearName = protection.reveal(first, DEATH).get("deceasedName");
        assertThat(protection.reveal(first, DEATH).get("deceasedName")).as("opened again from memory")
                .isEqualTo(clearName);
        second.put("deceasedName", first.get("deceasedName"));
        first.put("causeUnderlying", first.get("causeDirect"));

        assertReason(() -> protection.reveal(second, DEATH), "deceasedName", Reason.AUTHENTICATION_FAILED);
        assertReason(() -> protection.reveal(first, DEATH), "causeUnderlying", Reason.AUTHENTICATION_FAILED);
        assertReason(() -> protection.reveal(first, "death-registration-value"), "deceasedName",
                Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void sealedViewWithoutARegisteredKeyIsHeld() {
        ProtectedRecord stored = protection.protect(ProtectionFixtures.deathCertificate(schema(DEATH)), DEATH);

        assertReason(() -> protection.view(stored, DEATH, ProtectionFixtures.deathView(FieldView.SEALED, null)),
                "deceasedName", Reason.NO_SEALING_KEY);
    }

    private void assertRejected(UnaryOperator<String> tamper, Reason reason) {
        GenericRecord stored = protection.protect(ProtectionFixtures.deathCertificate(schema(DEATH)), DEATH).record();
        stored.put("causeDirect", tamper.apply(stored.get("causeDirect").toString()));

        assertReason(() -> protection.reveal(stored, DEATH), "causeDirect", reason);
        assertReason(() -> protection.view(new ProtectedRecord(stored, Map.of()), DEATH,
                ProtectionFixtures.deathView(FieldView.MASKED, null)), "causeDirect", reason);
    }

    private static void assertReason(Runnable call, String field, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(FieldDecryptionException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).isEqualTo(reason);
        }).hasMessageNotContaining("急性").hasMessageNotContaining("陈");
    }

    private Schema schema(String subject) {
        return registry.latest(subject).schema();
    }
}
