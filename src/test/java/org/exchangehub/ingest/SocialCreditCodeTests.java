package org.exchangehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocialCreditCodeTests {

    @ParameterizedTest
    @CsvSource({ "91350100M000100Y43", "91110000802100433B" })
    void acceptsCodesWithCorrectCheckCharacter(String code) {
        assertThat(SocialCreditCode.check(code)).isEqualTo(ElementCheck.valid(code));
    }

    @ParameterizedTest
    @CsvSource({ "91350100M000100Y44", "91350100M000100Y53", "91110000802100433C", "91110000802100432B" })
    void rejectsOneCharacterChange(String code) {
        assertThat(SocialCreditCode.check(code).reason()).isEqualTo(ReasonCode.USCC_CHECK_CHAR);
    }

    @ParameterizedTest
    @CsvSource({ "91350100M000100YI3", "91350100O000100Y43", "91350100M000100Y4", "91350100M000100Y433" })
    void rejectsCharactersOutsideTheAlphabetAndWrongLength(String code) {
        assertThat(SocialCreditCode.check(code).reason()).isEqualTo(ReasonCode.USCC_FORMAT);
    }

    @Test
    void normalizesLowerCase() {
        assertThat(SocialCreditCode.check("91110000802100433b").value()).isEqualTo("91110000802100433B");
    }

    @Test
    void computesCheckCharacter() {
        assertThat(SocialCreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(SocialCreditCode.checkCharacter("91110000802100433")).isEqualTo('B');
    }
}
