package org.exchangehub.protect.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Clear values of fields opened moments ago: keyed by token and AAD, one slot per token, never more than the slots. */
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
    void aTokenSharingAnothersSlotNeverGetsItsValueAndTheLastOpenedKeepsTheSlot() {
        OpenedFields opened = new OpenedFields(1024);
        // the same last characters choose the same slot
        String first = "ehx1.key-a.nonce-1.SAME-TAIL-0123";
        String second = "ehx1.key-b.nonce-2.SAME-TAIL-0123";
        opened.put(first, "rec-1", "person-value", "name", "张三");
        assertThat(opened.get(second, "rec-1", "person-value", "name")).isNull();
        opened.put(second, "rec-1", "person-value", "name", "李四");
        assertThat(opened.get(second, "rec-1", "person-value", "name")).isEqualTo("李四");
        assertThat(opened.get(first, "rec-1", "person-value", "name")).as("replaced").isNull();
    }

    @Test
    void itKeepsNoMoreValuesThanItHasSlots() {
        OpenedFields opened = new OpenedFields(100); // 128 slots
        for (int i = 0; i < 10_000; i++) {
            opened.put("ehx1.token-" + i, "rec", "person-value", "name", "v" + i);
        }
        int found = 0;
        for (int i = 0; i < 10_000; i++) {
            if (opened.get("ehx1.token-" + i, "rec", "person-value", "name") != null) {
                assertThat(opened.get("ehx1.token-" + i, "rec", "person-value", "name")).isEqualTo("v" + i);
                found++;
            }
        }
        assertThat(found).isBetween(1, 128);
        assertThat(opened.get("ehx1.token-9999", "rec", "person-value", "name")).as("the last one opened")
                .isEqualTo("v9999");
        opened.clear();
        assertThat(opened.get("ehx1.token-9999", "rec", "person-value", "name")).isNull();
        assertThatThrownBy(() -> new OpenedFields(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
