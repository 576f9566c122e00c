package org.exchangehub.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a downloaded browser), with the browser
 * language given. Without the packages the browser tests are skipped, unless {@code HUB_BROWSER_TESTS=required} (set
 * by {@code .ci/run}, which installs them) makes that a failure. Screenshots go to {@code target/screenshots/}.
 *
 * <p>A test gets a browser as if new: no cookies, no stored form values, its downloads folder empty, the usual window
 * size. Browsers are kept for the next test of the same language rather than quit, since starting and quitting one
 * takes about 2.5 s of the two cores (measured 2026-12-07) and the browser tests use some thirty; they are quit when
 * the test JVM ends.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Dimension WINDOW = new Dimension(1440, 1000);
    /** Browsers kept between tests, by language. */
    private static final Map<String, Deque<Started>> KEPT = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> KEPT.values().forEach(kept -> kept.forEach(Started::quit)), "quit-kept-browsers"));
    }

    final WebDriver driver;
    final String baseUrl;
    /** Where the browser saves downloads. */
    final Path downloads;
    /** Where this browser goes back to when the test is done: the kept browsers of its language. */
    private final Deque<Started> kept;
    private final Started started;

    ConsoleBrowser(int port, String acceptLanguage) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv("HUB_BROWSER_TESTS"))) {
            throw new IllegalStateException("HUB_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "browser tests need Debian's chromium and chromium-driver");
        this.kept = KEPT.computeIfAbsent(acceptLanguage, language -> new ConcurrentLinkedDeque<>());
        Started idle = kept.poll();
        this.started = idle != null ? idle : Started.start(acceptLanguage);
        this.driver = started.driver();
        this.downloads = started.downloads();
        this.baseUrl = "http://localhost:" + port;
    }

    /** A running browser with its own profile. */
    private record Started(WebDriver driver, Path profile, Path downloads) {

        static Started start(String acceptLanguage) {
            Path profile;
            Path downloads;
            try {
                profile = Files.createTempDirectory("hub-chromium");
                downloads = Files.createDirectories(profile.resolve("downloads"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    // one renderer process for the hub's pages instead of a new one per test and site: Chromium's CPU
                    // over ConsoleBrowserTests 52 s -> 43 s, 21 renderers -> 4 (measured 2026-12-07)
                    "--renderer-process-limit=1", "--process-per-site", "--disable-site-isolation-trials",
                    "--disable-features=site-per-process,IsolateOrigins,Translate,OptimizationHints,MediaRouter,"
                            + "BackForwardCache,PaintHolding",
                    "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(), "--user-data-dir=" + profile,
                    "--lang=" + acceptLanguage);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage,
                    "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Started(driver, profile, downloads);
        }

        void quit() {
            try {
                driver.quit();
            } finally {
                delete(profile, true);
            }
        }
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

    /**
     * Leaves the browser as a new one would be — the hub's cookies and this origin's stored form values gone, no tab
     * but a blank one, the usual window size, no downloads — and keeps it for the next test; one that cannot be reset
     * is quit.
     */
    @Override
    public void close() {
        try {
            // cookies are deleted for the page's host (localhost, whatever the port): be on one of the hub's pages
            open("/console/assets/favicon.svg");
            driver.manage().deleteAllCookies();
            ((JavascriptExecutor) driver).executeScript("window.sessionStorage.clear(); window.localStorage.clear();");
            driver.get("about:blank");
            driver.manage().window().setSize(WINDOW);
            delete(downloads, false);
            kept.push(started);
        } catch (WebDriverException e) {
            started.quit();
        }
    }

    /** Deletes what a folder holds, and the folder itself if {@code self}. */
    private static void delete(Path folder, boolean self) {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).filter(path -> self || !path.equals(folder))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover file in a temporary folder is harmless
        }
    }
}
