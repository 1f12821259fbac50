package io.shakedown.engine;

import io.shakedown.probe.HttpReadiness;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report;
import io.shakedown.report.SafeText;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunEvent;
import io.shakedown.secret.Redactor;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetRuntime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Times the stages of one run, tells the listener as they go, and assembles the report at the end.
 * Keeps {@link ValidationEngine#run} and the stages free of bookkeeping.
 */
final class RunRecorder {
    static final int LOG_TAIL_LINES = 200;

    /** A stage's body; may throw a TargetException (ERROR) or be interrupted. */
    @FunctionalInterface
    interface Body {
        Stage.Result run() throws InterruptedException;
    }

    private final ValidationSpec spec;
    private final RunContext ctx;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final List<Report.Stage> stages = new ArrayList<>();
    private Report.TargetInfo target;
    private Report.Readiness readiness;
    /** The readiness paths whose ready answer was an HTML page: pages the run got, like a check's HTML answer. */
    private List<String> readinessHtmlPages = List.of();
    private List<Report.CheckResult> checks;
    private Report.FrameworkReport framework;
    private List<Report.Finding> findings;
    private Report.Performance performance;
    private List<Report.FlowResult> flows;
    private Report.AssetsResult assets;
    private Report.BrowserResult browser;
    private TargetRuntime.RunEnvironment runEnvironment;
    private List<ServiceRun> services = List.of();
    private List<Report.JobResult> jobs = List.of();
    private boolean race;
    private String raceOutcome;
    private Report.Contract contract;
    private final Redactor redactor;
    /** The cleanup's last step: the images the policy says go (ValidationEngine wires the runtime's release). */
    private Supplier<List<String>> imageRelease = List::of;
    private volatile io.shakedown.browser.BrowserLaunch browserLaunch;
    /** The cleanup's first step: the run's background work stopped and awaited (ValidationEngine wires it). */
    private Runnable stopBackgroundWork = () -> { };

    /** The run's redactor: stages add the credentials they come across (a flow's bearer token) to it. */
    Redactor redactor() {
        return redactor;
    }

    /** {@code ctx}'s listener must already redact; {@code redactor} cleans the report. */
    RunRecorder(ValidationSpec spec, RunContext ctx, Redactor redactor) {
        this.spec = spec;
        this.ctx = ctx;
        this.redactor = redactor;
    }

    /** The run's browser (started early or by its stage): {@link #finish} closes it beside the container's removal. */
    void closeAtEnd(io.shakedown.browser.BrowserLaunch launch) {
        this.browserLaunch = launch;
    }

    void stopBeforeCleanup(Runnable stop) {
        this.stopBackgroundWork = stop;
    }

    void releaseImagesWith(Supplier<List<String>> release) {
        this.imageRelease = release;
    }

    /** Times a stage and reports its end: the body's result, or ERROR (CANCELLED when cancelled) if it throws. */
    Stage.Result stage(String name, Body body) throws InterruptedException {
        ctx.listener().onEvent(RunEvent.of("stage-started", name, null, null));
        long t0 = System.nanoTime();
        try {
            Stage.Result result = body.run();
            record(name, result.status(), t0, result.message());
            return result;
        } catch (InterruptedException | RuntimeException | StackOverflowError | LinkageError e) {
            record(name, ctx.cancellation().isCancelled() ? StageStatus.CANCELLED : StageStatus.ERROR, t0, describe(e));
            throw e;
        }
    }

    /** What went wrong, in words: the message of the exception or of its first cause that has one. */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) return c.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + " (no message; the log has the trace)";
    }

    void skip(String name, String why) {
        stages.add(new Report.Stage(name, StageStatus.SKIPPED, 0, why));
        ctx.listener().onEvent(RunEvent.of("stage-finished", name, StageStatus.SKIPPED.name(), why));
    }

    private void record(String name, StageStatus status, long t0, String message) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        stages.add(new Report.Stage(name, status, ms, message));
        ctx.listener().onEvent(RunEvent.of("stage-finished", name, status.name(), ms + " ms" + (message == null ? "" : " · " + message)));
    }

    void readiness(ReadinessWaiter.Result result, Report.Diagnosis diagnosis) {
        var outcomes = result.tallies().stream()
                .map(t -> new Report.StrategyOutcome(t.probe.describe(), t.ready, t.attempts, t.last == null ? null : t.last.outcome()))
                .toList();
        StageStatus status = switch (result.outcome()) {
            case READY -> StageStatus.PASSED;
            case CANCELLED -> StageStatus.CANCELLED;
            default -> StageStatus.FAILED;
        };
        this.readinessHtmlPages = result.tallies().stream()
                .filter(t -> t.ready && t.last != null && t.last.html() && t.probe instanceof HttpReadiness)
                .map(t -> ((HttpReadiness) t.probe).path()).toList();
        this.readiness = new Report.Readiness(status, result.elapsedMillis(),
                result.outcome() == ReadinessWaiter.Outcome.READY ? Instant.now() : null, outcomes, diagnosis);
        if (diagnosis != null) {
            ctx.listener().onEvent(RunEvent.of("diagnosis", "readiness", diagnosis.kind().name(), diagnosis.summary()));
        }
    }

    void checkFinished(Report.CheckResult result) {
        ctx.listener().onEvent(RunEvent.of("check-finished", "checks", result.status().name(),
                result.name() + (result.failure() == null ? " (" + result.durationMs() + " ms)" : ": " + result.failure())));
    }

    void checks(List<Report.CheckResult> results) {
        this.checks = results;
    }

    // ---- rules stage (issue 4)
    void rules(Report.FrameworkReport framework, List<Report.Finding> findings) {
        this.framework = framework;
        this.findings = findings;
        for (Report.Finding f : findings) {
            ctx.listener().onEvent(RunEvent.of("finding", "rules", f.severity().id(), (f.waived() ? "(waived) " : "") + f.ruleId() + ": " + f.message()));
        }
    }

    List<Report.CheckResult> checkResults() {
        return checks == null ? List.of() : checks;
    }

    /** Makes the readiness diagnosis cite the rule that explains it (its id and its first evidence). */
    void citeRule(Report.Finding finding) {
        if (readiness == null || readiness.diagnosis() == null) return;
        var d = readiness.diagnosis();
        var evidence = new ArrayList<>(d.evidence() == null ? List.<String>of() : d.evidence());
        evidence.add("rule " + finding.ruleId() + ": " + String.join("; ", finding.evidence()));
        String hint = d.hint() + " — rule " + finding.ruleId() + " (" + finding.title() + "): " + finding.fix();
        readiness = new Report.Readiness(readiness.status(), readiness.durationMs(), readiness.readyAt(), readiness.strategies(),
                new Report.Diagnosis(d.kind(), d.summary(), List.copyOf(evidence), hint, d.listening()));
    }

    void performance(Report.Performance performance) {
        this.performance = performance;
    }

    long failedChecks() {
        return checks == null ? 0 : failed(checks);
    }

    static long failed(List<Report.CheckResult> results) {
        return results.stream().filter(c -> c.status() != StageStatus.PASSED).count();
    }

    void flowFinished(Report.FlowResult result) {
        ctx.listener().onEvent(RunEvent.of("flow-finished", "flows", result.status().name(),
                result.name() + (result.failure() == null ? " (" + result.steps().size() + " steps, " + result.durationMs() + " ms)" : ": " + result.failure())));
    }

    void flows(List<Report.FlowResult> results) {
        this.flows = results;
    }

    /**
     * Paths of the HTML pages this run got with a 2xx GET: the readiness http path (when its ready answer was HTML),
     * checks and flow steps (the path as sent). The assets stage crawls them by default.
     */
    List<String> htmlPagesSeen() {
        var out = new LinkedHashSet<String>();
        // the readiness answers are known: a JSON /health is not fetched again after readiness to ask if it is a page
        if (readiness != null && readiness.status() == StageStatus.PASSED) out.addAll(readinessHtmlPages);
        if (checks != null) checks.forEach(c -> htmlPage(c.request(), c.response()).ifPresent(out::add));
        if (flows != null) flows.stream().filter(f -> f.steps() != null).forEach(f -> f.steps().forEach(st -> htmlPage(st.request(), st.response()).ifPresent(out::add)));
        return List.copyOf(out);
    }

    private static Optional<String> htmlPage(Report.RequestEvidence rq, Report.ResponseEvidence rs) {
        if (rq == null || rs == null || !"GET".equals(rq.method()) || rs.status() / 100 != 2 || rs.headers() == null) return Optional.empty();
        boolean html = rs.headers().entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("content-type")
                && h.getValue().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("text/html")));
        if (!html) return Optional.empty();
        try {
            URI u = URI.create(rq.url());
            return Optional.of(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The run's environment, removed at {@link #finish}; its services and jobs are reported from the lists as they are then. */
    void environment(TargetRuntime.RunEnvironment environment, List<ServiceRun> services, boolean race) {
        this.runEnvironment = environment;
        this.services = services;
        this.race = race;
    }

    void jobs(List<Report.JobResult> results) {
        this.jobs = results;
    }

    void raceOutcome(String outcome) {
        this.raceOutcome = outcome;
    }

    void assets(Report.AssetsResult result) {
        this.assets = result;
    }

    void browser(Report.BrowserResult result) {
        this.browser = result;
        for (Report.BrowserPage page : result.pages()) {
            ctx.listener().onEvent(RunEvent.of("page-finished", "browser", page.status().name(),
                    page.path() + (page.failure() == null ? " (settled in " + page.timings().settledMs() + " ms)" : ": " + page.failure())));
        }
        if (result.flows() != null) {
            for (Report.BrowserFlowResult flow : result.flows()) {
                ctx.listener().onEvent(RunEvent.of("flow-finished", "browser", flow.status().name(),
                        flow.name() + (flow.failure() == null ? " (" + flow.steps().size() + " steps, " + flow.durationMs() + " ms)" : ": " + flow.failure())));
            }
        }
    }

    List<Report.FlowResult> flowResults() {
        return flows == null ? List.of() : flows;
    }

    void contract(Report.Contract result) {
        this.contract = result;
        for (Report.ContractOperation op : result.operations()) {
            if (op.status() == StageStatus.PASSED && op.violations().isEmpty()) continue;
            String first = op.violations().stream().findFirst().map(v -> v.kind() + ": expected " + v.expected() + ", got " + v.actual()).orElse("");
            ctx.listener().onEvent(RunEvent.of("contract-operation", "contract", op.status().name(),
                    op.method() + " " + op.path() + " (" + op.origin() + "): " + first));
        }
    }

    /** "12 operation(s) conform; 3 skipped; OpenAPI 3.0.3 document /v3/api-docs". */
    static String contractSummary(Report.Contract c) {
        var doc = c.document();
        String where = doc == null || doc.location() == null ? "" : "; OpenAPI " + doc.openapiVersion() + " document " + doc.location()
                + ("discovered".equals(doc.source()) ? " (discovered)" : "");
        long warned = c.operations().stream().filter(o -> !o.violations().isEmpty()).count();
        return c.operations().size() + " exchange(s) conform" + (warned == 0 ? "" : " (" + warned + " with warnings)")
                + (c.skipped().isEmpty() ? "" : "; " + c.skipped().size() + " operation(s) skipped") + where;
    }

    static long failedFlows(List<Report.FlowResult> results) {
        return results.stream().filter(f -> f.status() != StageStatus.PASSED).count();
    }

    /** What failed among checks, flows, assets and the browser, for the summary; null when nothing did. */
    String failures() {
        var parts = new ArrayList<String>();
        long failedChecks = failedChecks();
        if (failedChecks > 0) parts.add(failedChecks + " of " + spec.checks().size() + " check(s) failed: " + firstFailure());
        if (flows != null && failedFlows(flows) > 0) {
            var first = flows.stream().filter(f -> f.status() != StageStatus.PASSED).findFirst().orElseThrow();
            parts.add(failedFlows(flows) + " of " + flows.size() + " flow(s) failed: " + first.name() + " — " + first.failure());
        }
        if (assets != null && assets.status() != StageStatus.PASSED) parts.add("assets: " + assets.failure());
        if (browser != null && browser.status() != StageStatus.PASSED) parts.add("browser: " + browser.failure());
        if (contract != null && contract.status() != StageStatus.PASSED) parts.add("contract: " + contract.failure());
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** What passed, for the summary of a PASSED run. */
    String passes() {
        var parts = new ArrayList<String>();
        if (!spec.checks().isEmpty() || (flows == null && assets == null && contract == null)) parts.add(spec.checks().size() + " check(s) passed");
        if (flows != null) parts.add(flows.size() + " flow(s) passed");
        if (assets != null) parts.add("assets OK");
        if (browser != null) parts.add(browser.pages().size() + " page(s)"
                + (browser.flows() == null ? "" : " and " + browser.flows().size() + " flow(s)") + " OK in the browser");
        if (contract != null) parts.add("contract: " + contract.operations().size() + " exchange(s) conform");
        return String.join(", ", parts);
    }

    DiagnosisKind diagnosisKind() {
        return readiness == null || readiness.diagnosis() == null ? null : readiness.diagnosis().kind();
    }

    String diagnosisOrNull() {
        return readiness == null || readiness.diagnosis() == null ? null : readiness.diagnosis().kind() + ": " + readiness.diagnosis().summary();
    }

    String firstFailure() {
        return checks.stream().filter(c -> c.status() != StageStatus.PASSED).findFirst()
                .map(c -> c.name() + " — " + c.failure()).orElse("");
    }

    long readinessMillis() {
        return readiness == null ? 0 : readiness.durationMs();
    }

    String diagnosisSummary() {
        return readiness == null || readiness.diagnosis() == null ? "unknown" : readiness.diagnosis().summary();
    }

    /** Cleans up (always), snapshots the log, and builds the report. */
    Report finish(Verdict verdict, String summary, RunningTarget running) {
        Report.ContainerLog log = null;
        long t0 = System.nanoTime();
        if (running != null) {
            target = running.info(); // the latest: a pod's address and image digest are known only once it runs
            var lines = running.log().tail(LOG_TAIL_LINES);
            long total = running.log().total();
            if (target.containerId() != null) log = new Report.ContainerLog(lines, total, total > lines.size());
        }
        stopBackgroundWork.run(); // nothing of the run reads its container while it is removed, nor after the verdict
        services.forEach(ServiceRun::endWatch); // from here on, a service stops because the cleanup removes it
        // snapshot before cleanup: the services' logs go with their containers
        Report.Dependencies dependencies = runEnvironment == null ? null : new Report.Dependencies(race,
                services.stream().map(ServiceRun::report).toList(), List.copyOf(jobs), raceOutcome);
        var browserToClose = browserLaunch;
        if (browserToClose != null) browserToClose.closeInBackground(); // a run that never reached the browser stage too
        if (running != null || runEnvironment != null) {
            t0 = System.nanoTime();
            ctx.listener().onEvent(RunEvent.of("stage-started", "cleanup", null, null));
            if (running != null) running.close();
            if (runEnvironment != null) runEnvironment.close(); // after the app: the network goes last
        }
        List<String> removedImages = imageRelease.get(); // also when the run ended before a container existed
        if (browserToClose != null) browserToClose.close(); // waits: no run reports before its browser and profile are gone
        if (running != null || runEnvironment != null || !removedImages.isEmpty()) {
            record("cleanup", StageStatus.PASSED, t0, removedImages.isEmpty() ? null
                    : "removed pulled image" + (removedImages.size() > 1 ? "s " : " ") + String.join(", ", removedImages));
        }
        Instant finishedAt = Instant.now();
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        String error = verdict == Verdict.ERROR ? summary : null;
        var lint = spec.lint().isEmpty() ? null
                : spec.lint().stream().map(w -> new Report.LintWarning(w.path(), w.message(), w.line())).toList();
        // cleaned after redaction, so secret values are still matched in the app's raw bytes
        var report = SafeText.clean(redactor.redact(new Report(Report.VERSION, ctx.runId(), spec.app(), spec.environment(), verdict, summary, target,
                startedAt, finishedAt, durationMs, List.copyOf(stages), readiness, checks, log, error, framework, findings,
                performance, flows, assets, lint, browser, dependencies, contract)));
        ctx.listener().onEvent(RunEvent.of("verdict", null, verdict.name(), summary));
        return report;
    }
}
