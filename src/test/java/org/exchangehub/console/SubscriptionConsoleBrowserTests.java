package org.exchangehub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The admin's subscription pages in headless Chromium: a form refused with the problem next to the field (in
 * Chinese), then a subscription created with a view per personal-data field (awaiting the provider's approval until
 * civil affairs approves it), and the next records arriving at the
 * department in exactly those views; pause and resume from the list.
 */
@HubTest
@OwnHub("the catalog's and the subscriptions' pages list what these classes made, and nothing else")
@ResourceLock("chromium")
class SubscriptionConsoleBrowserTests {

    static final WireMockServer GRID = new WireMockServer(options().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        GRID.start();
        GRID.stubFor(post(urlEqualTo("/grid/inbox")).willReturn(aResponse().withStatus(200)));
    }

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @AfterAll
    static void stop() {
        GRID.stop();
    }

    @Test
    void anAdminCreatesASubscriptionAndRecordsArriveInItsViews() throws Exception {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/subscriptions/new");
            browser.driver.findElement(By.id("id")).sendKeys("console-grid-allowances");
            new Select(browser.driver.findElement(By.id("subscriber"))).selectByValue("grid");
            new Select(browser.driver.findElement(By.id("recordType"))).selectByValue("subsistence-allowance");
            browser.submit(By.id("show-fields"));

            browser.waitFor().until(d -> !d.findElements(By.id("view-recipientIdNumber")).isEmpty());
            assertThat(browser.driver.findElement(By.id("id")).getDomProperty("value")).isEqualTo("console-grid-allowances");
            assertThat(browser.text("views")).contains("recipientName", "姓名", "recipientIdNumber", "身份证号", "有盲索引");
            new Select(browser.driver.findElement(By.id("view-recipientName"))).selectByValue("CLEAR");
            new Select(browser.driver.findElement(By.id("view-recipientIdNumber"))).selectByValue("MASKED");
            browser.driver.findElement(By.id("legalBasis")).sendKeys("《社会救助暂行办法》第十一条");
            browser.driver.findElement(By.id("url")).sendKeys(GRID.baseUrl() + "/grid/inbox");
            browser.submit(By.id("save"));

            browser.waitFor().until(d -> !d.findElements(By.id("purpose-error")).isEmpty());
            assertThat(browser.text("purpose-error")).isEqualTo("必填：部门使用数据的用途。");
            assertThat(browser.driver.findElement(By.id("legalBasis")).getDomProperty("value"))
                    .isEqualTo("《社会救助暂行办法》第十一条");
            assertThat(new Select(browser.driver.findElement(By.id("view-recipientIdNumber"))).getFirstSelectedOption()
                    .getDomProperty("value")).isEqualTo("MASKED");
            browser.screenshot("subscription-refused-zh");

            browser.driver.findElement(By.id("purpose")).sendKeys("网格员入户核查低保");
            browser.submit(By.id("save"));
            browser.waitFor().until(d -> !d.findElements(By.id("done")).isEmpty());
            assertThat(browser.text("done")).contains("须经数据提供部门审批人或安全保密管理员审批后才开始投递");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-subscription='console-grid-allowances']"))
                    .getText()).contains("grid", "subsistence-allowance", "网格员入户核查低保", "待审批");
            browser.screenshot("subscriptions-zh");
            // a name in clear: civil affairs, which provides the records, approves it as the second person
            assertThat(new HubHttp(port).post("/api/v1/subscription-approvals/console-grid-allowances/approve",
                    TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN), null).status()).isEqualTo(200);

            int person = 600_123;
            assertThat(new HubHttp(port).post("/api/v1/inbound/subsistence-allowance",
                    TestCredentials.bearer(keys, "civil-affairs"), FictionalAllowances.batch(person, 1)).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !GRID.findAll(postRequestedFor(urlEqualTo("/grid/inbox"))).isEmpty());
            JsonNode record = JSON.readTree(GRID.findAll(postRequestedFor(urlEqualTo("/grid/inbox"))).get(0)
                    .getBodyAsString()).get("records").get(0).get("record");
            assertThat(record.get("recipientName").asText()).isEqualTo(FictionalAllowances.name(person));
            assertThat(record.get("recipientIdNumber").asText()).contains("*")
                    .isNotEqualTo(FictionalAllowances.idNumber(person));
            assertThat(record.get("address").isNull()).isTrue();

            browser.open("/console/subscriptions");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-subscription='console-grid-allowances']"))
                    .getText()).contains("生效");
            browser.submit(By.cssSelector("button[aria-label='暂停 console-grid-allowances']"));
            assertThat(browser.text("done")).contains("已暂停");
            browser.submit(By.cssSelector("button[aria-label='恢复 console-grid-allowances']"));
            assertThat(browser.text("done")).contains("已恢复");
        }
    }
}
