package io.shakedown.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import io.shakedown.support.ExampleImages;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless Chromium through WebDriver) against the running service, real
 * PostgreSQL and real runs of the example images on Docker: a developer signs in from a report link, sees why a run
 * failed, compares it with the run before, watches a run finish live, signs out; another project's URLs are "not
 * found". Every page passes axe-core (no serious or critical violation) and is kept as a screenshot in
 * target/screenshots/ (docs/ui.md shows them).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserTest {
    static Browser browser;
    static String alpha, beta, passed, failed, theirs, perf;

    @TestHTTPResource("/") URL base;

    @BeforeAll
    static void start() throws Exception {
        ExampleImages.ensureBuilt();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    /** Once: two projects; flow-api passing then failing (its user lookup broken) for one, hello-api for the other. */
    @BeforeEach
    void runs() throws Exception {
        RestAssured.requestSpecification = null;
        if (alpha != null) return;
        alpha = ApiAuth.newToken("ui-browser-alpha");
        beta = ApiAuth.newToken("ui-browser-beta");
        String broken = Files.readString(ExampleImages.example("broken/flow-500"));
        passed = submit(alpha, broken.replace("FAIL_USER_LOOKUP: \"true\"", "FAIL_USER_LOOKUP: \"false\""), 120);
        failed = submit(alpha, broken, 120);
        theirs = submit(beta, Files.readString(ExampleImages.example("hello-api")), 120);
        String load = Files.readString(ExampleImages.example("perf-app"));
        submit(alpha, load, 120); // the first records the baseline the second compares with
        perf = submit(alpha, load, 120);
        assertEquals("PASSED", status(alpha, passed));
        assertEquals("FAILED", status(alpha, failed));
    }

    static String submit(String token, String spec, int wait) {
        return given().header("Authorization", ApiAuth.bearer(token)).contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=" + wait).then().extract().path("id");
    }

    static String status(String token, String id) {
        return given().header("Authorization", ApiAuth.bearer(token)).get("/api/v1/validations/" + id).then().statusCode(200).extract().path("status");
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    WebElement find(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    WebDriverWait waitUpTo(int seconds) {
        // a form post or a live (htmx) update replaces the page's elements while we wait on them
        return (WebDriverWait) new WebDriverWait(browser.driver, Duration.ofSeconds(seconds))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @Test
    @Order(1)
    void aReportLinkOpensTheRunPageAfterOneSignInAndShowsWhyItFailed() {
        browser.driver.get(url("/runs/" + failed)); // the link a pull request's job summary carries
        assertTrue(browser.driver.getCurrentUrl().contains("/login?next="), browser.driver.getCurrentUrl());
        browser.assertAccessible("sign-in");
        browser.shot("login");
        find("#token").sendKeys(alpha);
        find("#sign-in").click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(url("/runs/" + failed)));
        assertTrue(find("#summary").getText().startsWith("FAILED — flow-api"), find("#summary").getText());
        // first thing on the page: what failed, with the failing step and its evidence
        String failures = find("#failures").getText();
        assertTrue(failures.contains("sign up and read my profile") && failures.contains("read my profile"), failures);
        assertTrue(failures.contains("→ 500"), "the response that failed it: " + failures);
        // the flow, step by step: the failing step open with its request and response, those before it passed
        WebElement step = find("#flows details.step[open]");
        assertTrue(step.getText().contains("FAILED") && step.getText().contains("read my profile") && step.getText().contains("GET http"), step.getText());
        assertTrue(find("#flows").getText().contains("PASSED steps[0] register"), find("#flows").getText());
        assertTrue(find("#stages .wf-bar.b-FAILED").isDisplayed(), "the failed stage in the waterfall");
        assertTrue(find("#readiness").getText().contains("PASSED"));
        browser.assertAccessible("run");
        browser.shot("run-failed");
    }

    @Test
    @Order(2)
    void theContainerLogCanBeSearched() {
        browser.driver.get(url("/runs/" + failed));
        WebElement search = find("#log input[name=q]");
        search.sendKeys("listening");
        search.submit();
        waitUpTo(10).until(ExpectedConditions.urlContains("q=listening"));
        String log = find("#log pre.log").getText();
        assertFalse(log.isBlank(), "matching lines shown");
        log.lines().forEach(l -> assertTrue(l.toLowerCase().contains("listening"), l));
        assertTrue(find("#log").getText().contains("matching line(s)"));
    }

    @Test
    @Order(3)
    void runsListsOnlyThisProjectsRunsAndFilters() {
        browser.driver.get(url("/runs"));
        String table = find("table.runs").getText();
        assertTrue(table.contains("flow-api"), table);
        assertFalse(table.contains("hello-api"), "another project's run: " + table);
        browser.assertAccessible("runs");
        browser.shot("runs");
        new org.openqa.selenium.support.ui.Select(find("select[name=verdict]")).selectByVisibleText("FAILED");
        find("form.filters button").click();
        waitUpTo(10).until(ExpectedConditions.urlContains("verdict=FAILED"));
        var rows = browser.driver.findElements(By.cssSelector("table.runs tbody tr"));
        assertFalse(rows.isEmpty());
        rows.forEach(r -> assertEquals("FAILED", r.getAttribute("data-status")));
        assertEquals(1, browser.driver.findElements(By.id("run-" + failed)).size(), "the failed run is listed");
    }

    @Test
    @Order(4)
    void comparingWithThePreviousRunShowsTheNewlyFailingStepAndTheSpecChange() {
        browser.driver.get(url("/runs/" + failed));
        find("#compare-previous").click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/compare?"));
        String changes = find("#changes").getText();
        assertTrue(changes.contains("flow sign up and read my profile · read my profile") && changes.contains("newly failing"), changes);
        String spec = find("#compare-spec").getText();
        assertTrue(spec.contains("FAIL_USER_LOOKUP: \"false\"") && spec.contains("FAIL_USER_LOOKUP: \"true\""), spec);
        browser.assertAccessible("compare");
        browser.shot("compare");
    }

    @Test
    @Order(5)
    void theAppPageMarksTheNewFailure() {
        browser.driver.get(url("/apps/flow-api"));
        String items = find("#stability").getText();
        assertTrue(items.contains("read my profile") && items.contains("new failure"), items);
        assertEquals(2, browser.driver.findElements(By.cssSelector("#history .strip a")).size());
        browser.assertAccessible("app");
        browser.shot("app");
        // performance over runs: uPlot draws p95 and throughput per run
        browser.driver.get(url("/apps/perf-app"));
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#trends .uplot canvas")).isEmpty());
        assertTrue(find("#baselines").getText().contains("Pin as baseline"), find("#baselines").getText());
        browser.assertAccessible("app (performance)");
        browser.shot("app-performance");
        browser.driver.get(url("/runs/" + perf));
        String figures = find("#performance").getText();
        assertTrue(figures.contains("p95") && figures.contains("Baseline: history"), figures);
        assertTrue(find("#performance svg.chart").isDisplayed(), "the latency chart");
        browser.assertAccessible("run (performance)");
        browser.shot("run-performance");
        browser.driver.get(url("/rules?framework=spring-boot"));
        assertTrue(find("main").getText().contains("rules."), find("main").getText());
        browser.assertAccessible("rules");
        browser.shot("rules");
    }

    @Test
    @Order(6)
    void aRunningRunFinishesLiveOnTheListAndOnItsPage() {
        String slow = Files.exists(ExampleImages.example("slow-start")) ? read("slow-start") : null;
        String listed = submit(alpha, slow, 0);
        browser.driver.get(url("/runs"));
        By row = By.cssSelector("#run-" + listed + " tr");
        String before = browser.driver.findElement(row).getAttribute("data-status");
        assertTrue(before.equals("QUEUED") || before.equals("RUNNING"), "still running when the page opened: " + before);
        browser.shot("runs-live");
        waitUpTo(90).until(d -> "PASSED".equals(d.findElement(row).getAttribute("data-status"))); // swapped in by htmx on the SSE verdict
        String page = submit(alpha, slow, 0);
        browser.driver.get(url("/runs/" + page));
        assertTrue(find("#live").isDisplayed(), "a progress list while it runs");
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#events li")).isEmpty());
        browser.shot("run-live");
        waitUpTo(90).until(d -> d.findElements(By.cssSelector("#summary.PASSED")).size() == 1); // reloaded on the verdict event
        assertTrue(find("#checks").getText().contains("PASSED"));
    }

    @Test
    @Order(7)
    void aMonitorIsRunPausedAndResumedFromItsPage() {
        String id = UiSignInTest.createMonitor(alpha, "browser-staging", url(""));
        browser.driver.get(url("/monitors/" + id));
        find("#run-now").click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/runs/"));
        waitUpTo(60).until(d -> d.findElements(By.cssSelector("#summary.PASSED")).size() == 1); // the run page follows it live
        browser.driver.get(url("/monitors"));
        waitUpTo(30).until(d -> {
            d.navigate().refresh();
            return d.findElement(By.cssSelector("main table")).getText().contains("UP");
        });
        browser.assertAccessible("monitors");
        browser.shot("monitors");
        find("main table a[href='/monitors/" + id + "']").click();
        find("#pause").click();
        waitUpTo(10).until(d -> d.findElement(By.id("summary")).getText().startsWith("PAUSED"));
        assertEquals(90, browser.driver.findElements(By.cssSelector("#uptime .uptime")).get(1).findElements(By.tagName("span")).size());
        browser.assertAccessible("monitor");
        browser.shot("monitor");
        find("#resume").click();
        waitUpTo(10).until(d -> !d.findElements(By.id("pause")).isEmpty());
    }

    @Test
    @Order(8)
    void anotherProjectsUrlsAreNotFound() {
        for (String path : new String[] {"/runs/" + theirs, "/apps/hello-api", "/compare?a=" + failed + "&b=" + theirs}) {
            browser.driver.get(url(path));
            assertEquals("Not found", find("main h1").getText(), path);
            assertFalse(browser.driver.getPageSource().contains("hello-api</a>"), path);
        }
        browser.shot("not-found");
    }

    @Test
    @Order(9)
    void signingOutEndsTheSession() {
        browser.driver.get(url("/runs"));
        find("#sign-out").click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/login"));
        browser.driver.get(url("/runs/" + failed));
        assertTrue(browser.driver.getCurrentUrl().contains("/login?next="), "signed out: " + browser.driver.getCurrentUrl());
    }

    static String read(String example) {
        try {
            return Files.readString(ExampleImages.example(example));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
