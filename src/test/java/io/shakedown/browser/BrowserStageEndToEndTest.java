package io.shakedown.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.report.Report.BrowserPage;
import io.shakedown.report.Report.BrowserProblem;
import io.shakedown.report.Severity;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.NoContainerLeftBehind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser stage against the examples' SPAs in real containers and the machine's real Chromium: what an HTTP
 * check cannot see (a bundle that throws while rendering, a config fetch that 404s a moment after load) fails the run
 * with where it came from; the browser's favicon request and a third party's failure are only warnings.
 */
class BrowserStageEndToEndTest {
    @RegisterExtension
    static final NoContainerLeftBehind DOCKER = new NoContainerLeftBehind("browser-stage-test");

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    static String spec(String image, String extra) {
        return """
                app: spa
                target: { image: %s, port: 8080, startupTimeout: 20s }
                readiness: { http: { path: /, status: 200 } }
                rules:
                  waive: [{ rule: spa-no-history-fallback, reason: "busybox httpd serves files only" }]
                """.formatted(image) + extra;
    }

    static BrowserPage page(Report r, String path) {
        assertNotNull(r.browser(), "a browser section: " + r.summary());
        return r.browser().pages().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(r.browser()));
    }

    @Test
    void aBundleThatThrowsWhileRenderingIsAWhiteScreenThatFailsNamingTheExceptionScriptAndLine() throws Exception {
        Report r = DOCKER.run(spec("shakedown-example/white-screen:1.0", ""));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        BrowserPage home = page(r, "/");
        assertEquals(StageStatus.FAILED, home.status());
        BrowserProblem exception = home.problems().stream().filter(p -> p.kind().equals("exception")).findFirst().orElseThrow();
        assertTrue(exception.message().contains("TypeError") && exception.message().contains("map"), exception.message());
        assertTrue(exception.url().endsWith("/assets/app.js"), exception.url());
        assertEquals(5, exception.line(), "the line of config.orders.map in app.js");
        assertFalse(home.rendered(), "nothing rendered");
        assertTrue(home.problems().stream().anyMatch(p -> p.kind().equals("blank") && p.severity() == Severity.ERROR), home.problems().toString());
        assertTrue(r.summary().contains("browser: page /: Uncaught TypeError") && r.summary().contains("/assets/app.js:5:"), r.summary());
        assertTrue(home.screenshot().startsWith("data:image/jpeg;base64,"), "a screenshot of the white screen");
        assertEquals(StageStatus.PASSED, r.assets().status(), "every asset answers 200: only a browser sees this");
    }

    @Test
    void aHealthySpaWithoutAFaviconPassesAndRecordsItsTimings() throws Exception {
        Report r = DOCKER.run(spec("shakedown-example/browser-spa:1.0", ""));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + " " + r.browser());
        BrowserPage home = page(r, "/");
        assertTrue(home.rendered());
        assertTrue(home.text().contains("#1001 coffee beans"), "rendered after the config fetch a moment after load: " + home.text());
        assertTrue(home.problems().stream().allMatch(p -> p.severity() != Severity.ERROR || p.waived()), home.problems().toString());
        assertTrue(home.problems().stream().anyMatch(p -> p.url() != null && p.url().endsWith("/favicon.ico") && p.severity() == Severity.WARNING),
                "the browser's own favicon request is only a warning: " + home.problems());
        var t = home.timings();
        assertNotNull(t.loadMs());
        assertNotNull(t.ttfbMs());
        // Chromium's own chrome:// and data: loads (which now and then never report finished) do not count: the page's
        // network went idle, it did not merely reach the 5 s bound
        assertTrue(t.networkIdle(), "settled on a quiet network, not at the bound: " + t);
        assertTrue(t.settledMs() >= 300 + 500, "settled only after the late config fetch and a quiet moment: " + t.settledMs());
        assertTrue(r.summary().contains("1 page(s) OK in the browser"), r.summary());
    }

    @Test
    void aConfigFetchThat404sAfterLoadFailsNamingTheUrlAndStatus() throws Exception {
        Report r = DOCKER.run(spec("shakedown-example/browser-spa:config-404", ""));
        assertEquals(Verdict.FAILED, r.verdict(), r.summary());
        BrowserPage home = page(r, "/");
        BrowserProblem request = home.problems().stream().filter(p -> p.kind().equals("request") && p.url() != null && p.url().endsWith("/config.json"))
                .findFirst().orElseThrow(() -> new AssertionError(home.problems()));
        assertEquals(404, request.status());
        assertEquals(Severity.ERROR, request.severity());
        assertTrue(home.failure().contains("/config.json answered 404"), home.failure());
        assertTrue(home.problems().stream().anyMatch(p -> p.kind().equals("console") && p.message().contains("could not load the configuration")),
                "the app's own console.error is recorded too: " + home.problems());
        assertTrue(home.text().contains("Something went wrong"), home.text());
    }

    @Test
    void aThirdPartyScriptThatFailsIsAWarningAndTheRunPasses() throws Exception {
        Report r = DOCKER.run(spec("shakedown-example/browser-spa:1.0", "browser: { pages: [/widgets.html] }\n"));
        assertEquals(Verdict.PASSED, r.verdict(), r.summary() + " " + r.browser());
        BrowserPage widgets = page(r, "/widgets.html");
        BrowserProblem thirdParty = widgets.problems().stream().filter(p -> "http://127.0.0.1:47/analytics.js".equals(p.url()))
                .findFirst().orElseThrow(() -> new AssertionError(widgets.problems()));
        assertEquals(Severity.WARNING, thirdParty.severity());
        assertTrue(thirdParty.message().contains("ERR_CONNECTION_REFUSED"), thirdParty.message());
    }

    static final String SIGN_IN = """
            secrets: [ADA_PASSWORD]
            browser:
              flows:
                - name: sign in
                  steps:
                    - open: /login.html
                    - fill: { selector: "#user", value: ada }
                    - fill: { selector: "#password", value: "${secrets.ADA_PASSWORD}" }
                    - select: { selector: "#team", value: dev }
                    - click: "#submit"
                    - wait: { selector: "#user-name" }
                    - capture: { who: { selector: "#user-name" } }
                    - expect: { selector: "#greeting", text: "Signed in as ${who}" }
                    - expect: { selector: "#orders li", count: 2, url: "/$" }
            """;

    @Test
    void aBrowserFlowSignsInAndSeesTheUsersNameAndFailsAtTheStepThatBreaksWithItsScreenshot() throws Exception {
        var spec = new io.shakedown.spec.SpecParser().parse(spec("shakedown-example/browser-spa:1.0", SIGN_IN));
        Report ok = DOCKER.run(spec, io.shakedown.run.RunListener.NONE, java.util.Map.of("ADA_PASSWORD", "analytical-engine"));
        assertEquals(Verdict.PASSED, ok.verdict(), ok.summary() + " " + ok.browser());
        var flow = ok.browser().flows().getFirst();
        assertEquals(StageStatus.PASSED, flow.status(), flow.toString());
        assertEquals(java.util.Map.of("who", "Ada Lovelace (dev)"), flow.steps().get(6).captured());
        assertFalse(ok.toString().contains("analytical-engine"), "the secret is nowhere in the report");

        Report bad = DOCKER.run(spec, io.shakedown.run.RunListener.NONE, java.util.Map.of("ADA_PASSWORD", "wrong-password"));
        assertEquals(Verdict.FAILED, bad.verdict(), bad.summary());
        var failed = bad.browser().flows().getFirst();
        assertEquals("steps[5] wait #user-name", failed.failedStep());
        assertTrue(failed.failure().contains("no element matches #user-name"), failed.failure());
        assertTrue(failed.screenshot().startsWith("data:image/jpeg;base64,"), "the screenshot at the failing step");
        assertTrue(failed.domExcerpt().contains("Wrong user name or password."), "the DOM at that moment shows why");
        assertTrue(failed.url().endsWith("/login.html"), failed.url());
        assertEquals(StageStatus.SKIPPED, failed.steps().get(6).status());
        assertTrue(bad.summary().contains("browser: flow sign in: steps[5] wait #user-name"), bad.summary());
    }

    @Test
    void ignorePatternsWaiveKnownNoiseAndBrowserFalseTurnsTheStageOff() throws Exception {
        Report waived = DOCKER.run(spec("shakedown-example/browser-spa:config-404",
                "browser: { ignore: ['/config\\.json', 'could not load the configuration'] }\n"));
        assertEquals(Verdict.PASSED, waived.verdict(), waived.summary() + " " + waived.browser());
        assertTrue(page(waived, "/").problems().stream().filter(p -> p.severity() == Severity.ERROR).allMatch(BrowserProblem::waived));

        Report off = DOCKER.run(spec("shakedown-example/white-screen:1.0", "browser: false\n"));
        assertEquals(Verdict.PASSED, off.verdict(), off.summary());
        assertNull(off.browser());
        assertTrue(off.stages().stream().noneMatch(s -> s.name().equals("browser")), off.stages().toString());
    }
}
