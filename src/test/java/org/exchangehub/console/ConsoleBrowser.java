package org.exchangehub.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a downloaded browser), one per test,
 * with a fresh profile and the browser language given. Without the packages the browser tests are skipped, unless
 * {@code HUB_BROWSER_TESTS=required} (set by {@code .ci/run}, which installs them) makes that a failure.
 * Screenshots go to {@code target/screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    final String baseUrl;
    /** Where the browser saves downloads. */
    final Path downloads;
    private final Path profile;

    ConsoleBrowser(int port, String acceptLanguage) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv("HUB_BROWSER_TESTS"))) {
            throw new IllegalStateException("HUB_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "browser tests need Debian's chromium and chromium-driver");
        try {
            profile = Files.createTempDirectory("hub-chromium");
            downloads = Files.createDirectories(profile.resolve("downloads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,1000", "--user-data-dir=" + profile, "--lang=" + acceptLanguage);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage,
                "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        baseUrl = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Signs in through the form and waits for the dashboard. */
    void signIn(String username, String password) {
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        submit(By.id("sign-in"));
        waitFor().until(d -> d.getCurrentUrl().contains("/console/dashboard") || d.getCurrentUrl().contains("error")
                || d.getCurrentUrl().contains("locked"));
    }

    /** Clicks what sends a form or follows a link, and waits until the next page has replaced this one. */
    void submit(By target) {
        submit(driver.findElement(target));
    }

    void submit(org.openqa.selenium.WebElement target) {
        org.openqa.selenium.WebElement page = driver.findElement(By.tagName("html"));
        target.click();
        waitFor().until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                // stale, or Chrome's "node does not belong to the document": the page was replaced
                return true;
            }
        });
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits up to 30 s; elements replaced by a new page while looked at are looked up again. */
    WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Saves the page as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
