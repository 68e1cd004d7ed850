package dev.immichkeycloak.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a downloaded browser) driven by
 * Selenium, with a throwaway profile. One per test class; {@link #reset()} between tests clears every cookie of every site.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Starts Chromium; fails (never skips) with the install command when the browser or its driver is missing. */
    public static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The page tests need Debian's Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Clears cookies of all sites (ports of 127.0.0.1 share cookies) and drops the console log, before each test. */
    public void reset() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.manage().window().setSize(new Dimension(1280, 900));
        consoleErrors();
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    /** Waits until the page's path and query are {@code pathAndQuery} (the host and port are not compared). */
    public void waitForPath(String pathAndQuery) {
        try {
            wait.until(d -> pathAndQuery.equals(pathAndQuery(d.getCurrentUrl())));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Expected to be on " + pathAndQuery + " but the browser is on " + driver.getCurrentUrl(), e);
        }
    }

    /** Waits until the browser's URL starts with {@code prefix} (e.g. the provider's issuer). */
    public void waitForUrlStartingWith(String prefix) {
        try {
            wait.until(d -> d.getCurrentUrl().startsWith(prefix));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Expected a URL starting with " + prefix + " but the browser is on " + driver.getCurrentUrl(), e);
        }
    }

    public String pathAndQuery() {
        return pathAndQuery(driver.getCurrentUrl());
    }

    private static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement visibleId(String id) {
        return visible(By.id(id));
    }

    /** Waits until the element is visible and its text contains {@code text}; returns the element. */
    public WebElement visibleWithText(By by, String text) {
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        } catch (org.openqa.selenium.TimeoutException e) {
            List<WebElement> found = driver.findElements(by);
            throw new AssertionError("Expected " + by + " to show \"" + text + "\" but it shows "
                    + (found.isEmpty() ? "nothing (absent)" : "\"" + found.get(0).getText() + "\"") + " on " + driver.getCurrentUrl(), e);
        }
        return visible(by);
    }

    public void waitHidden(By by) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    public boolean isShown(By by) {
        List<WebElement> found = driver.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    public void type(String id, String text) {
        WebElement input = visibleId(id);
        input.clear();
        input.sendKeys(text);
    }

    /** Scrolls the element to the middle of the window first, as a person would, so sticky bars never cover it. */
    public void click(String id) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
        element.click();
    }

    /** Signs the browser in with a session token, as the login response's cookie would (the page must be on the app's origin). */
    public void addSessionCookie(String token) {
        driver.manage().addCookie(new Cookie.Builder("immich_access_token", token).path("/").isHttpOnly(true).build());
        driver.manage().addCookie(new Cookie.Builder("immich_auth_type", "password").path("/").isHttpOnly(true).build());
        driver.manage().addCookie(new Cookie("immich_is_authenticated", "true", "/"));
    }

    /** The console's errors since the last call (CSP violations, script errors, failed requests). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    public void assertNoConsoleErrors() {
        assertThat(consoleErrors()).as("browser console errors on %s", driver.getCurrentUrl()).isEmpty();
    }

    /**
     * Saves the whole page (not just the window) as {@code target/screenshots/<name>.png}; returns the file. The viewport is
     * stretched to the page's height for the shot, so sticky bars sit where they end up, not in the middle of the picture.
     */
    public Path screenshot(String name) {
        Number width = (Number) driver.executeScript("return window.innerWidth");
        Number height = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight, window.innerHeight)");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width.intValue(), "height", height.intValue(), "deviceScaleFactor", 1, "mobile", false));
        Map<String, Object> shot;
        try {
            shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Phone-sized window (a common 390 × 844 screen) until the next {@link #reset()}. */
    public void phoneSize() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp profile is harmless.
        }
    }
}
