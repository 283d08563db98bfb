package dev.postern.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A headless Chromium driven through chromedriver, for {@link PosternBrowserTest}s. Register it on a static field
 * ({@code @RegisterExtension static Browser browser = Browser.english();}): one browser serves the whole test class,
 * and each test starts signed out, without cookies. After each test, the browser's console must hold no error (a
 * Content-Security-Policy violation, a script error, a failed load) other than those the test said to expect; when a
 * test fails, a screenshot, the page source and the console are saved to {@code target/browser-failures/}.
 * <p>
 * Chromium and chromedriver come from the system ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; other
 * paths with {@code -Dpostern.browser.binary} and {@code -Dpostern.browser.driver}); nothing is downloaded.
 * Helpers wait for what they need with {@link WebDriverWait}, never with sleeps.
 */
public final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterAllCallback {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BINARY = System.getProperty("postern.browser.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("postern.browser.driver", "/usr/bin/chromedriver");
    private static final Path FAILURES = Path.of(System.getProperty("basedir", "."), "target", "browser-failures");

    private final String acceptLanguage;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<Pattern> expectedConsoleErrors = new ArrayList<>();

    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;
    private Path downloads;
    private WebDriverWait wait;
    private String baseUrl;
    private MessageSource messages;

    private Browser(String acceptLanguage) {
        this.acceptLanguage = acceptLanguage;
    }

    /** A browser whose user reads English: it sends {@code Accept-Language: en-US,en}. */
    public static Browser english() {
        return new Browser("en-US,en");
    }

    /** A browser whose user reads Korean: it sends {@code Accept-Language: ko-KR,ko}. */
    public static Browser korean() {
        return new Browser("ko-KR,ko");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        baseUrl = "http://127.0.0.1:" + application.getEnvironment().getRequiredProperty("local.server.port");
        messages = application.getBean(MessageSource.class);
        expectedConsoleErrors.clear();
        if (driver != null) {
            driver.get("about:blank");
            clearCookies();
            readConsole();
            emptyDownloads();
        }
        console.clear();
    }

    /** The driver, started at first use: a test class that does not use this browser does not start it. */
    private ChromeDriver driver() {
        if (driver == null) {
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return driver;
    }

    private WebDriverWait waiting() {
        driver();
        return wait;
    }

    private void start() throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        profile = Files.createTempDirectory("postern-chromium");
        downloads = Files.createDirectory(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--password-store=basic", "--window-size=1280,1000",
                "--user-data-dir=" + profile, "--lang=" + acceptLanguage.substring(0, acceptLanguage.indexOf(',')));
        options.setExperimentalOption("prefs", Map.of(
                "intl.accept_languages", acceptLanguage,
                // No save-password bubble or breached-password dialog in the way of the page.
                "credentials_enable_service", false,
                // Downloads land in a folder of this browser's own, without asking.
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "profile.password_manager_enabled", false,
                "profile.password_manager_leak_detection", false));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (driver == null) {
            return;
        }
        if (context.getExecutionException().isPresent()) {
            if (!"about:blank".equals(driver.getCurrentUrl())) {
                saveFailure(context);
            }
            return;
        }
        List<LogEntry> unexpected = consoleErrors().stream()
                .filter(entry -> expectedConsoleErrors.stream().noneMatch(p -> p.matcher(entry.getMessage()).find()))
                .toList();
        if (!unexpected.isEmpty()) {
            saveFailure(context);
            throw new AssertionError("The browser's console holds errors:\n" + unexpected.stream()
                    .map(LogEntry::toString).collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            wait = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
                profile = null;
                downloads = null;
            }
        }
    }

    // Navigation

    /** Loads a page of the application, by its path (and query). */
    public void open(String path) {
        driver().get(baseUrl + path);
    }

    /** The path of the page shown. */
    public String path() {
        return URI.create(driver().getCurrentUrl()).getPath();
    }

    /** The query of the page shown, or null. */
    public String query() {
        return URI.create(driver().getCurrentUrl()).getQuery();
    }

    /** Forgets every cookie: the session (so the user is signed out) and the chosen language. */
    public void clearCookies() {
        driver().executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** Signs in through the login page; the browser must be signed out. */
    public void signIn(String username, String password) {
        open("/login");
        fill("username", username);
        fill("password", password);
        follow(By.cssSelector("#login-form button[type=submit]"));
    }

    /** Signs out the way a user does: opens the account menu and presses its sign-out button. */
    public void signOut() {
        click(By.cssSelector("details.account-menu > summary"));
        follow(By.cssSelector("details.account-menu form[action$='/logout'] button[type=submit]"));
    }

    /**
     * Waits, at most {@code timeout}, until the browser has saved a download of that name in full, and answers where.
     * Each test starts with no downloads.
     */
    public Path downloaded(String fileName, Duration timeout) {
        driver();
        Path file = downloads.resolve(fileName);
        Path partial = downloads.resolve(fileName + ".crdownload");
        waitUntil(timeout, d -> Files.isRegularFile(file) && !Files.exists(partial));
        return file;
    }

    private void emptyDownloads() throws IOException {
        if (downloads == null) {
            return;
        }
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    // Acting on the page

    /** Replaces the text of the field with the given id. */
    public void fill(String id, String text) {
        WebElement field = visible(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Chooses the option with the given value in the select with the given id. */
    public void select(String id, String value) {
        new Select(visible(By.id(id))).selectByValue(value);
    }

    /** Clicks what stays on this page (a summary that opens a menu, say). */
    public void click(By by) {
        waiting().until(driver -> {
            try {
                return ExpectedConditions.elementToBeClickable(by).apply(driver);
            } catch (WebDriverException replaced) {
                // The page's script replaced the element between finding it and asking about it: look again.
                if (String.valueOf(replaced.getMessage()).contains("does not belong to the document")) {
                    return null;
                }
                throw replaced;
            }
        }).click();
    }

    /** Clicks what leads to another page (a link, a submit button) and waits until that page has loaded. */
    public void follow(By by) {
        WebElement before = driver().findElement(By.tagName("html"));
        click(by);
        waiting().until(ExpectedConditions.stalenessOf(before));
        waiting().until(d -> "complete".equals(script("return document.readyState")));
    }

    /** Follows the link with the given text. */
    public void followLink(String text) {
        follow(By.linkText(text));
    }

    /** Appends text to the field with the given id, the way a user types it (no clearing first). */
    public void type(String id, String text) {
        visible(By.id(id)).sendKeys(text);
    }

    /** Presses keys on the page itself (whatever has the focus, the page's body when nothing does). */
    public void press(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }

    /** Chooses a file in the file input with the given id, as the file chooser would. */
    public void chooseFile(String id, Path file) {
        driver().findElement(By.id(id)).sendKeys(file.toAbsolutePath().toString());
    }

    /**
     * Runs {@code inside} with the frame as the page: the other helpers then read and act inside it. The page itself
     * is the page again afterwards.
     */
    public <T> T inFrame(By frame, Supplier<T> inside) {
        driver().switchTo().frame(visible(frame));
        try {
            return inside.get();
        } finally {
            driver().switchTo().defaultContent();
        }
    }

    /** Whether a JavaScript dialog (alert, confirm, prompt) is open. */
    public boolean dialogOpen() {
        try {
            driver().switchTo().alert();
            return true;
        } catch (NoAlertPresentException none) {
            return false;
        }
    }

    /** Waits, at most the usual time, until the condition holds (is neither null nor false); returns its value. */
    public <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return waiting().until(condition);
    }

    /** Waits, at most {@code timeout}, until the condition holds (is neither null nor false); returns its value. */
    public <T> T waitUntil(Duration timeout, Function<? super WebDriver, T> condition) {
        WebDriverWait longer = new WebDriverWait(driver(), timeout, Duration.ofMillis(100));
        longer.ignoring(StaleElementReferenceException.class);
        return longer.until(condition);
    }

    /** Runs a script in the page, as the test (the page's Content-Security-Policy does not apply to it). */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver()).executeScript(script, arguments);
    }

    // Reading the page

    /** The element, once it is shown. */
    public WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The visible text of the element, once it is shown. */
    public String text(By by) {
        return visible(by).getText();
    }

    /** The visible texts of every element that matches. */
    public List<String> texts(By by) {
        return driver().findElements(by).stream().map(WebElement::getText).toList();
    }

    /** An attribute of every element that matches. */
    public List<String> attributes(By by, String attribute) {
        return driver().findElements(by).stream().map(element -> element.getDomAttribute(attribute)).toList();
    }

    public boolean present(By by) {
        return !driver().findElements(by).isEmpty();
    }

    public String title() {
        return driver().getTitle();
    }

    public String heading() {
        return text(By.tagName("h1"));
    }

    /** The notice at the top of the page (what was just done). */
    public String notice() {
        return text(By.cssSelector("div.notice"));
    }

    /** The language the page says it is in ({@code <html lang>}). */
    public String pageLanguage() {
        return driver().findElement(By.tagName("html")).getDomAttribute("lang");
    }

    /**
     * The errors shown beside a form field: the field's error paragraphs that follow the field (whose id is its
     * name) in the same container. An error that is there but hidden reads as an empty text.
     */
    public List<String> fieldErrors(String field) {
        return texts(By.xpath("//*[@id='" + field + "']/following-sibling::p[contains(@class, 'field-error')]"
                + "[@data-field='" + field + "']"));
    }

    /** Every error paragraph of a field, wherever the page put it. */
    public List<String> allFieldErrors(String field) {
        return texts(By.cssSelector(".field-error[data-field='" + field + "']"));
    }

    /** The HTML of the page shown. */
    public String pageSource() {
        return driver().getPageSource();
    }

    public String value(String id) {
        return visible(By.id(id)).getDomProperty("value");
    }

    // Texts the pages should show

    /** A text from the message bundle, in English. */
    public String message(String key, Object... arguments) {
        return message(Locale.ENGLISH, key, arguments);
    }

    public String message(Locale locale, String key, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }

    /** A message whose arguments the test does not know, as a pattern that matches it with any arguments. */
    public Pattern messagePattern(String key) {
        String raw = messages.getMessage(key, null, Locale.ENGLISH);
        return Pattern.compile(Stream.of(raw.split("\\{\\d+}", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".+?", "^", "$")));
    }

    // The console

    /** Lets the console hold an error that matches the pattern, in this test only (a 403 the test asked for, say). */
    public void expectConsoleError(String regex) {
        expectedConsoleErrors.add(Pattern.compile(regex));
    }

    /** The errors the console has logged since the test began. */
    public List<LogEntry> consoleErrors() {
        readConsole();
        return console.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private void readConsole() {
        driver().manage().logs().get(LogType.BROWSER).forEach(console::add);
    }

    private void saveFailure(ExtensionContext context) {
        // A class may hold two browsers (English and Korean): each records under its own language.
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + "." + acceptLanguage.substring(0, acceptLanguage.indexOf(','));
        try {
            Files.createDirectories(FAILURES);
            Files.write(FAILURES.resolve(name + ".png"), driver().getScreenshotAs(OutputType.BYTES));
            Files.writeString(FAILURES.resolve(name + ".html"), driver().getPageSource(), StandardCharsets.UTF_8);
            readConsole();
            StringBuilder log = new StringBuilder("URL: ").append(driver().getCurrentUrl()).append('\n');
            for (LogEntry entry : console) {
                log.append(Instant.ofEpochMilli(entry.getTimestamp())).append(' ').append(entry.getLevel())
                        .append(' ').append(entry.getMessage()).append('\n');
            }
            Files.writeString(FAILURES.resolve(name + ".console.txt"), log, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // Never hide the test's own failure behind a failure to record it.
            System.err.println("Could not save the browser's state for " + name + ": " + e);
        }
    }
}
