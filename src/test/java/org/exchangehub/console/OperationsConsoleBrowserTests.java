package org.exchangehub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.DeadLetters;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The admin's quarantine and dead-letter pages in headless Chromium: a record with a wrong ID check character is
 * inspected with its personal data masked and fixed without anyone reading it in clear; a discard without reason is
 * answered next to the field; a delivery dead-lettered while the subscriber was down is replayed once it is back.
 */
@HubTest
@OwnHub("the quarantine and dead-letter pages list what the class made, and nothing else")
@ResourceLock("chromium")
class OperationsConsoleBrowserTests {

    static final WireMockServer HEALTH = new WireMockServer(options().dynamicPort());

    static {
        HEALTH.start();
    }

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    DeadLetters deadLetters;

    @AfterAll
    static void stop() {
        HEALTH.stop();
    }

    @Test
    void anAdminFixesAQuarantinedRecordWithoutSeeingItsPersonalData() {
        int person = 500_321;
        String right = FictionalAllowances.idNumber(person);
        String wrong = right.substring(0, 17) + (right.charAt(17) == '0' ? '1' : '0');
        push(FictionalAllowances.record(person).replace(right, wrong));
        push(FictionalAllowances.record(person + 1).replace(FictionalAllowances.idNumber(person + 1), "123"));
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/quarantine");
            assertThat(browser.text("quarantine")).contains("Civil Affairs Bureau", "subsistence-allowance",
                    "recipientIdNumber: ID_CHECK_CHAR");
            browser.screenshot("quarantine");
            browser.submit(browser.driver.findElements(By.cssSelector("#quarantine tbody tr")).stream()
                    .filter(row -> row.getText().contains("ID_CHECK_CHAR")).findFirst().orElseThrow()
                    .findElement(By.tagName("a")));

            String page = browser.driver.getPageSource();
            assertThat(page).doesNotContain(wrong, FictionalAllowances.name(person),
                    FictionalAllowances.address(person));
            assertThat(browser.text("masked-input")).contains("recipientIdNumber");
            browser.submit(By.id("discard"));
            assertThat(browser.text("reason-error")).isEqualTo("A reason is required (up to 400 characters).");

            browser.driver.findElement(By.id("field-1")).clear();
            browser.driver.findElement(By.id("field-1")).sendKeys("recipientIdNumber");
            browser.driver.findElement(By.id("value-1")).sendKeys(right);
            browser.submit(By.id("resubmit"));
            browser.waitFor().until(d -> !d.findElements(By.id("done")).isEmpty());
            assertThat(browser.text("done")).endsWith("resubmitted: ACCEPTED.");
            assertThat(browser.driver.getPageSource()).doesNotContain(right);
        }
    }

    @Test
    void anAdminReplaysADeadLetterOnceTheSubscriberIsBack() {
        HEALTH.stubFor(post(urlEqualTo("/health/inbox")).willReturn(aResponse().withStatus(503)));
        subscriptions.put(new Subscription("ops-console-health", "health", "subsistence-allowance", "医保核查",
                "《社会救助暂行办法》第十一条", null, Map.of("recipientName", FieldView.MASKED),
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, HEALTH.baseUrl() + "/health/inbox", null, null)));
        push(FictionalAllowances.batch(500_400, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list().stream()
                .anyMatch(d -> d.subscriptionId().equals("ops-console-health")));
        long id = deadLetters.list().stream().filter(d -> d.subscriptionId().equals("ops-console-health")).findFirst()
                .orElseThrow().id();
        HEALTH.stubFor(post(urlEqualTo("/health/inbox")).willReturn(aResponse().withStatus(200)));
        HEALTH.resetRequests();

        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/dead-letters");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-letter='" + id + "']")).getText())
                    .contains("ops-console-health", "503");
            browser.screenshot("dead-letters");
            browser.submit(By.id("replay"));
            assertThat(browser.text("failed")).isEqualTo("Choose at least one dead letter to replay.");

            browser.driver.findElement(By.id("letter-" + id)).click();
            browser.submit(By.id("replay"));
            assertThat(browser.text("done")).startsWith("1 dead letters queued again");
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !HEALTH.findAll(postRequestedFor(urlEqualTo("/health/inbox"))).isEmpty());
        assertThat(deadLetters.byId(id)).isEmpty();
    }

    private void push(String records) {
        HubHttp.Response response = new HubHttp(port).post("/api/v1/inbound/subsistence-allowance",
                TestCredentials.bearer(keys, "civil-affairs"), records);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
