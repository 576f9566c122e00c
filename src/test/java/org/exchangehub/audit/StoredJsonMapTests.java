package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Audit events' JSON columns are read when first used, the same as if read at once. */
class StoredJsonMapTests {

    @Test
    void aStoredObjectReadsAsItsMembersAndWritesTheSameCanonicalJson() {
        Map<String, String> stored = AuditVerifier.map("{\"causeDirect\":\"MASKED\",\"deceasedName\":\"CLEAR\"}");

        assertThat(stored).isEqualTo(Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED"));
        assertThat(stored.get("causeDirect")).isEqualTo("MASKED");
        assertThat(CanonicalJson.write(stored)).isEqualTo("{\"causeDirect\":\"MASKED\",\"deceasedName\":\"CLEAR\"}");
    }

    @Test
    void textThatIsNoObjectReadsAsAMarkerSoThatTheEventFailsItsHashCheck() {
        assertThat(AuditVerifier.map("{\"deceasedName\":")).isEqualTo(Map.of("!unreadable", "{\"deceasedName\":"));
        assertThat(AuditVerifier.map("[1,2]")).containsOnlyKeys("!unreadable");
        assertThat(AuditVerifier.map(null)).isEqualTo(Map.of("!unreadable", "null"));
    }
}
