package org.exchangehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.TestRouteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The admin's route pages in headless Chromium, on a copy of {@code routes/}: a broken route file is refused with
 * its problems next to the text (which stays as typed) while the running route is unchanged; a stopped and started
 * route; an uploaded valid version activated and rolled back.
 */
@HubTest
@TestPropertySource(properties = { "hub.routes.dir=" + RouteConsoleBrowserTests.ROUTES,
        "hub.routes.history-dir=" + RouteConsoleBrowserTests.HISTORY })
@ResourceLock("chromium")
class RouteConsoleBrowserTests {

    static final String ROUTES = "target/test-routes-console/routes";
    static final String HISTORY = "target/test-routes-console/history";

    static {
        TestRouteFiles.freshCopy(Path.of("target/test-routes-console"));
    }

    @LocalServerPort
    int port;

    @Test
    void aBrokenRouteFileIsRefusedWithItsProblemsAndTheRunningRouteStays() throws IOException {
        String shipped = Files.readString(Path.of(ROUTES, "hub-status.camel.yaml"));
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/routes");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-route='hub-status']")).getText())
                    .contains("Started");
            browser.screenshot("routes");

            browser.open("/console/routes/files/hub-status.camel.yaml");
            WebElement yaml = browser.driver.findElement(By.id("yaml"));
            String broken = shipped.replace("uri: timer:", "uri: nosuchcomponent:");
            yaml.clear();
            yaml.sendKeys(broken);
            browser.submit(By.id("save"));

            browser.waitFor().until(d -> !d.findElements(By.id("problems")).isEmpty());
            assertThat(browser.text("problems")).contains("Rejected").containsIgnoringCase("nosuchcomponent");
            assertThat(browser.driver.findElement(By.id("yaml")).getDomProperty("value")).contains("nosuchcomponent");
            assertThat(browser.driver.findElement(By.id("yaml")).getDomAttribute("aria-invalid")).isEqualTo("true");
            browser.screenshot("route-rejected");
            assertThat(Files.readString(Path.of(ROUTES, "hub-status.camel.yaml"))).isEqualTo(shipped);

            browser.open("/console/routes");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-route='hub-status']")).getText())
                    .contains("Started");
        }
    }

    @Test
    void anAdminStopsAndStartsARouteAndActivatesAndRollsBackAnUploadedVersion(@TempDir Path dir) throws IOException {
        try (ConsoleBrowser browser = new ConsoleBrowser(port, "en-US")) {
            browser.signIn(TestCredentials.ADMIN, TestCredentials.password(TestCredentials.ADMIN));
            browser.open("/console/routes");
            browser.submit(By.cssSelector("button[aria-label='Stop petition-csv-files']"));
            assertThat(browser.text("done")).isEqualTo("Route petition-csv-files is now Stopped.");
            browser.submit(By.cssSelector("button[aria-label='Start petition-csv-files']"));
            assertThat(browser.text("done")).isEqualTo("Route petition-csv-files is now Started.");

            Path upload = dir.resolve("hub-status.camel.yaml");
            Files.writeString(upload, Files.readString(Path.of(ROUTES, "hub-status.camel.yaml"))
                    .replace("description:", "description: (console upload)"));
            browser.open("/console/routes/files/hub-status.camel.yaml");
            browser.driver.findElement(By.id("upload")).sendKeys(upload.toAbsolutePath().toString());
            browser.submit(By.id("save"));
            browser.waitFor().until(d -> !d.findElements(By.id("done")).isEmpty());
            assertThat(browser.text("done")).startsWith("Route file hub-status.camel.yaml is active as version");
            assertThat(Files.readString(Path.of(ROUTES, "hub-status.camel.yaml"))).contains("(console upload)");

            browser.submit(By.id("rollback"));
            browser.waitFor().until(d -> d.findElement(By.id("done")).getText().contains("rolled back"));
            assertThat(Files.readString(Path.of(ROUTES, "hub-status.camel.yaml"))).doesNotContain("(console upload)");
            browser.screenshot("route-rolled-back");
        }
    }
}
