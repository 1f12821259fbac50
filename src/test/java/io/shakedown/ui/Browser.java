package io.shakedown.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver (scripts/setup-machine.sh installs both), with a
 * fresh profile and everything that would call Google's hosts switched off (this machine reaches loopback only).
 * Screenshots go to target/screenshots/; {@link #assertAccessible} runs axe-core (from the npm registry, fetched by
 * setup-machine.sh) in the page and fails on any serious or critical violation.
 */
final class Browser implements AutoCloseable {
    static final Path SHOTS = Path.of("target", "screenshots");
    static final int WIDTH = 1280;
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;
    private final String axe;

    Browser() throws IOException {
        profile = Files.createTempDirectory("shakedown-chromium-");
        var options = new ChromeOptions();
        options.setBinary(binary("SHAKEDOWN_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",1000", "--lang=en-US");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(binary("SHAKEDOWN_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        axe = Files.readString(axeScript());
    }

    private static String binary(String env, String fallback) {
        String path = System.getenv().getOrDefault(env, fallback);
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: install Debian's chromium and chromium-driver (scripts/setup-machine.sh does), or set " + env);
        }
        return path;
    }

    static Path axeScript() {
        String version = "4.14.1"; // scripts/setup-machine.sh pins the same
        Path path = Path.of(System.getenv().getOrDefault("SHAKEDOWN_AXE_JS",
                Path.of(System.getenv().getOrDefault("SHAKEDOWN_CACHE", System.getProperty("user.home") + "/.cache/shakedown"),
                        "axe-core-" + version, "axe.min.js").toString()));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: run scripts/setup-machine.sh (it fetches axe-core " + version + " from the npm registry)");
        }
        return path;
    }

    /** A screenshot of the whole page (the window grows to the page's height, up to 4000 px). */
    Path shot(String name) {
        long height = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height + 20, 700), 4000)));
        try {
            Path file = SHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, 1000));
        }
    }

    /** axe-core's WCAG 2 A/AA rules on the current page: no serious or critical violation. */
    void assertAccessible(String page) {
        var js = (JavascriptExecutor) driver;
        js.executeScript(axe);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        String result = (String) js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                   .then(function (r) { done(JSON.stringify(r.violations)); })
                   .catch(function (e) { done('axe failed: ' + e); });""");
        JsonNode violations;
        try {
            violations = JSON.readTree(result);
        } catch (IOException e) {
            throw new AssertionError(result, e);
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode v : violations) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                var targets = new ArrayList<String>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString() + " " + n.path("failureSummary").asText().replace('\n', ' ')));
                bad.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " — " + targets.stream().limit(3).toList());
            }
        }
        assertEquals(List.of(), bad, "axe-core on the " + page + " page");
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
