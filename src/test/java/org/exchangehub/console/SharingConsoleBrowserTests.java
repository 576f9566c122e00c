package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.ingest.ResidentIdNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Conditional sharing in headless Chromium: civil affairs' department admin browses the catalog (in Chinese),
 * previews a request and files it; police's approver sees it waiting on the dashboard, approves it with a narrower
 * view, and revokes it; each page shows the request's state. A verification service is requested without fields or
 * channel, approved without a subscription, asked in the console's form (the answer shown, the person not shown
 * back, a bad ID number refused naming the field) and in a batch file whose progress and answers the page shows;
 * the admins' page counts the grant's calls.
 */
@HubTest
@OwnHub("the catalog's and the subscriptions' pages list what these classes made, and nothing else")
@ResourceLock("chromium")
class SharingConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Subscriptions subscriptions;

    @Test
    void aDepartmentRequestsFromTheCatalogAndTheProvidersApproverApprovesAndRevokes() {
        String id;
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.signIn(TestCredentials.CIVIL_AFFAIRS_ADMIN, TestCredentials.password(TestCredentials.CIVIL_AFFAIRS_ADMIN));
            browser.open("/console/catalog");
            assertThat(browser.text("catalog")).contains("接警记录", "有条件共享", "死亡医学证明");
            browser.submit(By.linkText("接警记录"));
            assertThat(browser.driver.findElement(By.cssSelector("[data-item=summary]")).getText()).contains("不予共享");
            assertThat(browser.driver.findElement(By.id("view-summary")).isEnabled()).isFalse();
            new Select(browser.driver.findElement(By.id("view-callerIdNumber"))).selectByValue("BLIND_INDEX");
            new Select(browser.driver.findElement(By.id("view-place"))).selectByValue("MASKED");
            browser.driver.findElement(By.id("purpose")).sendKeys("核查低保申请人近期警情");
            browser.driver.findElement(By.id("legalBasis")).sendKeys("《社会救助暂行办法》第十一条");
            browser.driver.findElement(By.id("url")).sendKeys("http://localhost:9/civil-affairs/verification");
            browser.submit(By.id("preview"));

            assertThat(browser.driver.findElement(By.cssSelector("[data-preview=callerIdNumber]")).getText())
                    .contains("盲索引", "bi1.");
            assertThat(browser.driver.findElement(By.cssSelector("[data-preview=callerName]")).getText())
                    .contains("不提供");
            assertThat(new Select(browser.driver.findElement(By.id("view-callerIdNumber"))).getFirstSelectedOption()
                    .getDomProperty("value")).isEqualTo("BLIND_INDEX");
            assertThat(browser.driver.findElement(By.id("restored")).isDisplayed()).as("a preview is an answer").isFalse();
            browser.screenshot("sharing-request-preview");
            browser.submit(By.id("submit-request"));

            assertThat(browser.text("request-state")).isEqualTo("待审批");
            assertThat(browser.text("done")).startsWith("已提交申请 sr-");
            assertThat(browser.text("request-fields")).contains("callerIdNumber", "待提供部门审批");
            id = browser.driver.getCurrentUrl().replaceAll(".*/console/requests/", "");
            assertThat(browser.driver.findElements(By.id("approve-form"))).as("the requester cannot approve").isEmpty();
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en")) {
            browser.signIn(TestCredentials.POLICE_APPROVER, TestCredentials.password(TestCredentials.POLICE_APPROVER));
            assertThat(Integer.parseInt(browser.text("requests-to-answer"))).isPositive();
            browser.open("/console/requests?state=PENDING");
            assertThat(browser.driver.findElement(By.cssSelector("[data-request='" + id + "']")).getText())
                    .contains("Civil Affairs Bureau → Public Security Bureau", "to answer");
            browser.submit(By.linkText(id));
            new Select(browser.driver.findElement(By.id("grant-place"))).selectByValue("OMIT");
            browser.driver.findElement(By.id("approve-comment")).sendKeys("place not needed");
            browser.screenshot("sharing-request-approval");
            browser.submit(By.id("approve"));

            assertThat(browser.text("request-state")).isEqualTo("approved");
            assertThat(browser.text("active")).isEqualTo("yes");
            assertThat(browser.driver.findElement(By.cssSelector("[data-field=place]")).getText()).contains("refused");
            assertThat(browser.driver.findElement(By.cssSelector("[data-field=callerIdNumber]")).getText())
                    .contains("granted");
            assertThat(subscriptions.versioned(id)).isPresent();

            browser.driver.findElement(By.id("revoke")).click();
            assertThat(browser.driver.findElement(By.id("revoke-reason")).getDomProperty("validationMessage"))
                    .as("a reason is required").isNotEmpty();
            browser.driver.findElement(By.id("revoke-reason")).sendKeys("verification finished");
            browser.submit(By.id("revoke"));
            assertThat(browser.text("request-state")).isEqualTo("revoked");
            assertThat(browser.text("active")).isEqualTo("no");
            assertThat(subscriptions.versioned(id)).isEmpty();
        }
    }

    @Test
    void aVerificationServiceIsRequestedApprovedAskedOneByOneAndInABatchAndItsCallsCountedForAdmins()
            throws IOException {
        String id;
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en")) {
            browser.signIn(TestCredentials.CIVIL_AFFAIRS_ADMIN, TestCredentials.password(TestCredentials.CIVIL_AFFAIRS_ADMIN));
            browser.open("/console/catalog/death-status");
            assertThat(browser.text("service-note")).contains("verification service");
            assertThat(browser.driver.findElements(By.id("fields"))).isEmpty();
            assertThat(browser.driver.findElements(By.id("channelType"))).isEmpty();
            browser.driver.findElement(By.id("purpose")).sendKeys("停发低保核查");
            browser.driver.findElement(By.id("legalBasis")).sendKeys("《社会救助暂行办法》第十三条");
            browser.submit(By.id("submit-request"));
            assertThat(browser.text("request-state")).isEqualTo("pending");
            id = browser.driver.getCurrentUrl().replaceAll(".*/console/requests/", "");
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en")) {
            browser.signIn(TestCredentials.HEALTH_APPROVER, TestCredentials.password(TestCredentials.HEALTH_APPROVER));
            browser.open("/console/requests/" + id);
            browser.submit(By.id("approve"));
            assertThat(browser.text("request-state")).isEqualTo("approved");
            assertThat(browser.text("active")).isEqualTo("yes");
            assertThat(subscriptions.versioned(id)).as("a service's grant is the request, not a subscription")
                    .isEmpty();
        }
        String first17 = "33010619500101021";
        String person = first17 + ResidentIdNumber.checkCharacter(first17);
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en")) {
            browser.signIn(TestCredentials.CIVIL_AFFAIRS_ADMIN, TestCredentials.password(TestCredentials.CIVIL_AFFAIRS_ADMIN));
            browser.submit(By.linkText("Verification"));
            new Select(browser.driver.findElement(By.id("grant"))).selectByValue(id);
            browser.driver.findElement(By.id("idNumber")).sendKeys(person);
            browser.driver.findElement(By.id("caseReference")).sendKeys("MZ-2026-0088");
            browser.submit(By.id("ask"));

            assertThat(browser.text("answer")).isEqualTo("NOT_ON_FILE");
            assertThat(browser.text("answer-text")).isEqualTo("not on file (库无)");
            assertThat(browser.driver.findElement(By.id("idNumber")).getDomProperty("value"))
                    .as("the person asked about is not shown back").isEmpty();
            assertThat(browser.driver.findElement(By.id("caseReference")).getDomProperty("value"))
                    .isEqualTo("MZ-2026-0088");
            browser.screenshot("verification-answer");
            browser.driver.findElement(By.id("idNumber")).sendKeys(person.substring(0, 17) + "0");
            browser.submit(By.id("ask"));
            assertThat(browser.text("problem")).startsWith("idNumber: not a valid resident ID number");

            Path file = Files.createTempFile("questions", ".csv");
            Files.writeString(file, "idNumber,caseReference\r\n" + person + ",MZ-2026-0089\r\n" + person
                    + ",\r\n12345,MZ-2026-0090\r\n");
            new Select(browser.driver.findElement(By.id("batch-grant"))).selectByValue(id);
            browser.driver.findElement(By.id("batch-case")).sendKeys("MZ-2026-0091");
            browser.driver.findElement(By.id("batch-file")).sendKeys(file.toAbsolutePath().toString());
            browser.submit(By.id("send-batch"));
            assertThat(browser.text("done")).startsWith("Batch ").endsWith(" queued.");
            browser.waitFor().until(d -> {
                d.navigate().refresh();
                return d.findElement(By.cssSelector("#batches tbody tr .state")).getText().equals("DONE");
            });
            assertThat(browser.driver.findElement(By.cssSelector("#batches tbody tr .progress")).getText())
                    .isEqualTo("2 of 2 answered, 1 bad rows");
            assertThat(browser.driver.findElements(By.cssSelector("#batches tbody tr a.download"))).hasSize(1);
            browser.screenshot("verification-batches");
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.submit(By.linkText("Service calls"));
            String row = browser.driver.findElement(By.cssSelector("[data-grant='" + id + "']")).getText();
            assertThat(row).contains("death-status", "Civil Affairs Bureau → Health Commission", "停发低保核查",
                    "NOT_ON_FILE 3");
            assertThat(browser.driver.findElement(By.cssSelector("[data-grant='" + id + "'] .calls")).getText())
                    .isEqualTo("3");
        }
    }
}
