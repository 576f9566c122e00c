package org.exchangehub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.TableText;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** The death-propagation scenario, then: who received what about the deceased, when and why. */
@HubTest
class DataSubjectReportTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "110108193703110229";

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @Autowired
    DataSubjectReport reports;

    @Autowired
    AuditQueries queries;

    @Autowired
    JdbcClient jdbc;

    @Test
    void reportListsExactlyTheDeliveriesMadeAndTheNumberIsStoredNowhere() throws Exception {
        WireMockServer departments = new WireMockServer(options().dynamicPort());
        departments.start();
        try {
            departments.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
            subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
            subscriptions.put(subscription("report-civil", "civil-affairs", departments.baseUrl() + "/civil",
                    Map.of("deceasedName", FieldView.CLEAR, "deceasedIdNumber", FieldView.CLEAR,
                            "causeDirect", FieldView.MASKED)));
            subscriptions.put(subscription("report-police", "police", departments.baseUrl() + "/police",
                    Map.of("deceasedName", FieldView.CLEAR, "deceasedIdNumber", FieldView.BLIND_INDEX)));
            String death = inbound.receive("death-certificate", JSON.readTree("""
                    {"sourceDepartment": "health", "sourceKey": "S110108202611200001", "occurredAt": "2026-11-20T03:00:00+08:00",
                     "certificateNo": "S110108202611200001", "hospitalName": "某医院", "hospitalUscc": "91350100M000100Y43",
                     "deceasedName": "周淑兰", "deceasedIdNumber": "%s", "deathTime": "2026-11-20T03:00:00+08:00",
                     "causeDirect": "脑出血"}""".formatted(ID)), "PUSH").recordId();
            String petition = inbound.receive("petition", JSON.readTree("""
                    {"sourceDepartment": "petition", "sourceKey": "XF11010820261101", "occurredAt": "2026-11-01T00:00:00+08:00",
                     "petitionNo": "XF11010820261101", "registeredOn": "2026-11-01", "petitionerName": "周淑兰",
                     "petitionerIdNumber": "110108370311022", "form": "LETTER", "purpose": "REQUEST",
                     "divisionCode": "110108", "status": "REGISTERED", "repeated": false, "collective": false}"""), "PUSH")
                    .recordId();
            await().atMost(Duration.ofSeconds(15)).until(() -> queries.search(new AuditQueries.Query(null, null, null,
                    null, "DELIVERED", null, death, 0, 10)).events().size() == 2);

            DataSubjectReport.Report report = reports.forIdNumber("110108193703110229", "auditor-zhang");

            assertThat(report.subject()).startsWith("bi1.");
            assertThat(report.records()).extracting(DataSubjectReport.Entry::recordId).containsExactly(death, petition);
            DataSubjectReport.Entry deathEntry = report.records().get(0);
            assertThat(deathEntry.sourceDepartment()).isEqualTo("health");
            assertThat(deathEntry.matchedFields()).containsExactly("deceasedIdNumber");
            assertThat(deathEntry.deliveries()).extracting(DataSubjectReport.Delivery::to)
                    .containsExactlyInAnyOrder("civil-affairs", "police");
            assertThat(deathEntry.deliveries()).filteredOn(d -> d.to().equals("civil-affairs")).singleElement()
                    .satisfies(d -> {
                        assertThat(d.fields()).isEqualTo(Map.of("deceasedName", "CLEAR", "deceasedIdNumber", "CLEAR",
                                "causeDirect", "MASKED"));
                        assertThat(d.purpose()).isEqualTo("测试用途");
                    });
            assertThat(deathEntry.deliveries()).filteredOn(d -> d.to().equals("police")).singleElement()
                    .satisfies(d -> assertThat(d.fields()).isEqualTo(Map.of("deceasedName", "CLEAR",
                            "deceasedIdNumber", "BLIND_INDEX")));
            assertThat(report.records().get(1).deliveries()).isEmpty();
            assertThat(DataSubjectReport.csv(report).lines()).hasSize(1 + 2 + 1)
                    .allSatisfy(line -> assertThat(line).doesNotContain(ID));

            String published = "SELECT COUNT(*) FROM audit_subject_index s JOIN audit_event e ON e.node_id = s.node_id"
                    + " AND e.seq = s.seq WHERE e.action = 'PUBLISHED'";
            assertThat(jdbc.sql(published).query(Long.class).single())
                    .as("published records are found through the journal's blind index, not a second index")
                    .isZero();
            // a database of the release before indexed the PUBLISHED events by blind index too: found once each
            jdbc.sql("INSERT INTO audit_subject_index (token, node_id, seq) SELECT ?, node_id, seq FROM audit_event"
                    + " WHERE action = 'PUBLISHED'").param(report.subject()).update();
            assertThat(reports.forIdNumber("110108193703110229", "auditor-zhang").records())
                    .isEqualTo(report.records());
            jdbc.sql("DELETE FROM audit_subject_index WHERE seq IN (SELECT seq FROM audit_event"
                    + " WHERE action = 'PUBLISHED')").update();

            String audit = TableText.of(jdbc, "audit_event", "audit_subject_index", "audit_checkpoint");
            assertThat(audit).doesNotContain(ID).doesNotContain("110108370311022").doesNotContain("周淑兰")
                    .contains("SUBJECT_REPORT");
            assertThat(queries.search(new AuditQueries.Query(null, null, "auditor-zhang", null, "SUBJECT_REPORT", null,
                    null, 0, 10)).total()).isEqualTo(2);
            assertThat(queries.search(new AuditQueries.Query(null, null, "civil-affairs", null, "DELIVERED", null,
                    death, 0, 10)).events()).singleElement()
                    .satisfies(event -> assertThat(event.subscriptionId()).isEqualTo("report-civil"));
            assertThat(queries.search(new AuditQueries.Query(null, null, null, null, "DELIVERED", "report-police",
                    death, 0, 10)).events()).singleElement()
                    .satisfies(event -> assertThat(event.targetDepartment()).isEqualTo("police"));
        } finally {
            subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
            departments.stop();
        }
    }

    @Test
    void invalidIdNumberGetsAReasonNotAnEcho() {
        assertThatThrownBy(() -> reports.forIdNumber("110108193703110228", "auditor-zhang"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID_CHECK_CHAR")
                .hasMessageNotContaining("110108193703110228");
    }

    private static Subscription subscription(String id, String subscriber, String url, Map<String, FieldView> views) {
        return new Subscription(id, subscriber, "death-certificate", "测试用途", "《测试条例》第一条", SubscriptionFilter.ALL,
                views, new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, url, null, null));
    }

}
