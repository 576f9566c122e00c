package org.exchangehub.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /actuator/prometheus} for an admin's scraper: the hub's own metrics are there, with subscription and route
 * labels and no personal data, and every metric the Grafana dashboard in {@code docs/operations/} asks for exists.
 */
@HubTest
@AutoConfigureObservability(tracing = false) // Spring Boot's tests leave out metrics exporters unless asked
class OperatorMetricsTests {

    private static final Pattern METRIC = Pattern.compile("\\bhub_[a-z_]+");

    @LocalServerPort
    int port;

    @Autowired
    OperatorMetrics metrics;

    @Autowired
    DepartmentKeys keys;

    @Test
    void anAdminsScraperGetsTheHubsMetricsAndTheDashboardAsksOnlyForMetricsThatExist() throws IOException {
        HubHttp http = new HubHttp(port);
        HubHttp.Response pushed = http.post("/api/v1/inbound/subsistence-allowance",
                TestCredentials.bearer(keys, "civil-affairs"), FictionalAllowances.batch(930_000, 3));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        metrics.refresh();

        assertThat(http.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(http.get("/actuator/prometheus", TestCredentials.basic(TestCredentials.AUDITOR)).status())
                .isEqualTo(403);
        HubHttp.Response scraped = http.get("/actuator/prometheus", TestCredentials.basic(TestCredentials.ADMIN));
        assertThat(scraped.status()).isEqualTo(200);
        Set<String> exposed = scraped.body().lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exposed).contains("hub_records_total", "hub_delivery_waiting_records", "hub_delivery_lag_seconds",
                "hub_delivery_retrying_records", "hub_delivery_dead_letters_records", "hub_quarantine_open",
                "hub_audit_chain_head", "hub_audit_checkpoint_age_seconds", "hub_keys_data_newest_age_seconds",
                "hub_keys_data_oldest_age_seconds", "hub_keys_master_count", "hub_adapter_up",
                "hub_journal_commits_callers_count", "hub_journal_commits_callers_sum",
                "hub_journal_commit_wait_seconds_count", "hub_journal_commit_wait_seconds");
        assertThat(scraped.body()).contains("hub_records_total{department=\"civil-affairs\",outcome=\"received\"")
                .contains("hub_adapter_up{route=\"petition-csv-files\"} 1.0");
        for (int n = 0; n < 3; n++) {
            assertThat(scraped.body()).as("no personal data in a label")
                    .doesNotContain(FictionalAllowances.idNumber(930_000 + n))
                    .doesNotContain(FictionalAllowances.name(930_000 + n));
        }

        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(
                Path.of("docs/operations/grafana-dashboard.json")));
        Set<String> asked = new TreeSet<>();
        dashboard.findValues("expr").forEach(expr -> {
            Matcher metric = METRIC.matcher(expr.asText());
            while (metric.find()) {
                asked.add(metric.group());
            }
        });
        assertThat(asked).hasSizeGreaterThanOrEqualTo(10);
        assertThat(exposed).as("metrics the dashboard's queries name").containsAll(asked);
    }
}
