package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through Debian's {@code chromedriver} by Selenium) with
 * a phone-sized window, its own profile, and axe-core for accessibility checks. Without the two programs a test is
 * skipped on a developer's machine but fails in CI ({@code CI} set), where {@code ./kyodo test} installs them.
 *
 * <p>A browser closed by a test is emptied and kept for the next {@link #start()} of the run instead of being quit:
 * one window on {@code about:blank}, every cookie (the city's session and Keycloak's sign-in alike), the cache and
 * every origin's storage cleared, the phone-sized window again. Starting a browser, its driver and its first page cost
 * about 3 s on a loaded 2-core machine, emptying one 0.2 s; the browser tests start some sixty. A browser that cannot
 * be emptied (a dialog open, a crashed tab) is quit, and the kept ones are quit when the test JVM ends.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of(System.getenv().getOrDefault("KYODO_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("KYODO_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final String AXE = "META-INF/resources/webjars/axe-core/" + axeVersion() + "/axe.min.js";

    final WebDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    /** The window's size as started (phone-sized), given back when the browser is reused. */
    private final org.openqa.selenium.Dimension size;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.size = driver.manage().window().getSize();
        this.wait = waitUpTo(Duration.ofSeconds(20));
    }

    /**
     * A wait whose condition may read a page that the next one is replacing: such a read fails "stale" and is simply
     * tried again at the next poll (CI on 4796e18 failed on one that was not). Every wait in the browser tests is one
     * of these.
     */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Starts a browser with a phone-sized window (390 × 844 CSS pixels) in Japanese. */
    static Chromium start() {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!present) {
            assertTrue(System.getenv("CI") == null, "CI must run the browser tests: " + BROWSER + " or " + DRIVER
                    + " missing (./kyodo test installs Debian's chromium and chromium-driver)");
            Assumptions.abort("no " + BROWSER + " / " + DRIVER + ": browser tests skipped on this machine");
        }
        synchronized (IDLE) {
            Chromium kept = IDLE.pollFirst();
            if (kept != null) {
                REUSED.incrementAndGet();
                return kept;
            }
        }
        STARTED.incrementAndGet();
        try {
            Path profile = Files.createTempDirectory("kyodo-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-component-update",
                    "--disable-sync", "--window-size=390,844", "--lang=ja", "--user-data-dir=" + profile);
            // nothing typed in one test is offered back in the next one's forms (the browsers are reused)
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja", "autofill.profile_enabled", false,
                    "autofill.credit_card_enabled", false, "credentials_enable_service", false,
                    "profile.password_manager_enabled", false));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /**
     * The page's visible text. Read inside waits while a form's answer page is loading: the body found may be replaced
     * by the next page's before its text is read ("stale", CI on 4796e18). Reading is harmless to repeat, so the body
     * is looked up again, at most five times.
     */
    String text() {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(By.tagName("body")).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * The element once it is visible. Looked for right after a form was sent, it may be found on the page being
     * replaced, whose node Chrome then answers "does not belong to the document" (run30, CaseFlowBrowserIT), or the
     * look-up itself may run while that page is left, which Chrome answers "aborted by navigation" (run31,
     * LifeEventPagesIT: the password field looked for while Keycloak's user-name page was being left). Either way the
     * old page is going and a look-up reads nothing, so the element is looked up again, at most three times.
     */
    WebElement find(By by) {
        for (int attempt = 1; ; attempt++) {
            try {
                return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
            } catch (org.openqa.selenium.WebDriverException e) {
                if (attempt == 3 || !pageWasBeingLeft(e)) {
                    throw e;
                }
            }
        }
    }

    /** Chrome's answers to a read of a page that is being replaced: nothing was done, and it may be read again. */
    private static boolean pageWasBeingLeft(org.openqa.selenium.WebDriverException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("does not belong to the document") || message.contains("aborted by navigation");
    }

    void type(By by, String text) {
        WebElement e = find(by);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks the submit button of the form holding the element, as a person would. */
    void submit(By field) {
        find(field).findElement(By.xpath("./ancestor::form//*[@type='submit']")).click();
    }

    /**
     * Clicks the element once it is clickable. When the page replaces the element between the look-up and the click
     * (a navigation just finishing: "stale", or Chrome's "does not belong to the document" — seen under load in
     * ConciergeIT), nothing was clicked, so it is looked up again, at most three times.
     */
    void click(By by) {
        for (int attempt = 1; ; attempt++) {
            try {
                wait.until(ExpectedConditions.elementToBeClickable(by)).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Clicks something that loads another page and waits until the page it was on is gone. Needed where both pages
     * have the element looked for next (the ask form's question field): a look-up right after {@link #click} may find
     * it on the old page while the new one is still on its way, and the next {@link #open} then races that navigation.
     */
    void clickThrough(By by) {
        WebElement old = driver.findElement(By.tagName("html"));
        click(by);
        wait.until(d -> gone(old));
    }

    /**
     * Whether the element's page has been replaced. Chrome answers a look-at of a node whose document is being replaced
     * either "stale" or "does not belong to the document" (seen in ConciergeIT on a fresh clone): both mean gone, where
     * Selenium's {@code stalenessOf} counts only the first and fails on the second.
     */
    static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Signs in through Keycloak's own pages, which ask for the user name first and the password on a second page
     * (organizations on). Call after navigating to a page that redirects to Keycloak.
     */
    void signIn(String username, String password) {
        type(By.id("username"), username);
        if (driver.findElements(By.id("password")).isEmpty() || !driver.findElement(By.id("password")).isDisplayed()) {
            click(By.cssSelector("[type=submit]"));
        }
        type(By.id("password"), password);
        click(By.cssSelector("[type=submit]"));
        if (Platform.hasDemoAuthenticator(username)) {
            // the platform roles need a second factor: the demo authenticator app's code
            type(By.id("otp"), jp.kyodo.devstack.DemoAuthenticator.code());
            click(By.cssSelector("[type=submit]"));
        }
        wait.until(d -> !d.getCurrentUrl().contains("/realms/"));
    }

    /** Waits until the browser's address matches (after a click that navigates). */
    void waitForUrl(java.util.function.Predicate<String> test) {
        waitForUrl(test, wait);
    }

    /**
     * Waits up to a minute until the browser's address matches: after a key press that navigates, the driver does not
     * wait for the page load itself (a click does), and a sign-in's redirects are slow on a loaded machine.
     */
    void waitForUrlAfterKey(java.util.function.Predicate<String> test) {
        waitForUrl(test, waitUpTo(Duration.ofSeconds(60)));
    }

    private void waitForUrl(java.util.function.Predicate<String> test, WebDriverWait wait) {
        try {
            wait.until(d -> test.test(d.getCurrentUrl()));
        } catch (org.openqa.selenium.TimeoutException e) {
            String body = driver.findElements(By.tagName("body")).isEmpty() ? ""
                    : driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("the browser stayed at " + driver.getCurrentUrl() + " (" + driver.getTitle() + "): "
                    + body.substring(0, Math.min(500, body.length())), e);
        }
    }

    // ------------------------------------------------------------------ the keyboard, as a person uses it

    /** Presses keys (or types text) as real key events to whatever has focus: no element is clicked or addressed. */
    void press(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    /** Waits up to a minute for an element to be visible (after a key press that loads a page). */
    WebElement findAfterKey(By by) {
        return waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Selects what the focused field holds and types over it (Ctrl+A, then the text). Ctrl is held down while "a" is
     * pressed: {@code press(Keys.chord(CONTROL, "a"))} sends Ctrl down and up first, then a plain "a", which typed
     * "a" before every value (session 8's keyboard walk signed in as "ait-citizen-…" and got the name page again).
     */
    void typeOver(String text) {
        holding(Keys.CONTROL, "a");
        press(text);
    }

    /**
     * Presses a key while a modifier is held down (Shift+Tab, Ctrl+A). Not {@code press(Keys.chord(…))}: through
     * {@code Actions.sendKeys} the modifier goes down and up before the key.
     */
    void holding(Keys modifier, CharSequence key) {
        new org.openqa.selenium.interactions.Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }

    /** True when the focused element matches the CSS selector. */
    boolean focusIs(String css) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);", css));
    }

    /** Waits until the focused element matches (focus moves after a page load or a fragment link). */
    void waitForFocus(String css) {
        try {
            waitUpTo(Duration.ofSeconds(60)).until(d -> focusIs(css));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("focus expected on " + css + " at " + url() + ", it is on " + focus(), e);
        }
    }

    /**
     * The focused element, described: tag, id, classes, its text or name, whether it shows a focus indicator (an
     * outline or a box-shadow in its computed style) and where it is on the page (top, left in CSS pixels).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> focus() {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const e = document.activeElement; if (!e || e === document.body) return {what: 'body', visible: false,"
                        + " top: 0, left: 0};"
                        + "const s = getComputedStyle(e); const r = e.getBoundingClientRect();"
                        + "const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;"
                        + "return {what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')"
                        + " + ' \\'' + (e.innerText || e.name || e.value || '').trim().slice(0, 40) + '\\'',"
                        + " visible: outline || s.boxShadow !== 'none', onScreen: r.right > 0 && r.bottom > 0 && r.width > 0,"
                        + " top: Math.round(r.top + window.scrollY), left: Math.round(r.left + window.scrollX),"
                        + " inForm: e.closest('form') ? e.closest('form').getAttribute('action') : null};");
    }

    /**
     * Presses Tab (or Shift+Tab) until the focused element matches {@code css}, at most {@code max} times; every
     * element that gets focus on the way must show it (outline or box-shadow) and be on the page. Returns the stops
     * (each {@link #focus()}); fails with the stops when the element is not reached.
     */
    List<Map<String, Object>> tabTo(String css, int max, boolean backwards, List<String> problems) {
        List<Map<String, Object>> stops = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            if (backwards) {
                holding(Keys.SHIFT, Keys.TAB);
            } else {
                press(Keys.TAB);
            }
            Map<String, Object> f = focus();
            stops.add(f);
            if (!Boolean.TRUE.equals(f.get("visible")) || !Boolean.TRUE.equals(f.get("onScreen"))) {
                problems.add(url() + ": focus not visible on " + f.get("what"));
            }
            if (focusIs(css)) {
                return stops;
            }
        }
        throw new AssertionError("no " + css + " within " + max + (backwards ? " Shift+Tab" : " Tab") + " presses at "
                + url() + "; focus went " + stops.stream().map(f -> String.valueOf(f.get("what"))).toList());
    }

    /** Signs in through Keycloak's pages by keyboard only: the name, Enter, the password, Enter. */
    void signInByKeyboard(String username, String password, List<String> problems) {
        waitForUrlAfterKey(u -> u.contains("/realms/"));
        findAfterKey(By.id("username"));
        if (!focusIs("#username")) {
            tabTo("#username", 30, false, problems);
        }
        typeOver(username);
        String typed = String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('username').value;"));
        if (!typed.equals(username)) {
            throw new AssertionError("the name field holds '" + typed + "' after typing '" + username + "'");
        }
        if (driver.findElements(By.id("password")).isEmpty() || !driver.findElement(By.id("password")).isDisplayed()) {
            // organizations on: the name first, the password on a second page
            tabTo("#kc-form-login [type=submit]", 10, false, problems);
            press(Keys.ENTER);
            try {
                waitUpTo(Duration.ofSeconds(60)).until(d -> !d.getCurrentUrl().contains("/realms/")
                        || !d.findElements(By.id("password")).isEmpty() && d.findElement(By.id("password")).isDisplayed());
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("no password page after the name at " + url() + ": " + driver.getPageSource(), e);
            }
        }
        if (url().contains("/realms/")) {
            if (!focusIs("#password")) {
                tabTo("#password", 30, false, problems);
            }
            press(password);
            tabTo("#kc-form-login [type=submit]", 10, false, problems);
            press(Keys.ENTER);
        }
        waitForUrlAfterKey(u -> !u.contains("/realms/"));
    }

    /** True when the page scrolls sideways at the phone width (content wider than the viewport). */
    boolean scrollsSideways() {
        Object r = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1;");
        return Boolean.TRUE.equals(r);
    }

    /**
     * Runs axe-core on the current page against WCAG 2.0/2.1 A and AA and returns every violation, of any impact, as
     * readable lines (rule, impact, help, first offending elements). Kyodo's pages must have none (issue #11 item 10).
     */
    List<String> allAccessibilityViolations() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axeSource());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            out.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " " + v.get("nodes"));
        }
        return out;
    }

    private static String axeSource() {
        try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core not on the test class path: " + AXE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String axeVersion() {
        try (InputStream in = Chromium.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("axe-core webjar missing from the test class path", e);
        }
    }

    /** Browsers emptied by {@link #close()}, kept for the next {@link #start()}; at most {@value #KEPT}. */
    private static final java.util.Deque<Chromium> IDLE = new java.util.ArrayDeque<>();
    private static final int KEPT = 4;
    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger REUSED = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Chromium::quitKept, "chromium-quit")); // when not done before
    }

    /** Quits the kept browsers and says how many were started and reused (at the end of the run). */
    static void quitKept() {
        synchronized (IDLE) {
            if (STARTED.get() > 0 && !IDLE.isEmpty()) {
                System.out.printf("[chromium] %d browsers started, %d times one was reused%n", STARTED.get(), REUSED.get());
            }
            IDLE.forEach(Chromium::quit);
            IDLE.clear();
        }
    }

    /** Empties this browser and keeps it for the next test, or quits it when it cannot be emptied. */
    @Override
    public void close() {
        if (emptied()) {
            synchronized (IDLE) {
                if (IDLE.size() < KEPT) {
                    IDLE.addFirst(this);
                    return;
                }
            }
        }
        quit();
    }

    /**
     * One window on about:blank, no cookie of any site, no cache, no storage of any origin, the phone-sized window:
     * what {@link #start()} gives a test. False when the browser does not answer as expected.
     */
    private boolean emptied() {
        try {
            List<String> windows = new ArrayList<>(driver.getWindowHandles());
            for (String extra : windows.subList(1, windows.size())) {
                driver.switchTo().window(extra).close();
            }
            driver.switchTo().window(windows.get(0));
            driver.get("about:blank");
            ChromeDriver chrome = (ChromeDriver) driver;
            chrome.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            chrome.executeCdpCommand("Network.clearBrowserCache", Map.of());
            chrome.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", "*", "storageTypes", "all"));
            driver.manage().window().setSize(size);
            Object cookies = chrome.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
            return cookies instanceof List<?> l && l.isEmpty() && "about:blank".equals(driver.getCurrentUrl());
        } catch (RuntimeException e) {
            System.out.println("[chromium] a browser could not be emptied, quit instead: " + e);
            return false;
        }
    }

    private void quit() {
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // already gone
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
