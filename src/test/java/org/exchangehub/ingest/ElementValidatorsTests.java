package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ElementValidatorsTests {

    @ParameterizedTest
    @CsvSource({ "+86 13938816302, 13938816302", "8613938816302, 13938816302", "139-3881-6302, 13938816302",
            "13730246633, 13730246633", "(+86)19912345678, 19912345678" })
    void normalizesMobileNumbersToElevenDigits(String raw, String expected) {
        assertThat(MobilePhone.check(raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "12345678901", "1393881630", "139388163021", "+1 13938816302", "0571-87654321" })
    void rejectsNonMobileNumbers(String raw) {
        assertThat(MobilePhone.check(raw).reason()).isEqualTo(ReasonCode.PHONE_FORMAT);
    }

    @ParameterizedTest
    @CsvSource({ "2026-11-02, 2026-11-02", "2026/11/03, 2026-11-03", "2026年11月4日, 2026-11-04", "20261105, 2026-11-05",
            "2026.11.06, 2026-11-06", "2026-1-7, 2026-01-07" })
    void parsesEveryDocumentedDateFormat(String raw, String expected) {
        assertThat(SourceDates.date(raw).value()).isEqualTo(LocalDate.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-30", "20261341", "2026年13月1日", "11/03/2026", "yesterday", "2026-11" })
    void rejectsUnrealOrUnknownDates(String raw) {
        assertThat(SourceDates.date(raw).reason()).isEqualTo(ReasonCode.DATE_FORMAT);
    }

    @ParameterizedTest
    @CsvSource({ "20261101081530, 2026-11-01T08:15:30+08:00", "2026-11-01 08:15:30, 2026-11-01T08:15:30+08:00",
            "2026-11-01T00:15:30Z, 2026-11-01T08:15:30+08:00", "2026-11-01T08:15:30, 2026-11-01T08:15:30+08:00",
            "2026年11月1日, 2026-11-01T00:00+08:00" })
    void normalizesDateTimesToShanghaiOffset(String raw, String expected) {
        assertThat(SourceDates.dateTime(raw).value()).isEqualTo(OffsetDateTime.parse(expected));
    }

    @Test
    void rejectsImpossibleDateTime() {
        assertThat(SourceDates.dateTime("20261101256000").reason()).isEqualTo(ReasonCode.DATE_FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = { "330102", "110105", "440524", "820000" })
    void acceptsDivisionCodesOfKnownProvinces(String code) {
        assertThat(DivisionCode.check(code).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "33010", "3301022", "33010a", "990102", "000000" })
    void rejectsMalformedDivisionCodes(String code) {
        assertThat(DivisionCode.check(code).reason()).isEqualTo(ReasonCode.DIVISION_CODE);
    }

    @Test
    void mapsSexCodesAndText() {
        assertThat(SexCode.ofCode("2").value()).isEqualTo(SexCode.FEMALE);
        assertThat(SexCode.ofText("男").value()).isEqualTo(SexCode.MALE);
        assertThat(SexCode.ofText("女性").value()).isEqualTo(SexCode.FEMALE);
        assertThat(SexCode.ofText("未说明").value()).isEqualTo(SexCode.UNSPECIFIED);
        assertThat(SexCode.ofCode("3").reason()).isEqualTo(ReasonCode.CODE_UNKNOWN);
        assertThat(SexCode.ofText("M").reason()).isEqualTo(ReasonCode.CODE_UNKNOWN);
    }

    @Test
    void mapsMaritalStatusCodesAndText() {
        assertThat(MaritalStatus.ofCode("30").value()).isEqualTo(MaritalStatus.WIDOWED);
        assertThat(MaritalStatus.ofText("复婚").value().code()).isEqualTo("23");
        assertThat(MaritalStatus.ofCode("50").reason()).isEqualTo(ReasonCode.CODE_UNKNOWN);
    }
}
