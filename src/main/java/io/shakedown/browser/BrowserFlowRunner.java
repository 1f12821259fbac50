package io.shakedown.browser;

import io.shakedown.flow.TemplateResolver;
import io.shakedown.probe.HttpProbe;
import io.shakedown.report.Report.BrowserFlowResult;
import io.shakedown.report.Report.BrowserStepResult;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.BrowserSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;

/**
 * Runs browser flows on the run's Chromium: each step waits (bounded) for what it needs, a flow stops at its first
 * failing step and keeps the screenshot, URL and an excerpt of the DOM at that moment. Templates and secrets resolve
 * as in HTTP flows ({@link TemplateResolver}); a capture stores a selector's text for later steps.
 */
final class BrowserFlowRunner {
    static final int DOM_EXCERPT = 2000;

    private final ChromiumSession session;
    private final URI base;
    private final Map<String, String> secrets;
    private final BrowserSettings settings;
    private final HttpProbe http;

    BrowserFlowRunner(ChromiumSession session, URI base, Map<String, String> secrets, BrowserSettings settings, HttpProbe http) {
        this.session = session;
        this.base = base;
        this.secrets = secrets;
        this.settings = settings;
        this.http = http;
    }

    /** Why a step failed, in words for the report. */
    private static final class StepFailure extends Exception {
        StepFailure(String message) {
            super(message, null, false, false);
        }
    }

    BrowserFlowResult run(BrowserSpec.Flow flow) throws InterruptedException {
        var resolver = new TemplateResolver(secrets);
        String trace = session.newTrace(); // the flow's requests to the app are one trace, as a user's session would be
        var steps = new ArrayList<BrowserStepResult>();
        long t0 = System.nanoTime();
        String failure = null;
        String failedStep = null;
        for (int i = 0; i < flow.steps().size(); i++) {
            BrowserSpec.Step step = flow.steps().get(i);
            String name = "steps[" + i + "] " + step.describe();
            if (failure != null) {
                steps.add(new BrowserStepResult(i, name, StageStatus.SKIPPED, 0, null, null));
                continue;
            }
            long s0 = System.nanoTime();
            try {
                String captured = execute(step, resolver);
                if (captured != null) resolver.captureText(step.capture(), captured);
                steps.add(new BrowserStepResult(i, name, StageStatus.PASSED, millis(s0), captured == null ? null : Map.of(step.capture(), captured), null));
            } catch (StepFailure | TemplateResolver.Unresolvable e) {
                failure = e.getMessage();
            } catch (WebDriverException e) {
                failure = firstLine(e.getMessage());
            }
            if (failure != null) {
                failedStep = name;
                steps.add(new BrowserStepResult(i, name, StageStatus.FAILED, millis(s0), null, failure));
            }
        }
        if (failure == null) {
            return new BrowserFlowResult(flow.name(), StageStatus.PASSED, millis(t0), null, List.copyOf(steps), null, null, null, null, trace, http.traceUrl(trace));
        }
        return new BrowserFlowResult(flow.name(), StageStatus.FAILED, millis(t0), failedStep, List.copyOf(steps), currentUrl(),
                session.screenshot(), domExcerpt(), failedStep + " — " + failure, trace, http.traceUrl(trace));
    }

    /** Does one step; returns the captured text of a capture step, else null. */
    private String execute(BrowserSpec.Step step, TemplateResolver resolver) throws StepFailure, TemplateResolver.Unresolvable, InterruptedException {
        var driver = session.driver();
        Duration timeout = step.timeout() == null ? BrowserSpec.Step.DEFAULT_TIMEOUT : step.timeout();
        switch (step.action()) {
            case "open" -> session.open(base.resolve(resolver.text(step.value())), settings.quiet(), settings.settleMax());
            case "click" -> visible(step.selector(), timeout).click();
            case "fill" -> {
                WebElement field = visible(step.selector(), timeout);
                field.clear();
                field.sendKeys(resolver.text(step.value()));
            }
            case "select" -> {
                var select = new Select(visible(step.selector(), timeout));
                String value = resolver.text(step.value());
                try {
                    select.selectByValue(value);
                } catch (WebDriverException e) {
                    try {
                        select.selectByVisibleText(value);
                    } catch (WebDriverException e2) {
                        throw new StepFailure("no option with value or text '" + value + "' in " + step.selector());
                    }
                }
            }
            case "press" -> visible(step.selector(), timeout).sendKeys(key(step.key()));
            case "wait", "expect" -> expect(step, resolver, timeout);
            case "capture" -> {
                return visible(step.selector(), timeout).getText();
            }
            default -> throw new StepFailure("unknown action " + step.action());
        }
        return null;
    }

    /** Waits until every condition of the step holds; on timeout, says what was found instead. */
    private void expect(BrowserSpec.Step step, TemplateResolver resolver, Duration timeout) throws StepFailure, TemplateResolver.Unresolvable {
        var driver = session.driver();
        String text = step.text() == null ? null : resolver.text(step.text());
        String[] lastMismatch = {null};
        try {
            new FluentWait<>(driver).withTimeout(timeout).pollingEvery(Duration.ofMillis(100)).ignoring(WebDriverException.class).until(d -> {
                lastMismatch[0] = mismatch(step, text);
                return lastMismatch[0] == null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new StepFailure(lastMismatch[0] + " (waited " + timeout.toMillis() + " ms)");
        }
    }

    /** What does not hold yet, or null when everything does. */
    private String mismatch(BrowserSpec.Step step, String text) {
        var driver = session.driver();
        if (step.url() != null && !step.url().matcher(driver.getCurrentUrl()).find()) {
            return "expected the URL to match " + step.url().pattern() + ", it is " + driver.getCurrentUrl();
        }
        List<WebElement> found = step.selector() == null ? List.of() : driver.findElements(By.cssSelector(step.selector()));
        if (step.count() != null && found.size() != step.count()) {
            return "expected " + step.count() + " element(s) matching " + step.selector() + ", found " + found.size();
        }
        if (step.selector() != null && step.count() == null) {
            boolean wantVisible = step.visible() == null || step.visible();
            boolean shown = found.stream().anyMatch(WebElement::isDisplayed);
            if (wantVisible && !shown) return found.isEmpty() ? "no element matches " + step.selector() : step.selector() + " is there but not visible";
            if (!wantVisible && shown) return step.selector() + " is visible";
        }
        if (text != null) {
            String where = step.selector() == null ? driver.findElement(By.tagName("body")).getText()
                    : found.stream().map(WebElement::getText).reduce("", (a, b) -> a + "\n" + b);
            if (!where.contains(text)) {
                return "expected the text '" + text + "' " + (step.selector() == null ? "on the page" : "in " + step.selector())
                        + ", found '" + abbreviate(where.strip().replace('\n', ' '), 200) + "'";
            }
        }
        return null;
    }

    private WebElement visible(String selector, Duration timeout) throws StepFailure {
        try {
            return new FluentWait<>(session.driver()).withTimeout(timeout).pollingEvery(Duration.ofMillis(100)).ignoring(WebDriverException.class)
                    .until(d -> d.findElements(By.cssSelector(selector)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            int n = session.driver().findElements(By.cssSelector(selector)).size();
            throw new StepFailure((n == 0 ? "no element matches " + selector : selector + " is there but not visible") + " (waited " + timeout.toMillis() + " ms)");
        }
    }

    private static CharSequence key(String name) throws StepFailure {
        if (name.length() == 1) return name;
        for (Keys k : Keys.values()) {
            if (k.name().replace("_", "").equalsIgnoreCase(name.replace("_", ""))) return k;
        }
        throw new StepFailure("unknown key " + name + " (Enter, Tab, Escape, Backspace, ArrowDown, ... or one character)");
    }

    private String currentUrl() {
        try {
            return session.driver().getCurrentUrl();
        } catch (WebDriverException e) {
            return null;
        }
    }

    private String domExcerpt() {
        try {
            String html = (String) ((JavascriptExecutor) session.driver()).executeScript("return document.body ? document.body.outerHTML : document.documentElement.outerHTML");
            return html == null ? null : abbreviate(html, DOM_EXCERPT);
        } catch (WebDriverException e) {
            return null;
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) return "the browser failed";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
