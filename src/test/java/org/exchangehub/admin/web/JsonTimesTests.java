package org.exchangehub.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every time in the hub's JSON — API answers, actuator, the records themselves — has one form: ISO-8601 with
 * milliseconds and the +08:00 offset, never UTC with nanoseconds beside Shanghai time.
 */
@HubTest
class JsonTimesTests {

    static final Pattern ANY_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*");
    static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+08:00");

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Test
    void everyTimeInTheAnswersHasTheOneDocumentedForm() {
        HubHttp http = new HubHttp(port);
        String civilAffairs = TestCredentials.bearer(keys, "civil-affairs");
        assertThat(http.post("/api/v1/inbound/subsistence-allowance", civilAffairs, FictionalAllowances.batch(
                930_000, 2)).status()).isEqualTo(200);
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        List<String> times = new ArrayList<>();
        collect(http.get("/api/v1/admin/subscriptions", admin).json(), times);
        collect(http.get("/api/v1/admin/departments/civil-affairs/api-keys", admin).json(), times);
        collect(http.get("/actuator/health", admin).json(), times);
        collect(http.get("/actuator/info", admin).json(), times);
        collect(http.get("/api/v1/audit/events?size=20", TestCredentials.basic(TestCredentials.AUDITOR)).json(), times);
        collect(http.get("/api/v1/admin/keys/master", TestCredentials.basic(TestCredentials.SECURITY_OFFICER)).json(),
                times);

        assertThat(times).hasSizeGreaterThan(10).allSatisfy(time -> {
            assertThat(time).matches(FORM);
            assertThat(Instant.parse(time)).isBefore(Instant.now().plusSeconds(3600 * 24 * 400));
        });
    }

    private static void collect(JsonNode node, List<String> times) {
        if (node.isTextual() && ANY_TIME.matcher(node.asText()).matches()) {
            times.add(node.asText());
        }
        node.forEach(child -> collect(child, times));
    }
}
