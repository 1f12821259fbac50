package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleSet;
import io.shakedown.spec.SpecParser;
import io.shakedown.support.ExampleImages;
import java.nio.file.Files;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance examples through the engine, on real containers with the real forked Gatling runner:
 * a slow app fails its p95 threshold; perf-app 2.0 (2× slower) fails regression against 1.0 in
 * history mode and in A/B mode; 1.0 against itself passes. Load is cut to 2 s (1 s warm-up) to keep CI short.
 */
class PerformanceExamplesTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.shakedown.support.NoContainerLeftBehind DOCKER = new io.shakedown.support.NoContainerLeftBehind("perf-test");
    static final EngineSettings SETTINGS = DOCKER.settings();

    @TempDir Path work;

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    Report run(String file, BaselineStore store) throws Exception {
        String text = Files.readString(Path.of("examples", "perf-app", file))
                .replace("duration: 3s", "duration: 2s").replace("warmUp: 2s", "warmUp: 1s")
                .replace("warmUp: 1s\n", "warmUp: 1s\n      samples: 2\n");
        return runSpec(text, new PerfSettings(Optional.empty(), "256m", work.resolve("perf"), store));
    }

    Report runSpec(String text, PerfSettings settings) throws Exception {
        try (var engine = new ValidationEngine(SETTINGS, RuleSet.builtIn(), settings)) {
            Report report = engine.run(new SpecParser().parse(text), new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation()));
            io.shakedown.report.ReportSchemas.assertEveryFormatValid(report); // every format; the HTML file has every section
            return report;
        }
    }

    static Report.PerfScenario browse(Report report) {
        assertNotNull(report.performance(), report.summary());
        return report.performance().scenarios().getFirst();
    }

    static Report.PerfRule rule(List<Report.PerfRule> rules, String metric) {
        return rules.stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow(() -> new AssertionError("no rule " + metric + " in " + rules));
    }

    @Test
    void slowAppFailsItsP95Threshold() throws Exception {
        Report report = run("slow.yml", BaselineStore.NONE);
        assertEquals(Verdict.FAILED, report.verdict(), report.summary());
        var s = browse(report);
        var p95 = rule(s.thresholds(), "p95");
        assertFalse(p95.passed());
        assertTrue(s.figures().p95() >= 250, "each request waits 250 ms: " + s.figures());
        assertTrue(rule(s.thresholds(), "errorRate").passed());
        assertTrue(report.summary().contains("p95"), report.summary());
        assertTrue(Files.exists(work.resolve("perf").resolve(report.runId()).resolve(s.htmlReport())), "Gatling's HTML report is kept: " + s.htmlReport());
        assertEquals(StageStatus.FAILED, report.stages().stream().filter(st -> st.name().equals("performance")).findFirst().orElseThrow().status());
        // 10 requests a second asked and served: the throughput is the load asked, not a capacity; nothing to bound
        assertNotNull(s.generator(), "the generator's CPU is measured");
        assertFalse(s.generator().lowerBound(), s.generator().toString());
    }

    @Test
    void aGeneratorThatSetsThePaceMakesTheThroughputALowerBound() throws Exception {
        // 32 users sending back to back to an endpoint far cheaper per request than Gatling (a Vert.x event loop with a
        // fixed answer, no container or proxy in between), the generator pinned to one CPU: Gatling runs out of CPU
        // before the server does, so the throughput is the generator's, not the app's. (An app container behind
        // docker-proxy needs more CPU per request than the generator does since the runner got cheaper per request,
        // so it would be the limit itself; see docs/performance.md, perf fidelity.)
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(r -> r.response().putHeader("content-type", "application/json").end("{\"items\":[]}"))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String spec = """
                    app: fast-endpoint
                    environment: ci
                    target: { url: "http://127.0.0.1:%d" }
                    performance:
                      scenarios:
                        - name: browse
                          requests: [ { request: { path: /api/items } } ]
                          load: { users: 32, duration: 2s }
                          warmUp: 1s
                    """.formatted(server.actualPort());
            Report report = runSpec(spec, new PerfSettings(Optional.empty(), "256m", work.resolve("perf"), BaselineStore.NONE, Optional.of("0")));
            var s = browse(report);
            assertNotNull(s.generator(), report.summary());
            assertEquals(1, s.generator().generatorCpus(), "taskset -c 0: the runner sees one CPU");
            assertTrue(s.generator().lowerBound(), "the generator's CPU (or the CPU it shares with the app) was the limit: " + s.generator());
            assertTrue(s.generator().note().contains("lower bound"), s.generator().note());
            assertTrue(io.shakedown.report.ReportFormat.MARKDOWN.render(report, io.shakedown.report.ReportFormat.RenderOptions.none())
                    .contains("throughput is a lower bound"), "the summary says so");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void v2FailsRegressionAgainstTheHistoryOfV1() throws Exception {
        var store = new FileBaselineStore(work.resolve("baselines.json"));
        Report v1 = run("shakedown.yml", store);
        assertEquals(Verdict.PASSED, v1.verdict(), v1.summary());
        var first = browse(v1);
        assertEquals(1, first.regressions().size(), "first run: no baseline yet, said so");
        assertEquals("none yet", first.regressions().getFirst().actual());
        assertEquals(2, first.samples().size(), "two samples, median taken");
        assertEquals(1, store.baselineSamples("cli-run", "perf-app", "ci", "browse", 5).size(), "a passing run joins the history");

        Report v2 = run("v2-history.yml", store);
        assertEquals(Verdict.FAILED, v2.verdict(), v2.summary());
        var s = browse(v2);
        assertEquals("history", s.baseline().source());
        assertFalse(rule(s.regressions(), "p50").passed(), s.regressions().toString());
        assertFalse(rule(s.regressions(), "mean").passed(), s.regressions().toString());
        assertTrue(rule(s.thresholds(), "p95").passed(), "2.0 is slower but still within the absolute threshold");
        assertEquals(1, store.baselineSamples("cli-run", "perf-app", "ci", "browse", 5).size(), "a failed run does not join the history");
    }

    @Test
    void abModeCatchesV2AndPassesV1AgainstItself() throws Exception {
        Report v2 = run("v2-ab.yml", BaselineStore.NONE);
        assertEquals(Verdict.FAILED, v2.verdict(), v2.summary());
        var s = browse(v2);
        assertEquals("image", s.baseline().source());
        assertEquals(2, s.pairs().size());
        var p50 = rule(s.regressions(), "p50");
        assertFalse(p50.passed(), p50.toString());
        s.pairs().forEach(p -> assertTrue(p.candidate().mean() > p.baseline().mean(), "2.0 slower in every pair: " + p));

        Report self = run("self-ab.yml", BaselineStore.NONE);
        assertEquals(Verdict.PASSED, self.verdict(), self.summary() + " " + browse(self).regressions());
        assertEquals(2, browse(self).pairs().size());
    }
}
