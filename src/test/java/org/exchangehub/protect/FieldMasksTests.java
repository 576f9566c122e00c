package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.exchangehub.schema.PiiCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldMasksTests {

    @ParameterizedTest
    @CsvSource({
            "ID_NUMBER, 11010519491231002X, 110105********002X",
            "ID_NUMBER, 330106580807015, 330106*****7015",
            "PHONE, 13812345678, 138****5678",
            "NAME, 张伟, 张*",
            "NAME, 王秀英, 王**",
            "NAME, 陈𠇔, 陈*",
            "NAME, 𠇔, *",
            "NAME, 阿依古丽·买买提, 阿***·***",
            "ADDRESS, 杭州市某区某街道8号, 杭州市某区****",
            "ADDRESS, 某县城关镇东街1号, 某县****",
            "LOCATION, 杭州市滨江大道3号, 杭州市****",
            "ADDRESS, 东街1号, ****",
            "HEALTH, 急性心肌梗死, ******",
            "FREE_TEXT, 反映小区供暖不足, ******" })
    void masksEachCategoryForDisplay(PiiCategory category, String value, String masked) {
        assertThat(FieldMasks.mask(category, value)).isEqualTo(masked);
    }
}
