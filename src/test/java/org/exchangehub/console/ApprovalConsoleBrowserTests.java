package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.exchange.Subscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The second person in headless Chromium: health's approver finds the subscription an admin proposed to send a
 * deceased person's name in clear, approves it, and revokes an API key an admin issued in health's name.
 */
@HubTest
@ResourceLock("chromium")
class ApprovalConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Subscriptions subscriptions;

    @AfterEach
    void cleanUp() {
        subscriptions.versioned("approval-console").ifPresent(v -> subscriptions.remove("approval-console"));
    }

    @Test
    void theProvidersApproverApprovesAProposedDisclosureAndRevokesAKeyIssuedInItsName() {
        HubHttp http = new HubHttp(port);
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        assertThat(http.post("/api/v1/admin/subscriptions", admin, """
                {"id": "approval-console", "subscriber": "civil-affairs", "recordType": "death-certificate",
                 "purpose": "停发低保", "legalBasis": "《社会救助暂行办法》第十三条", "views": {"deceasedName": "CLEAR"},
                 "channel": {"type": "FEED"}}""").json().get("state").asText()).isEqualTo("PENDING_APPROVAL");
        String keyId = http.post("/api/v1/admin/departments/health/api-keys", admin, "{\"label\": \"console check\"}")
                .json().get("keyId").asText();

        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.signIn(TestCredentials.HEALTH_APPROVER, TestCredentials.password(TestCredentials.HEALTH_APPROVER));
            browser.open("/console/approvals");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-pending='approval-console']")).getText())
                    .contains("民政局", "death-certificate", "deceasedName: CLEAR", TestCredentials.ADMIN);
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-key='" + keyId + "']")).getText())
                    .contains("console check", TestCredentials.ADMIN);
            browser.screenshot("approvals-zh");

            browser.submit(By.cssSelector("button[aria-label='批准 approval-console']"));
            assertThat(browser.text("done")).contains("approval-console", "已批准");
            browser.submit(By.cssSelector("button[aria-label='吊销 " + keyId + "']"));
            assertThat(browser.text("done")).contains(keyId, "已吊销");
        }

        assertThat(subscriptions.versioned("approval-console").orElseThrow().state())
                .isEqualTo(Subscriptions.State.ACTIVE);
        assertThat(http.get("/api/v1/departments/health/api-keys", TestCredentials.basic(TestCredentials.HEALTH_APPROVER))
                .body()).contains("\"revokedBy\":\"" + TestCredentials.HEALTH_APPROVER + "\"");
    }
}
