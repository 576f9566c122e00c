package org.exchangehub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.BundleVerifier;
import org.exchangehub.audit.ChainVerifier;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.PemKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The auditor's pages in headless Chromium: a data-subject report for a person whose allowance record reached
 * police (the number never shown back), an export bundle downloaded and verified offline, "verify now", and an
 * event found by search with its place in the chain.
 */
@HubTest
@TestPropertySource(properties = "hub.audit.checkpoint-every=5")
@OwnHub("the auditor finds the class's events and the chain's checkpoints every 5 events")
@ResourceLock("chromium")
class AuditConsoleBrowserTests {

    static final WireMockServer POLICE = new WireMockServer(options().dynamicPort());
    static final int PERSON = 700_001;

    static {
        POLICE.start();
        POLICE.stubFor(post(urlEqualTo("/police/inbox")).willReturn(aResponse().withStatus(200)));
    }

    @LocalServerPort
    int port;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    DepartmentKeys keys;

    @AfterAll
    static void stop() {
        POLICE.stop();
    }

    @BeforeEach
    void anAllowanceRecordDeliveredToPolice() {
        if (subscriptions.byId("audit-console-police").isEmpty()) {
            subscriptions.put(new Subscription("audit-console-police", "police", "subsistence-allowance", "核查在逃人员",
                    "《中华人民共和国人民警察法》第六条", null, Map.of("recipientName", FieldView.CLEAR,
                            "recipientIdNumber", FieldView.MASKED), new DeliveryChannel(DeliveryChannel.Type.WEBHOOK,
                                    POLICE.baseUrl() + "/police/inbox", null, null)));
            assertThat(new HubHttp(port).post("/api/v1/inbound/subsistence-allowance",
                    TestCredentials.bearer(keys, "civil-affairs"), FictionalAllowances.batch(PERSON, 1)).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> !POLICE.getAllServeEvents().isEmpty());
        }
    }

    @Test
    void auditorRunsADataSubjectReportWithoutTheNumberShownBack() {
        String idNumber = FictionalAllowances.idNumber(PERSON);
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
            browser.open("/console/audit/subject-report");
            browser.driver.findElement(By.id("idNumber")).sendKeys(idNumber.substring(0, 17) + "0");
            browser.submit(By.id("report"));
            assertThat(browser.text("idNumber-error")).startsWith("This is not a valid resident ID number");

            browser.driver.findElement(By.id("idNumber")).sendKeys(idNumber);
            browser.submit(By.id("report"));
            browser.waitFor().until(d -> !d.findElements(By.id("report-result")).isEmpty());

            assertThat(browser.text("report-result")).contains("1 records about this person", "police",
                    "核查在逃人员", "《中华人民共和国人民警察法》第六条", "recipientIdNumber: MASKED");
            assertThat(browser.driver.getPageSource()).doesNotContain(idNumber);
            assertThat(browser.driver.findElement(By.id("idNumber")).getDomProperty("value")).isEmpty();
            browser.screenshot("audit-subject-report");
        }
    }

    @Test
    void auditorDownloadsAnExportThatVerifiesOfflineAndVerifiesTheChainNow() throws Exception {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
            browser.open("/console/audit");
            browser.driver.findElement(By.id("verify-now")).click();
            browser.waitFor().until(d -> d.findElement(By.id("verdict")).getText().startsWith("VERIFIED"));
            assertThat(browser.driver.findElement(By.id("verdict")).getText()).contains("Newest signed checkpoint at seq");
            assertThat(browser.driver.findElement(By.id("anchoring")).getText())
                    .contains("Events not yet signed").contains("no time-stamping authority configured");
            assertThat(Long.parseLong(browser.driver.findElement(By.id("unsigned-events")).getText()))
                    .isNotNegative();
            browser.screenshot("audit-verified");

            browser.driver.findElement(By.id("export")).click();
            Path bundle = await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (var files = Files.list(browser.downloads)) {
                    return files.filter(f -> f.getFileName().toString().matches("audit-export-1-head.*\\.zip"))
                            .findFirst().orElse(null);
                }
            }, file -> file != null);
            String key = new HubHttp(port).get("/api/v1/audit/public-key",
                    TestCredentials.basic(TestCredentials.AUDITOR)).body();
            ChainVerifier.Verdict verdict = BundleVerifier.verify(bundle, PemKeys.readPublicKey(key));
            assertThat(verdict.ok()).as(verdict.detail()).isTrue();
            assertThat(verdict.events()).isGreaterThan(1);
            assertThat(verdict.coverage().unsigned()).as("the export ends on a signature").isZero();
        }
    }

    @Test
    void auditorFindsADeliveryAndSeesItsPlaceInTheChain() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
            browser.open("/console/audit?action=DELIVERED&subscription=audit-console-police&from=2000-01-01T00:00");
            assertThat(browser.text("result-count")).startsWith("共 1 条事件");
            browser.screenshot("audit-search-zh");
            browser.submit(By.cssSelector("#events tbody a"));

            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("审计事件");
            assertThat(browser.text("checkpoint-status")).contains("检查点");
            browser.screenshot("audit-event-zh");

            browser.open("/console/audit?from=yesterday");
            assertThat(browser.driver.findElement(By.cssSelector("#from[aria-invalid=true]"))).isNotNull();
            assertThat(browser.driver.findElement(By.cssSelector(".field-error")).getText()).isEqualTo("请输入日期和时间。");
        }
    }
}
