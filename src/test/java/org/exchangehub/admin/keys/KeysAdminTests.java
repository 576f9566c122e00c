package org.exchangehub.admin.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

/** The security officer sees key metadata (never material), rotates data and master keys and retires old ones. */
@HubTest
class KeysAdminTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditQueries audit;

    @Test
    void securityOfficerRotatesDataAndMasterKeysAndRetiresTheOldMasterKeyEachStepAudited() {
        HubHttp http = new HubHttp(port);
        String officer = TestCredentials.basic(TestCredentials.SECURITY_OFFICER);

        JsonNode data = http.get("/api/v1/admin/keys/data", officer).json();
        assertThat(data.isArray()).isTrue();
        assertThat(data.toString()).doesNotContain("wrapped").doesNotContain("\"key\"");
        JsonNode rotated = http.post("/api/v1/admin/keys/data/rotate", officer, null).json();
        List<String> created = new ArrayList<>();
        rotated.get("created").forEach(id -> created.add(id.asText()));
        assertThat(http.get("/api/v1/admin/keys/data", officer).json().findValuesAsText("id")).containsAll(created);

        String previous = current(http.get("/api/v1/admin/keys/master", officer).json());
        String next = http.post("/api/v1/admin/keys/master/rotate", officer, null).json().get("masterKey").asText();
        assertThat(current(http.get("/api/v1/admin/keys/master", officer).json())).isEqualTo(next);
        assertThat(http.post("/api/v1/admin/keys/master/" + next + "/retire", officer, null).status())
                .as("the current key cannot go").isEqualTo(409);
        assertThat(http.post("/api/v1/admin/keys/master/" + previous + "/retire", officer, null).status()).isEqualTo(200);

        List<AuditEvent> keyEvents = new ArrayList<>();
        for (String action : List.of("KEY_ROTATED", "KEY_RETIRED")) {
            keyEvents.addAll(audit.search(new AuditQueries.Query(null, null, null, null, action, null, null, 0, 50))
                    .events());
        }
        assertThat(keyEvents).filteredOn(e -> e.actor().equals(TestCredentials.SECURITY_OFFICER))
                .extracting(AuditEvent::detail)
                .anySatisfy(detail -> assertThat(detail).startsWith("DATA key ").contains("field keys replaced"))
                .anySatisfy(detail -> assertThat(detail).startsWith("MASTER key " + next))
                .anySatisfy(detail -> assertThat(detail).startsWith("MASTER key " + previous));
    }

    private static String current(JsonNode masterKeys) {
        for (JsonNode key : masterKeys) {
            if (key.get("current").asBoolean()) {
                return key.get("id").asText();
            }
        }
        throw new AssertionError("no current master key in " + masterKeys);
    }
}
