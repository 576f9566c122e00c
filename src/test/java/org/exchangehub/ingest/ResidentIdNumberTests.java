package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResidentIdNumberTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @ParameterizedTest
    @CsvSource({ "11010519491231002X", "440524188001010014", "330106197202290336", "33010519390615002X" })
    void acceptsNumbersWithCorrectCheckCharacter(String id) {
        assertThat(ResidentIdNumber.check(id, TODAY)).isEqualTo(ElementCheck.valid(id));
    }

    @ParameterizedTest
    @CsvSource({ "110105194912310021", "440524188001010015",
            "330105199001010170" })
    void rejectsWrongCheckCharacter(String id) {
        assertThat(ResidentIdNumber.check(id, TODAY).reason()).isEqualTo(ReasonCode.ID_CHECK_CHAR);
    }

    @Test
    void normalizesLowerCaseXAndSurroundingSpace() {
        assertThat(ResidentIdNumber.check(" 33010219460312038x ", TODAY).value()).isEqualTo("33010219460312038X");
    }

    @Test
    void upgradesLegacyFifteenDigitNumber() {
        assertThat(ResidentIdNumber.check("330106580807015", TODAY).value()).isEqualTo("330106195808070152");
    }

    @Test
    void computesCheckCharacterFromFirstSeventeenDigits() {
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
    }

    @ParameterizedTest
    @CsvSource({
            "11010520991231002X, ID_BIRTH_DATE",  // born in the future
            "110105194902300000, ID_BIRTH_DATE",  // 30 February
            "110105194913010000, ID_BIRTH_DATE",  // month 13
            "330106197302290336, ID_BIRTH_DATE",  // 29 February of a common year
            "99010519491231002X, ID_DIVISION",
            "1101051949123100, ID_FORMAT",
            "11010519491231002A, ID_FORMAT",
            "1101051949123100X2, ID_FORMAT",
            "33010658080701X, ID_FORMAT" })
    void rejectsMalformedNumbersWithTheirReason(String id, ReasonCode reason) {
        assertThat(ResidentIdNumber.check(id, TODAY).reason()).isEqualTo(reason);
    }

    @Test
    void reportsMissingValue() {
        assertThat(ResidentIdNumber.check("  ", TODAY).reason()).isEqualTo(ReasonCode.REQUIRED_MISSING);
        assertThat(ResidentIdNumber.check(null, TODAY).reason()).isEqualTo(ReasonCode.REQUIRED_MISSING);
    }

    @Test
    void readsBirthDateAndSex() {
        assertThat(ResidentIdNumber.birthDate("11010519491231002X")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(ResidentIdNumber.sex("11010519491231002X")).isEqualTo(SexCode.FEMALE);
        assertThat(ResidentIdNumber.sex("440524188001010014")).isEqualTo(SexCode.MALE);
    }
}
