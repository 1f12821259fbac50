package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every renderer on reports built by hand to hit the awkward cases (hostile evidence, no stages, findings);
 * the real examples' reports are validated in ExamplesEndToEndTest. JUnit and SARIF go through the published
 * schemas each time.
 */
class RenderersTest {
    static final String NASTY = "<script>alert(1)</script> ]]> ``` \u001b[31mred\u001b[0m & \"quotes\" |pipe|";
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    static Report failedCheck() {
        var failing = new Report.CheckResult("list items", StageStatus.FAILED, 12,
                new Report.RequestEvidence("GET", "http://127.0.0.1:1234/api/items", Map.of("Accept", "application/json"), null),
                new Report.ResponseEvidence(500, Map.of("Content-Type", List.of("text/plain")), "boom " + NASTY, 40, false),
                List.of(new Report.AssertionResult("status", "200", "500", false)), "expected status 200, got 500");
        var passing = new Report.CheckResult("health", StageStatus.PASSED, 3,
                new Report.RequestEvidence("GET", "http://127.0.0.1:1234/health", Map.of(), null),
                new Report.ResponseEvidence(200, Map.of(), "ok", 2, false), List.of(new Report.AssertionResult("status", "200", "200", true)), null);
        return new Report(1, "run-1", "shop", "ci", Verdict.FAILED, "1 of 2 check(s) failed: list items: expected status 200, got 500",
                new Report.TargetInfo("image", "shop:1.0", "sha256:abc", "c1", "http://127.0.0.1:1234", 8080), T0, T0.plusMillis(900), 900,
                List.of(new Report.Stage("image", StageStatus.PASSED, 10, null), new Report.Stage("create", StageStatus.PASSED, 20, null),
                        new Report.Stage("start", StageStatus.PASSED, 30, null), new Report.Stage("readiness", StageStatus.PASSED, 400, null),
                        new Report.Stage("checks", StageStatus.FAILED, 15, "1 failed"), new Report.Stage("cleanup", StageStatus.PASSED, 50, null)),
                new Report.Readiness(StageStatus.PASSED, 400, T0.plusMillis(460), List.of(new Report.StrategyOutcome("http GET /health → 200", true, 4, "200")), null),
                List.of(passing, failing), new Report.ContainerLog(List.of("started " + NASTY), 1, false), null, null, null, null, null, null, null); // performance, flows, assets, lint
    }

    static Report loopbackOnly() {
        var d = new Report.Diagnosis(DiagnosisKind.LOOPBACK_ONLY, "the app listens on 127.0.0.1:8080 inside the container — loopback only",
                List.of("listening sockets inside the container: 127.0.0.1:8080"), "bind 0.0.0.0", List.of(new Report.Socket("tcp", "127.0.0.1", 8080)));
        return new Report(1, "run-2", "inventory", "ci", Verdict.FAILED, "not ready: loopback only",
                new Report.TargetInfo("image", "inv:1", null, null, null, 8080), T0, T0.plusSeconds(4), 4000,
                List.of(new Report.Stage("image", StageStatus.PASSED, 10, null), new Report.Stage("readiness", StageStatus.FAILED, 3500, "LOOPBACK_ONLY: …"),
                        new Report.Stage("checks", StageStatus.SKIPPED, 0, "not ready"), new Report.Stage("cleanup", StageStatus.PASSED, 50, null)),
                new Report.Readiness(StageStatus.FAILED, 3500, null, List.of(new Report.StrategyOutcome("http GET /health → 200", false, 150, "empty reply")), d),
                List.of(), new Report.ContainerLog(List.of("listening on localhost:8080\u0007"), 1, false), null, null, null, null, null, null, null); // performance, flows, assets, lint
    }

    static Report errorWithoutStages() {
        return new Report(1, "run-3", "ghost", null, Verdict.ERROR, "no Docker engine answers", null, T0, T0, 0, List.of(), null, null, null,
                "no Docker engine answers at unix:///var/run/docker.sock; start it or set DOCKER_HOST", null, null, null, null, null, null); // performance, flows, assets, lint
    }

    /** A run stopped while the app was starting (a service died): readiness CANCELLED, its stage without a message, no diagnosis. */
    static Report stoppedDuringReadiness() {
        String why = "service db (postgres:15-bookworm) stopped during the readiness stage: killed";
        return new Report(1, "run-4", "postgres-app", "ci", Verdict.ERROR, why,
                new Report.TargetInfo("image", "app:1", null, "c4", "http://127.0.0.1:1234", 8080), T0, T0.plusSeconds(9), 9000,
                List.of(new Report.Stage("services", StageStatus.PASSED, 2000, "db ready in 1900 ms"),
                        new Report.Stage("readiness", StageStatus.CANCELLED, 6000, null), new Report.Stage("cleanup", StageStatus.PASSED, 5, null)),
                new Report.Readiness(StageStatus.CANCELLED, 6000, null, List.of(new Report.StrategyOutcome("http GET /health → 200", false, 80, "connection refused")), null),
                null, new Report.ContainerLog(List.of("Starting App"), 1, false), why, null, null, null, null, null, null); // performance, flows, assets, lint
    }

    static final List<RenderedFinding> FINDINGS = List.of(
            new RenderedFinding("spring/actuator-health-exposed", RenderedFinding.Level.ERROR, "Actuator health is not exposed",
                    "management.endpoints.web.exposure.include does not list health", "https://example.org/rules/actuator-health",
                    List.of("/app/config/application.yml: management.endpoints.web.exposure.include=info"), RenderedFinding.Location.image("/app/config/application.yml"), true),
            new RenderedFinding("spec/readiness-timeout-short", RenderedFinding.Level.NOTE, "Startup timeout shorter than usual", "startupTimeout 5s", null,
                    List.of(), RenderedFinding.Location.spec(7), false));

    static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void markdownShowsPerformanceAgainstItsBaselineAndEveryBrokenLimit() {
        var r = failedCheck();
        var figures = new Report.PerfFigures(120, 0, 0.0, 5, 48, 45, 50, 61, 70, 90, 9.8);
        var baseFigures = new Report.PerfFigures(118, 0, 0.0, 5, 31, 30, 33, 40, 44, 60, 9.9);
        var scenario = new Report.PerfScenario("browse", StageStatus.FAILED, "10/s for 12s", figures, null,
                new Report.PerfBaseline("history", "median of the last 3 passing runs", baseFigures, List.of("r1", "r2", "r3")),
                List.of(new Report.PerfRule("p95", "<= 200 ms", "61 ms", true, null)),
                List.of(new Report.PerfRule("p50", "<= +20%", "+50% (45 ms vs 30 ms)", false, null)),
                null, null, null, "p50 +50% over the limit +20%");
        var withPerf = new Report(r.reportVersion(), r.runId(), r.app(), r.environment(), r.verdict(), r.summary(), r.target(),
                r.startedAt(), r.finishedAt(), r.durationMs(), r.stages(), r.readiness(), r.checks(), r.log(), r.error(), null, null,
                new Report.Performance(StageStatus.FAILED, "history", "3.15.1", List.of(scenario)), null, null, null);
        String md = new MarkdownRenderer(null).render(withPerf);
        assertTrue(md.contains("### Performance"), md);
        assertTrue(md.contains("| browse | ❌ FAILED | 120 | 45 ms | 61 ms | 70 ms | 9.8/s | median of the last 3 passing runs |"), md);
        assertTrue(md.contains("- ❌ **browse** p50: +50% (45 ms vs 30 ms) (limit &lt;= +20%)"), md);
        assertTrue(!md.contains("p95: 61 ms"), "a kept limit is not listed as broken");
        assertFalse(ReportJson.mapper().valueToTree(withPerf).at("/performance/scenarios/0").has("rules"),
                "a scenario's rules() is a view of its thresholds and regressions, not a field of report.json");

        // the HTML file: figures beside the baseline, the broken rule, and the latency chart as inline SVG
        String html = new HtmlRenderer(null).render(withPerf);
        ReportSchemas.assertSelfContainedHtml(html);
        ReportSchemas.assertEverySection(html, withPerf);
        assertTrue(html.contains("<td>p95</td><td class=\"num\">61 ms</td><td class=\"num\">40 ms</td><td class=\"num\">+53%</td>"), html);
        assertTrue(html.contains("<svg") && html.contains("class=\"base\""), "chart with the baseline's bars");
        assertTrue(html.contains("+50% (45 ms vs 30 ms)"), "the broken regression rule");
        String failures = html.substring(html.indexOf("id=\"failures\""), html.indexOf("id=\"stages\""));
        assertTrue(failures.contains("✗ performance “browse”") && failures.contains("✗ p50: +50% (45 ms vs 30 ms) (limit &lt;= +20%)"),
                "what failed names the scenario and the limit it broke: " + failures);
    }

    @Test
    void htmlShowsFlowsStepByStepAndEveryAsset() {
        var r = failedCheck();
        var step1 = new Report.StepResult(0, "log in", StageStatus.PASSED, 5, 1, new Report.RequestEvidence("POST", "http://h/login", Map.of(), "{}"),
                new Report.ResponseEvidence(200, Map.of(), "{\"token\":\"***\"}", 15, false), List.of(), Map.of("token", "***"), null);
        var step2 = new Report.StepResult(1, "read profile " + NASTY, StageStatus.FAILED, 7, 2, new Report.RequestEvidence("GET", "http://h/me", Map.of(), null),
                new Report.ResponseEvidence(500, Map.of(), "oops", 4, false), List.of(new Report.AssertionResult("status", "200", "500", false)), Map.of(),
                "expected status 200, got 500");
        var flow = new Report.FlowResult("sign up and read", StageStatus.FAILED, 12, "steps[1] read profile", List.of(step1, step2), null);
        var assets = new Report.AssetsResult(StageStatus.FAILED, List.of(new Report.PageResult("/", StageStatus.FAILED, 200,
                List.of(new Report.AssetResult("/app.js", "script", 200, true, null), new Report.AssetResult("/missing.css", "style", 404, false, "404")), "1 asset broken")),
                List.of(new Report.SpaRouteResult("/deep/link", StageStatus.PASSED, 200, true, List.of(), null)), "1 asset broken");
        var withFlows = new Report(r.reportVersion(), r.runId(), r.app(), r.environment(), r.verdict(), r.summary(), r.target(), r.startedAt(),
                r.finishedAt(), r.durationMs(), r.stages(), r.readiness(), r.checks(), r.log(), r.error(), null, null, null, List.of(flow), assets, null);
        String html = new HtmlRenderer(null).render(withFlows);
        ReportSchemas.assertSelfContainedHtml(html);
        ReportSchemas.assertEverySection(html, withFlows);
        assertTrue(html.contains("failed at steps[1] read profile"), html);
        assertTrue(html.contains("POST http://h/login") && html.contains("GET http://h/me"), "each step's request");
        assertTrue(html.contains("2 attempts"), "retries shown");
        assertFalse(html.contains("<script>alert"), "step names escaped");
        assertTrue(html.contains("/missing.css") && html.contains("/deep/link") && html.contains("SPA route (serves the shell)"), html);
    }

    static Report whiteScreen() {
        var r = failedCheck();
        var exception = new Report.BrowserProblem("exception", Severity.ERROR, "Uncaught TypeError: Cannot read properties of undefined (reading 'map')",
                "http://h/assets/app.js", 5, 48, null, false);
        var favicon = new Report.BrowserProblem("request", Severity.WARNING, "answered 404 Not Found", "http://h/favicon.ico", null, null, 404, false);
        var page = new Report.BrowserPage("/", "http://h/", StageStatus.FAILED, 200, false, null,
                new Report.BrowserTimings(7L, 81L, 136L, null, 0.0, 902, true), List.of(exception, favicon),
                "data:image/jpeg;base64,/9j/4AAQSkZJRg==", "Uncaught TypeError: Cannot read properties of undefined (reading 'map') at http://h/assets/app.js:5:48",
                "4bf92f3577b34da6a3ce929d0e0e4736", "https://jaeger.example/trace/4bf92f3577b34da6a3ce929d0e0e4736");
        var browser = new Report.BrowserResult(StageStatus.FAILED, "156.0", List.of(page), null, "page /: " + page.failure());
        var stages = new java.util.ArrayList<>(r.stages());
        stages.add(stages.size() - 1, new Report.Stage("browser", StageStatus.FAILED, 1900, browser.failure()));
        return new Report(r.reportVersion(), r.runId(), r.app(), r.environment(), r.verdict(), "browser: " + browser.failure(), r.target(), r.startedAt(),
                r.finishedAt(), r.durationMs(), stages, r.readiness(), r.checks(), r.log(), r.error(), null, null, null, null, null, null, browser, null);
    }

    @Test
    void theBrowserSectionShowsEachPageWithItsScreenshotAndEveryFormatCarriesTheFailure() throws Exception {
        Report r = whiteScreen();
        ReportSchemas.assertEveryFormatValid(r);
        String html = new HtmlRenderer(null).render(r);
        ReportSchemas.assertSelfContainedHtml(html);
        ReportSchemas.assertEverySection(html, r);
        assertTrue(html.contains("<img src=\"data:image/jpeg;base64,/9j/4AAQSkZJRg==\"") && html.contains("href=\"#shot-1\"") && html.contains("id=\"shot-1\""),
                "a thumbnail that opens the full-size screenshot");
        assertTrue(html.contains("http://h/assets/app.js:5:48") && html.contains("rendered: nothing (blank page)") && !html.contains("LCP"),
                "the exception with script and line; blank; no LCP reported");
        assertTrue(html.contains("! warning request: http://h/favicon.ico answered 404 Not Found"), "the favicon only a warning");
        String md = new MarkdownRenderer(null).render(r);
        assertTrue(md.contains("page / in the browser") && md.contains("app.js:5:48"), md);
        String junit = new JUnitRenderer().render(r);
        assertTrue(junit.contains("name=\"page /\"") && junit.contains("Uncaught TypeError"), junit);
        JsonNode sarif = ReportSchemas.assertValidSarif(new SarifRenderer(null).render(r));
        assertEquals("browser/exception", sarif.at("/runs/0/results/0/ruleId").asText(), sarif.toString());
        assertTrue(sarif.at("/runs/0/results/0/message/text").asText().contains("app.js:5:48"), sarif.toString());
        assertFalse(sarif.toString().contains("favicon"), "warnings stay out of SARIF");
    }

    @Test
    void everyFormatOfEveryShapeIsValid() {
        for (Report r : List.of(failedCheck(), loopbackOnly(), errorWithoutStages())) ReportSchemas.assertEveryFormatValid(r);
    }

    @Test
    void junitHasASuitePerStageACasePerCheckAndTheEvidenceInTheFailure() throws Exception {
        String text = new JUnitRenderer().render(failedCheck());
        ReportSchemas.assertValidJUnit(text);
        Document doc = xml(text);
        var suites = doc.getElementsByTagName("testsuite");
        assertEquals(6, suites.getLength());
        Element checks = (Element) suites.item(4);
        assertEquals("checks", checks.getAttribute("name"));
        assertEquals("2", checks.getAttribute("tests"));
        assertEquals("1", checks.getAttribute("failures"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        var failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("expected status 200, got 500", failure.getAttribute("message"));
        String evidence = failure.getTextContent();
        assertTrue(evidence.contains("GET http://127.0.0.1:1234/api/items"), evidence);
        assertTrue(evidence.contains("→ 500"), evidence);
        assertTrue(evidence.contains("✗ status: expected 200, got 500"), evidence);
        assertTrue(evidence.contains("<script>") && evidence.contains("]]>"), "evidence kept, escaped: " + evidence);
        assertTrue(evidence.contains("\uFFFD[31mred"), "ANSI escape replaced so the XML parses: " + evidence);
    }

    @Test
    void junitReadinessFailureCarriesTheDiagnosisAndSkippedChecks() throws Exception {
        String text = new JUnitRenderer().render(loopbackOnly());
        ReportSchemas.assertValidJUnit(text);
        Document doc = xml(text);
        var failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("LOOPBACK_ONLY: the app listens on 127.0.0.1:8080"));
        assertEquals("LOOPBACK_ONLY", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("fix: bind 0.0.0.0"));
        assertEquals(1, doc.getElementsByTagName("skipped").getLength());
    }

    static final Report.Finding WARNING = new Report.Finding("image-runs-as-root", Severity.WARNING, "Runs as root", "the image's user is root",
            List.of("image config User: (empty)"), "add USER 10001", "https://example.org/rules/root",
            new Report.Location("image-config", "User", null, null), false, null, false);

    static Report passedWithAWarning() {
        var failed = failedCheck();
        return new Report(1, "run-4", "shop", "ci", Verdict.PASSED, "ready in 400 ms; 1 check(s) passed", failed.target(),
                T0, T0.plusMillis(900), 900, List.of(new Report.Stage("readiness", StageStatus.PASSED, 400, null),
                        new Report.Stage("checks", StageStatus.PASSED, 15, "1 passed"), new Report.Stage("rules", StageStatus.PASSED, 20, "1 warning(s)")),
                failed.readiness(), List.of(failed.checks().getFirst()), null, null, null, List.of(WARNING), null, null, null, null);
    }

    /** What the rules saw comes first: a warning is listed right after what failed, before the stages and timings. */
    @Test
    void markdownAndHtmlShowFindingsBeforeTheStages() {
        String md = new MarkdownRenderer(null).render(passedWithAWarning());
        int findings = md.indexOf("### Findings"), stages = md.indexOf("### Stages");
        assertTrue(findings > 0 && findings < stages, md);
        assertTrue(md.contains("- ⚠️ **image-runs-as-root** the image's user is root Fix: add USER 10001\n"), md);
        String html = new HtmlRenderer(null).render(passedWithAWarning());
        int section = html.indexOf("<section id=\"findings\">"), stageSection = html.indexOf("<section id=\"stages\">");
        assertTrue(section > 0 && section < stageSection, "the run page shows the findings before the stages");
    }

    /** The verdict's decision reaches the report: a warning under rules.failOn: error fails nothing. */
    @Test
    void junitOfAPassedRunWithWarningsHasNoFailure() throws Exception {
        var warning = WARNING;
        var passed = passedWithAWarning();
        String text = new JUnitRenderer().render(passed);
        ReportSchemas.assertValidJUnit(text);
        Document doc = xml(text);
        assertEquals(0, doc.getElementsByTagName("failure").getLength(), text);
        assertEquals(0, doc.getElementsByTagName("error").getLength(), text);
        assertTrue(text.contains("image-runs-as-root"), text);
        // the same finding under rules.failOn: warning fails the run, and the JUnit file says so
        var failing = new Report.Finding(warning.ruleId(), warning.severity(), warning.title(), warning.message(), warning.evidence(),
                warning.fix(), warning.helpUri(), warning.location(), false, null, true);
        String failedText = new JUnitRenderer().render(new Report(1, "run-5", "shop", "ci", Verdict.FAILED, "rule image-runs-as-root: …",
                passed.target(), T0, T0, 0, passed.stages(), passed.readiness(), passed.checks(), null, null, null, List.of(failing),
                null, null, null, null));
        assertEquals(1, xml(failedText).getElementsByTagName("failure").getLength(), failedText);
    }

    @Test
    void everyFormatRendersARunStoppedDuringReadiness() {
        // the readiness stage of a stopped run has no message: the one-shot command wrote no summary.md for it (an NPE)
        for (ReportFormat format : ReportFormat.values()) {
            String text = format.render(stoppedDuringReadiness(), new ReportFormat.RenderOptions(null, null));
            if (format != ReportFormat.JUNIT && format != ReportFormat.SARIF) {
                assertTrue(text.contains("stopped during the readiness stage"), format + " names why the run stopped");
            }
        }
    }

    @Test
    void junitErrorWithoutStagesIsOneErrorCase() throws Exception {
        String text = new JUnitRenderer().render(errorWithoutStages());
        ReportSchemas.assertValidJUnit(text);
        var error = (Element) xml(text).getElementsByTagName("error").item(0);
        assertTrue(error.getTextContent().contains("set DOCKER_HOST"));
    }

    @Test
    void junitFindingsAreTestcasesOfSuiteRules() throws Exception {
        String text = new JUnitRenderer().render(failedCheck(), FINDINGS);
        ReportSchemas.assertValidJUnit(text);
        Document doc = xml(text);
        Element rules = (Element) doc.getElementsByTagName("testsuite").item(6);
        assertEquals("rules", rules.getAttribute("name"));
        assertEquals("2", rules.getAttribute("tests"));
        assertEquals("1", rules.getAttribute("failures"), "an ERROR finding fails, a NOTE does not");
        assertTrue(rules.getTextContent().contains("help: https://example.org/rules/actuator-health"));
    }

    @Test
    void sarifWithoutFindingsHasRuleMetadataAndNoResults() {
        JsonNode sarif = ReportSchemas.assertValidSarif(new SarifRenderer(null).render(failedCheck()));
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        assertEquals(0, run.get("results").size());
        assertTrue(run.at("/tool/driver/rules").size() >= 10);
        assertEquals("readiness/EXITED", run.at("/tool/driver/rules/0/id").asText());
    }

    @Test
    void sarifMapsTheDiagnosisAndFindingsWithLocationsAndHelp() {
        var options = new ReportFormat.RenderOptions("./deploy/shakedown.yml", null);
        JsonNode sarif = ReportSchemas.assertValidSarif(new SarifRenderer(options).render(loopbackOnly(), FINDINGS));
        JsonNode run = sarif.get("runs").get(0);
        JsonNode results = run.get("results");
        assertEquals(3, results.size());
        assertEquals("readiness/LOOPBACK_ONLY", results.get(0).get("ruleId").asText());
        assertEquals("error", results.get(0).get("level").asText());
        assertEquals("deploy/shakedown.yml", results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        JsonNode finding = results.get(1);
        assertEquals("spring/actuator-health-exposed", finding.get("ruleId").asText());
        assertEquals("inv:1:/app/config/application.yml", finding.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        JsonNode rule = run.at("/tool/driver/rules").get(finding.get("ruleIndex").asInt());
        assertEquals("https://example.org/rules/actuator-health", rule.get("helpUri").asText());
        assertEquals(7, results.get(2).at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("note", results.get(2).get("level").asText());
    }

    @Test
    void markdownPutsTheVerdictFirstThenFailuresWithEvidence() {
        String md = new MarkdownRenderer(new ReportFormat.RenderOptions(null, "https://sd.example/r")).render(failedCheck());
        assertTrue(md.startsWith("## ❌ Shakedown FAILED — shop (ci)\n"), md);
        int failed = md.indexOf("### What failed"), stages = md.indexOf("### Stages");
        assertTrue(failed > 0 && failed < stages, md);
        assertTrue(md.contains("[full report](https://sd.example/r)"));
        assertTrue(md.contains("→ 500"));
        assertTrue(md.contains("<details><summary>Container log"), "details collapsed");
        // the evidence holds ``` — the fence must be longer so the block cannot end early
        assertTrue(md.contains("````text\n"), md);
        // in prose (not code blocks) HTML from the app is shown, not interpreted
        var r = failedCheck();
        var hostile = new Report(1, r.runId(), "<img src=x onerror=alert(1)>", r.environment(), r.verdict(), "<b>bold</b>\nsecond line", r.target(),
                r.startedAt(), r.finishedAt(), r.durationMs(), r.stages(), r.readiness(), r.checks(), r.log(), r.error(), null, null, null, null, null, null); // performance, flows, assets, lint
        String prose = new MarkdownRenderer(null).render(hostile);
        assertTrue(prose.contains("**&lt;b&gt;bold&lt;/b&gt; second line**"), prose);
        assertFalse(prose.contains("<img"), prose);
    }

    @Test
    void htmlIsSelfContainedAndEscapesEvidence() {
        String html = new HtmlRenderer(null).render(failedCheck());
        ReportSchemas.assertSelfContainedHtml(html);
        assertFalse(html.contains("<script>alert"), "evidence escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("<div class=\"banner FAILED\" id=\"summary\">"));
        assertTrue(html.contains("expected status 200, got 500"));
    }
}
