package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real headless Chromium: each role signs in and sees its navigation, the dashboard follows
 * records while they flow, a wrong password is answered next to the form, a page of another role is refused, and
 * the language follows the browser until switched. Each test leaves a screenshot in {@code target/screenshots/}.
 */
@HubTest
@OwnHub("the dashboard follows records from an empty hub, and the audit of refused resources is counted whole")
@ResourceLock("chromium")
class ConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    AuditQueries audit;

    @Test
    void adminSeesTheDashboardFollowRecordsWhileTheyFlow() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/console/dashboard");
            assertThat(browser.driver.findElements(By.cssSelector("header nav a"))).extracting(WebElement::getText)
                    .containsExactly("Dashboard", "Routes", "Record types", "Departments", "Subscriptions",
                            "Quarantine", "Dead letters", "Catalog", "Sharing requests", "Service calls");
            long before = Long.parseLong(browser.text("total-received"));
            String shownAt = browser.text("updated-at");

            HubHttp.Response pushed = new HubHttp(port).post("/api/v1/inbound/subsistence-allowance",
                    TestCredentials.bearer(keys, "civil-affairs"), FictionalAllowances.batch(900_000, 5));
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);

            browser.waitFor().until(d -> Long.parseLong(browser.text("total-received")) >= before + 5);
            assertThat(browser.text("updated-at")).isNotEqualTo(shownAt);
            browser.waitFor().until(d -> d.findElement(By.id("traffic-chart")).getDomAttribute("data-loaded") != null);
            WebElement civilAffairs = browser.driver.findElement(By.cssSelector("tr[data-department='civil-affairs']"));
            assertThat(civilAffairs.getText()).contains("Civil");
            assertThat(browser.driver.findElements(By.cssSelector("#adapters tbody tr"))).isNotEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("#backlog tbody tr"))).isNotEmpty();
            browser.screenshot("dashboard-admin");
        }
    }

    @Test
    void auditorAndSecurityOfficerSeeTheirNavigationAndAreRefusedAdminPages() {
        for (String user : new String[] { TestCredentials.AUDITOR, TestCredentials.SECURITY_OFFICER }) {
            try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
                browser.signIn(user, TestCredentials.password(user));
                assertThat(browser.driver.findElement(By.cssSelector("header .who")).getText()).contains(user);
                assertThat(browser.driver.findElements(By.cssSelector("header nav a"))).extracting(WebElement::getText)
                        .containsExactlyElementsOf(user.equals(TestCredentials.AUDITOR)
                                ? List.of("Dashboard", "Audit", "Catalog", "Sharing requests", "Service calls")
                                : List.of("Dashboard", "Keys", "Catalog", "Approvals"));

                browser.open("/console/routes");
                assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
                browser.screenshot("denied-" + user);
            }
        }
    }

    @Test
    void theAdminsMenuStaysOnOneLineOnA1366PixelScreenInBothLanguages() {
        for (String language : new String[] { "en-US", "zh-CN" }) {
            try (ConsoleBrowser browser = new ConsoleBrowser(port, language)) {
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
                browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
                List<WebElement> links = browser.driver.findElements(By.cssSelector("header nav a"));
                assertThat(links).hasSize(10);
                int top = links.get(0).getRect().getY();
                int height = links.get(0).getRect().getHeight();
                assertThat(links).as(language + ": every entry on the first's line, none broken in two").allSatisfy(link -> {
                    assertThat(link.getRect().getY()).as(link.getText()).isBetween(top - 4, top + 4);
                    assertThat(link.getRect().getHeight()).as(link.getText()).isLessThan(height * 3 / 2);
                });
                Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as(language + " page wider than the window").isLessThanOrEqualTo(0);
                browser.screenshot("menu-1366-" + language);
            }
        }
    }

    @Test
    void theAdminReadsEveryRecordTypeWithWhatItsFieldsHoldAndFindsTheFormsToAddOne() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/record-types");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("数据类型");
            WebElement death = browser.driver.findElement(By.cssSelector("tr[data-type='death-certificate']"));
            death.findElement(By.tagName("summary")).click();
            assertThat(death.getText()).contains("death-certificate-value v", "deceasedIdNumber", "ID_NUMBER",
                    "resident-id", "个字段");
            assertThat(browser.driver.findElement(By.id("mappings")).getText()).contains("petition-csv");
            assertThat(browser.driver.findElement(By.id("code-tables")).getText()).contains("petition-sex");
            assertThat(browser.driver.findElements(By.cssSelector("#type-form, #mappings-form, #code-tables-form")))
                    .hasSize(3);
            browser.screenshot("record-types-zh");
        }
    }

    @Test
    void wrongPasswordIsAnsweredOnTheSignInPage() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, "not-the-password");

            assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login?error");
            assertThat(browser.driver.findElement(By.cssSelector("[role=alert]")).getText())
                    .startsWith("Sign-in failed");
            browser.screenshot("sign-in-failed");
        }
    }

    @Test
    void languageFollowsTheBrowserUntilSwitched() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "zh-CN")) {
            browser.open("/console/login");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("数据共享交换平台");
            assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
            browser.screenshot("sign-in-zh");

            browser.signIn(TestCredentials.AUDITOR, TestCredentials.password(TestCredentials.AUDITOR));
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("运行概览");
            browser.screenshot("dashboard-zh");

            browser.submit(By.linkText("English"));
            browser.waitFor().until(d -> d.findElement(By.tagName("h1")).getText().equals("Dashboard"));
            browser.open("/console/dashboard?range=day");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
            browser.screenshot("dashboard-en");
        }
    }

    @Test
    void aFormSentAfterTheSessionEndedIsGivenBackAfterSigningInAgain() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/subscriptions/new");
            browser.driver.findElement(By.id("id")).sendKeys("typed-before-timeout");
            browser.driver.findElement(By.id("purpose")).sendKeys("核对低保资格");
            browser.driver.manage().deleteCookieNamed("JSESSIONID");
            browser.driver.manage().addCookie(new org.openqa.selenium.Cookie("JSESSIONID", "ended-session"));
            browser.submit(By.id("save"));

            browser.waitFor().until(d -> d.getCurrentUrl().endsWith("/console/login?expired"));
            assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText())
                    .isEqualTo("Your session has ended. Please sign in again.");
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/subscriptions/new");
            assertThat(browser.driver.findElement(By.id("purpose")).getDomProperty("value")).isEqualTo("核对低保资格");
            assertThat(browser.driver.findElement(By.id("id")).getDomProperty("value")).isEqualTo("typed-before-timeout");
            assertThat(browser.driver.findElement(By.id("restored")).isDisplayed()).isTrue();
            browser.screenshot("form-restored");
        }
    }

    /**
     * The hub's address leads a browser to the console's sign-in, and a person of each role opening every page of
     * their navigation leaves no refusal in the audit log: the site icon, styles and scripts are served to anyone.
     */
    @Test
    void browsingEveryPageOfEveryRoleLeavesNoRefusedResourceInTheAudit() {
        java.time.Instant started = java.time.Instant.now();
        HubHttp http = new HubHttp(port);
        HubHttp.Response icon = http.get("/favicon.ico", null);
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).startsWith("image/");
        assertThat(http.get("/console/assets/favicon.svg", null).status()).isEqualTo(200);
        assertThat(http.get("/actuator/info", null).json().at("/build/version").asText()).as("the hub's version")
                .isNotBlank();
        for (String user : List.of(TestCredentials.ADMIN, TestCredentials.AUDITOR, TestCredentials.SECURITY_OFFICER,
                TestCredentials.POLICE_APPROVER, TestCredentials.CIVIL_AFFAIRS_ADMIN)) {
            try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
                browser.open("/");
                assertThat(browser.driver.getCurrentUrl()).as("/ goes to the console's sign-in").endsWith(
                        "/console/login");
                browser.signIn(user, TestCredentials.password(user));
                List<String> pages = browser.driver.findElements(By.cssSelector("header nav a")).stream()
                        .map(link -> link.getDomAttribute("href")).toList();
                assertThat(pages).isNotEmpty();
                for (String page : pages) {
                    browser.open(page);
                    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).as(user + " " + page)
                            .isNotEqualTo("Not allowed");
                }
            }
        }

        assertThat(audit.search(new AuditQueries.Query(started, null, null, null, "ACCESS_DENIED", null, null, 0,
                100)).events()).as("refusals while browsing").extracting(AuditEvent::detail).isEmpty();
    }
}
