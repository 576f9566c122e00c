package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The admin's department pages in headless Chromium: a department refused for a bad division code (the problem
 * next to the field), then created; an API key issued and shown once, working, then revoked and refused; the
 * department disabled.
 */
@HubTest
@OwnHub("it creates and disables a department of the hub")
@ResourceLock("chromium")
class DepartmentConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void anAdminCreatesADepartmentIssuesAKeyOnceAndRevokesIt() {
        HubHttp http = new HubHttp(port);
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/departments/new");
            browser.driver.findElement(By.id("code")).sendKeys("housing");
            browser.driver.findElement(By.id("nameZh")).sendKeys("住房保障局");
            browser.driver.findElement(By.id("nameEn")).sendKeys("Housing Security Bureau");
            browser.driver.findElement(By.id("divisionCode")).sendKeys("33");
            browser.submit(By.id("save"));
            assertThat(browser.text("divisionCode-error")).isEqualTo("Six digits.");
            assertThat(browser.driver.findElement(By.id("nameZh")).getDomProperty("value")).isEqualTo("住房保障局");

            browser.driver.findElement(By.id("divisionCode")).sendKeys("0106");
            browser.submit(By.id("save"));
            assertThat(browser.text("done")).isEqualTo("Department housing saved.");

            browser.driver.findElement(By.id("label")).sendKeys("housing system");
            browser.submit(By.id("issue"));
            String key = browser.text("issued-key");
            assertThat(key).startsWith("ehk1.");
            browser.screenshot("department-key-issued");
            assertThat(http.get("/registry/subjects", "Bearer " + key).status()).isEqualTo(200);

            browser.open("/console/departments/housing");
            assertThat(browser.driver.getPageSource()).doesNotContain(key);
            assertThat(browser.text("api-keys")).contains("housing system", "ACTIVE");
            browser.submit(By.cssSelector("#api-keys button"));
            assertThat(browser.text("done")).endsWith("revoked: it is refused from now on.");
            assertThat(http.get("/registry/subjects", "Bearer " + key).status()).isEqualTo(401);

            browser.submit(By.id("toggle"));
            assertThat(browser.text("done")).startsWith("Department housing disabled");
            browser.open("/console/departments");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-department='housing']")).getText())
                    .contains("Housing Security Bureau", "330106", "disabled");
        }
    }
}
