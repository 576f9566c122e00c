package org.exchangehub.protect.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Clear values of fields opened moments ago: keyed by token and AAD, and never more than the capacity. */
class OpenedFieldsTests {

    @Test
    void aValueIsFoundOnlyUnderTheTokenAndAadItWasOpenedWith() {
        OpenedFields opened = new OpenedFields(10);
        opened.put("ehx1.t1", "rec-1", "person-value", "name", "张三");
        assertThat(opened.get("ehx1.t1", "rec-1", "person-value", "name")).isEqualTo("张三");
        assertThat(opened.get("ehx1.t1", "rec-2", "person-value", "name")).isNull();
        assertThat(opened.get("ehx1.t1", "rec-1", "death-value", "name")).isNull();
        assertThat(opened.get("ehx1.t1", "rec-1", "person-value", "address")).isNull();
        assertThat(opened.get("ehx1.t1", "rec-1\u0000person-value", "", "name")).isNull();
    }

    @Test
    void itStartsEmptyAgainOnceItHasKeptItsCapacity() {
        OpenedFields opened = new OpenedFields(3);
        for (int i = 1; i <= 3; i++) {
            opened.put("k" + i, "rec", "person-value", "name", "v" + i);
        }
        assertThat(opened.get("k1", "rec", "person-value", "name")).isEqualTo("v1");
        opened.put("k4", "rec", "person-value", "name", "v4");
        assertThat(opened.get("k1", "rec", "person-value", "name")).isNull();
        assertThat(opened.get("k3", "rec", "person-value", "name")).isNull();
        assertThat(opened.get("k4", "rec", "person-value", "name")).isEqualTo("v4");
        opened.clear();
        assertThat(opened.get("k4", "rec", "person-value", "name")).isNull();
        assertThatThrownBy(() -> new OpenedFields(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
