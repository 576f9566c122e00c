package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The security officer's key page in headless Chromium: metadata only, data keys rotated, the master key rotated and
 * the old one — now wrapping nothing — retired; a master key in use offers no retire button.
 */
@HubTest
@OwnHub("it rotates the hub's keys and retires its master key")
@ResourceLock("chromium")
class KeyConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void theSecurityOfficerRotatesKeysAndRetiresTheOldMasterKey() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.SECURITY_OFFICER, TestCredentials.password(TestCredentials.SECURITY_OFFICER));
            browser.open("/console/keys");
            int dataKeys = browser.driver.findElements(By.cssSelector("#data-keys tbody tr")).size();
            assertThat(browser.driver.getPageSource()).doesNotContain("BEGIN").doesNotContainIgnoringCase("secret key");

            browser.submit(By.id("rotate-data"));
            assertThat(browser.text("done")).endsWith("new data is encrypted with them from now on.");
            assertThat(browser.driver.findElements(By.cssSelector("#data-keys tbody tr")).size()).isGreaterThanOrEqualTo(dataKeys);

            List<String> before = ids(browser);
            browser.submit(By.id("rotate-master"));
            assertThat(browser.text("done")).startsWith("New master key");
            List<String> after = ids(browser);
            assertThat(after).hasSize(before.size() + 1);
            String old = before.get(before.size() - 1);
            WebElement oldRow = browser.driver.findElement(By.cssSelector("tr[data-key='" + old + "']"));
            assertThat(oldRow.getText()).contains("no");
            browser.screenshot("keys");

            browser.submit(oldRow.findElement(By.tagName("button")));
            assertThat(browser.text("done")).isEqualTo("Master key " + old + " retired.");
            assertThat(ids(browser)).doesNotContain(old);
            String current = ids(browser).get(ids(browser).size() - 1);
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-key='" + current + "']"))
                    .findElements(By.tagName("button"))).isEmpty();
        }
    }

    private static List<String> ids(ConsoleBrowser browser) {
        return browser.driver.findElements(By.cssSelector("#master-keys tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-key")).toList();
    }
}
