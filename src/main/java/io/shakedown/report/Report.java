package io.shakedown.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report of one validation run: one documented JSON document (docs/report.md), versioned by
 * {@link #reportVersion}. Everything a person needs to see why a run ended as it did is in here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
        int reportVersion,
        String runId,
        String app,
        String environment,
        Verdict verdict,
        String summary,
        TargetInfo target,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        List<Stage> stages,
        Readiness readiness,
        List<CheckResult> checks,
        ContainerLog log,
        String error,
        FrameworkReport framework,
        List<Finding> findings,
        Performance performance,
        List<FlowResult> flows,
        AssetsResult assets,
        List<LintWarning> lint,
        BrowserResult browser,
        Dependencies dependencies,
        Contract contract) {

    public static final int VERSION = 1;

    /** A report without a browser section (the stage was off, skipped, or never reached), without services or jobs, and without a contract section. */
    public Report(int reportVersion, String runId, String app, String environment, Verdict verdict, String summary, TargetInfo target,
                  Instant startedAt, Instant finishedAt, long durationMs, List<Stage> stages, Readiness readiness, List<CheckResult> checks,
                  ContainerLog log, String error, FrameworkReport framework, List<Finding> findings, Performance performance,
                  List<FlowResult> flows, AssetsResult assets, List<LintWarning> lint) {
        this(reportVersion, runId, app, environment, verdict, summary, target, startedAt, finishedAt, durationMs, stages, readiness, checks,
                log, error, framework, findings, performance, flows, assets, lint, null, null);
    }

    /** A report without a contract section (the spec has no {@code contract:}). */
    public Report(int reportVersion, String runId, String app, String environment, Verdict verdict, String summary, TargetInfo target,
                  Instant startedAt, Instant finishedAt, long durationMs, List<Stage> stages, Readiness readiness, List<CheckResult> checks,
                  ContainerLog log, String error, FrameworkReport framework, List<Finding> findings, Performance performance,
                  List<FlowResult> flows, AssetsResult assets, List<LintWarning> lint, BrowserResult browser, Dependencies dependencies) {
        this(reportVersion, runId, app, environment, verdict, summary, target, startedAt, finishedAt, durationMs, stages, readiness, checks,
                log, error, framework, findings, performance, flows, assets, lint, browser, dependencies, null);
    }

    /**
     * What is kept when the full report cannot be stored: the verdict, the summary (with {@code why} appended),
     * the target and the stages; the evidence is dropped. Every string is {@link SafeText#clean}ed.
     */
    public Report reduced(String why) {
        String s = SafeText.clean((summary == null ? "" : summary + " — ") + "the full report could not be stored (" + why
                + "); this is a reduced report without evidence");
        List<Stage> st = stages == null ? null
                : stages.stream().map(x -> new Stage(x.name(), x.status(), x.durationMs(), SafeText.clean(x.message()))).toList();
        TargetInfo t = target == null ? null : new TargetInfo(target.kind(), SafeText.clean(target.image()), target.imageId(),
                target.containerId(), SafeText.clean(target.url()), target.port(), target.securityProfile());
        return new Report(reportVersion, runId, SafeText.clean(app), SafeText.clean(environment), verdict, s, t, startedAt, finishedAt,
                durationMs, st, null, null, null, SafeText.clean(error), null, null, null, null, null, null, null, null);
    }

    /**
     * The backing services and init jobs started beside the app (docs/report.md#dependencies); {@code race} when the
     * app started at the same time as its services, {@code raceOutcome} then says whether it waited/retried or crashed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dependencies(boolean race, List<ServiceResult> services, List<JobResult> jobs, String raceOutcome) {}

    /** A backing service: ready after {@code readyMs} from its start (null when it never was), and its log. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceResult(String name, String image, StageStatus status, Long readyMs, List<StrategyOutcome> strategies,
                                String failure, ContainerLog log) {}

    /** An init job: its exit code (null when it did not exit), how long it ran, why it failed, and its log. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobResult(String name, String image, StageStatus status, Long exitCode, long durationMs, String failure,
                            ContainerLog log) {}

    /** What was validated: the image (and the container made from it) or the URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetInfo(String kind, String image, String imageId, String containerId, String url, Integer port,
                             String securityProfile) {
        public TargetInfo(String kind, String image, String imageId, String containerId, String url, Integer port) {
            this(kind, image, imageId, containerId, url, port, null);
        }
    }

    /** One pipeline stage, timed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(String name, StageStatus status, long durationMs, String message) {}

    /** Readiness: how long it took, each strategy's last outcome and, on failure, the diagnosis. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Readiness(StageStatus status, long durationMs, Instant readyAt, List<StrategyOutcome> strategies, Diagnosis diagnosis) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StrategyOutcome(String strategy, boolean ready, int attempts, String lastOutcome) {}

    /**
     * Why readiness failed: a kind a program can switch on, a sentence a person reads, the evidence
     * behind it and what to do about it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Diagnosis(DiagnosisKind kind, String summary, List<String> evidence, String hint, List<Socket> listening) {}

    /** A listening socket seen inside the container. */
    public record Socket(String protocol, String address, int port) {
        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** One endpoint check with its evidence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckResult(
            String name,
            StageStatus status,
            long durationMs,
            RequestEvidence request,
            ResponseEvidence response,
            List<AssertionResult> assertions,
            String failure) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestEvidence(String method, String url, Map<String, String> headers, String bodyExcerpt, String traceId, String traceUrl) {
        public RequestEvidence(String method, String url, Map<String, String> headers, String bodyExcerpt) {
            this(method, url, headers, bodyExcerpt, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseEvidence(int status, Map<String, List<String>> headers, String bodyExcerpt, long bodyBytes, boolean bodyTruncated) {}

    /** One expectation: what was expected, what was found, whether it held. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssertionResult(String what, String expected, String actual, boolean passed) {}

    /** One user flow: its steps in order, the first failing one named; steps after it are SKIPPED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowResult(String name, StageStatus status, long durationMs, String failedStep, List<StepResult> steps, String failure) {}

    /**
     * One flow step with the same evidence as a check; {@code attempts} > 1 when transport errors were retried;
     * {@code captured} the values it captured (abbreviated).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepResult(
            int index,
            String name,
            StageStatus status,
            long durationMs,
            int attempts,
            RequestEvidence request,
            ResponseEvidence response,
            List<AssertionResult> assertions,
            Map<String, String> captured,
            String failure) {}

    /** Static assets and SPA routes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssetsResult(StageStatus status, List<PageResult> pages, List<SpaRouteResult> spaRoutes, String failure) {}

    /** A page and every same-origin asset it references. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageResult(String path, StageStatus status, Integer httpStatus, List<AssetResult> assets, String failure) {}

    /** {@code kind}: script, style, image, font, manifest, icon, preload. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssetResult(String url, String kind, Integer httpStatus, boolean ok, String problem) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpaRouteResult(String path, StageStatus status, Integer httpStatus, boolean sameAsShell, List<AssetResult> assets, String failure) {}

    /**
     * The browser stage: every page opened in headless Chromium ({@code chromium}: its version), each judged on its
     * own; {@code failure} names the first failing page and why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserResult(StageStatus status, String chromium, List<BrowserPage> pages, List<BrowserFlowResult> flows, String failure) {}

    /**
     * A browser flow: its steps in order (after the first failing one, SKIPPED); when it failed, {@code url},
     * {@code screenshot} and {@code domExcerpt} show the page at that moment. {@code traceId}: the trace every request the
     * flow's pages sent to the app belongs to ({@code traceUrl} where it is seen, from settings.traceLink).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserFlowResult(String name, StageStatus status, long durationMs, String failedStep, List<BrowserStepResult> steps,
                                    String url, String screenshot, String domExcerpt, String failure, String traceId, String traceUrl) {
        /** Without the screenshot's bytes (logs and test messages). */
        @Override
        public String toString() {
            return "BrowserFlowResult[name=" + name + ", status=" + status + ", failedStep=" + failedStep + ", steps=" + steps + ", url=" + url
                    + ", screenshot=" + (screenshot == null ? null : screenshot.length() + " chars") + ", failure=" + failure + "]";
        }
    }

    /** One browser step: {@code name} as {@code steps[i] click #submit}; {@code captured} what a capture step stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserStepResult(int index, String name, StageStatus status, long durationMs, Map<String, String> captured, String failure) {}

    /**
     * One page as a person sees it. {@code rendered}: the body shows text or media ({@code text} is the start of that
     * text); {@code problems} in the order they happened; {@code screenshot} a {@code data:image/jpeg;base64,...} URI of
     * the viewport once the page settled (or at the moment it failed). {@code traceId}: the trace the page load's requests
     * to the app carried (each its own traceparent in that trace), {@code traceUrl} where it is seen.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserPage(String path, String url, StageStatus status, Integer httpStatus, boolean rendered, String text,
                              BrowserTimings timings, List<BrowserProblem> problems, String screenshot, String failure,
                              String traceId, String traceUrl) {
        /** Without the screenshot's bytes (logs and test messages). */
        @Override
        public String toString() {
            return "BrowserPage[path=" + path + ", status=" + status + ", httpStatus=" + httpStatus + ", rendered=" + rendered + ", text=" + text
                    + ", timings=" + timings + ", problems=" + problems + ", screenshot=" + (screenshot == null ? null : screenshot.length() + " chars")
                    + ", failure=" + failure + "]";
        }
    }

    /**
     * Something the page did wrong. {@code kind}: exception (uncaught, or an unhandled rejection), console (an error or
     * warning the page logged), request (a failed request: {@code status} >= 400, or a network error / blocked
     * request in {@code message}), blank (nothing rendered), threshold (a timing over its limit). {@code severity} error
     * fails the page unless {@code waived} (browser.ignore matched); warning never does. {@code url}, {@code line},
     * {@code column}: where it came from (the script, or the request's URL).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserProblem(String kind, Severity severity, String message, String url, Integer line, Integer column,
                                 Integer status, boolean waived) {
        /**
         * One line a person reads: "Uncaught TypeError: x at http://host/app.js:3:9", "console error: x at ...",
         * "http://host/config.json answered 404 Not Found", or the message of a blank page or a threshold.
         */
        public String describe() {
            String where = url == null ? "" : " at " + url + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column));
            return switch (kind) {
                case "request" -> (url == null ? "a request" : url) + " " + message;
                case "console" -> "console " + severity.id() + ": " + message + where;
                case "exception" -> message + where;
                default -> message;
            };
        }
    }

    /**
     * Milliseconds from navigation start (Navigation Timing, Largest Contentful Paint), CLS as the Layout Instability
     * API sums it; null when the browser did not report it. {@code settledMs}: when the network had been idle long
     * enough after load; {@code networkIdle} false when it never was within the bound.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserTimings(Long ttfbMs, Long domContentLoadedMs, Long loadMs, Long lcpMs, Double cls, long settledMs, boolean networkIdle) {}

    /** A gate that cannot fail, found when the spec was read (with {@code strict: true} it is an error instead). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LintWarning(String path, String message, Integer line) {}

    /** The tail of the container log (a container target only). */
    public record ContainerLog(List<String> lines, long totalLines, boolean truncated) {}

    /** The frameworks recognised in the image, log and process (docs/rules.md), with the evidence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FrameworkReport(String summary, List<DetectedFramework> detected, ProbeBudget probes) {
        public FrameworkReport(String summary, List<DetectedFramework> detected) {
            this(summary, detected, null);
        }
    }

    /**
     * The rules' own HTTP probes of this run: how many were sent, the most a run sends and each one's timeout, and
     * how many more the rules wanted once the budget was spent (those conditions stayed unknown).
     */
    public record ProbeBudget(int sent, int max, long timeoutMs, int notSent) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DetectedFramework(String id, String name, String version, List<String> evidence) {}

    /**
     * One rule that fired (validator-rules/, docs/rules.md). {@code ruleId}, {@code severity} (error, warning,
     * info) and {@code helpUri} are stable so SARIF and dashboards can map them; a waived finding stays in
     * the report with the waiver's reason and does not fail the run. {@code failsRun}: this finding fails the run
     * (unwaived, at or above the spec's rules.failOn), decided once by the rules stage; every renderer reads it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(String ruleId, Severity severity, String title, String message, List<String> evidence, String fix,
                          String helpUri, Location location, boolean waived, String waiverReason, boolean failsRun) {}

    /**
     * Where a finding's first evidence is: {@code kind} file (path inside the image, "jar!/entry" inside a
     * jar, and line), log (line number in the container log), http (the request), image-config (the field
     * in {@code path}) or runtime.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String kind, String path, Integer line, String request) {}

    /**
     * The performance stage: each scenario's figures, every threshold and regression rule with actual
     * vs limit, the baseline compared with, and where Gatling's own HTML report is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Performance(StageStatus status, String baseline, String gatlingVersion, List<PerfScenario> scenarios) {}

    /**
     * One scenario. {@code figures} is the candidate's (the median over {@code samples} when there are
     * several); {@code htmlReport} is a path relative to the run's output (the CLI's --out folder, or
     * the service's /api/v1/validations/{id}/performance/ URL).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerfScenario(String name, StageStatus status, String load, PerfFigures figures, List<PerfFigures> samples,
                               PerfBaseline baseline, List<PerfRule> thresholds, List<PerfRule> regressions,
                               List<PerfPair> pairs, List<PerfError> errors, String htmlReport, String failure,
                               PerfGenerator generator) {

        public PerfScenario(String name, StageStatus status, String load, PerfFigures figures, List<PerfFigures> samples,
                            PerfBaseline baseline, List<PerfRule> thresholds, List<PerfRule> regressions,
                            List<PerfPair> pairs, List<PerfError> errors, String htmlReport, String failure) {
            this(name, status, load, figures, samples, baseline, thresholds, regressions, pairs, errors, htmlReport, failure, null);
        }

        /** Every rule the scenario was judged by: its thresholds, then its regression rules (not a field of the JSON). */
        public List<PerfRule> rules() {
            var rules = new ArrayList<PerfRule>();
            if (thresholds != null) rules.addAll(thresholds);
            if (regressions != null) rules.addAll(regressions);
            return rules;
        }
    }

    /**
     * What the CPUs did in the candidate's measured windows: the load generator's CPU ({@code generatorCores}, in cores,
     * of the {@code generatorCpus} it may use) and the whole machine's ({@code machineBusy}, a fraction of its
     * {@code machineCpus}; null where unknown). {@code lowerBound}: the generator or the machine's CPU set the pace, so
     * the throughput measured is a lower bound of what the app can serve; {@code note} says why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerfGenerator(double generatorCores, int generatorCpus, Double machineBusy, int machineCpus,
                                boolean lowerBound, String note) {}

    /** Figures of the measured window (ramp-up and warm-up excluded). Times in ms, throughput in requests/s. */
    public record PerfFigures(long count, long errors, double errorRate, int min, int mean, int p50, int p75, int p95,
                              int p99, int max, double throughput) {}

    /** What the regression rules compared with: {@code source} is pinned, history or image. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerfBaseline(String source, String description, PerfFigures figures, List<String> runIds) {}

    /** One threshold or regression rule: the limit, what was measured, and whether it held. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerfRule(String metric, String limit, String actual, boolean passed, String note) {}

    /** A/B mode: one pair, baseline image (A) then candidate (B), loaded one right after the other. */
    public record PerfPair(int pair, PerfFigures baseline, PerfFigures candidate) {}

    public record PerfError(String message, int count) {}

    /**
     * The contract stage (docs/report.md#contract): the OpenAPI document used (or where none was found), every operation
     * exercised with its violations, the operations skipped and why, and the budget spent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contract(StageStatus status, ContractDocument document, List<ContractOperation> operations,
                           List<SkippedOperation> skipped, ContractBudget budget, String failure) {}

    /**
     * {@code source}: app (a path on the app, named in the spec), discovered (a well-known path) or file (next to the
     * spec); {@code location} the path or file name, null when none was found ({@code tried} lists where it was looked
     * for); {@code problems} what the OpenAPI parser found wrong with it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractDocument(String source, String location, String openapiVersion, String title, String apiVersion,
                                   Integer operations, List<String> tried, List<String> problems) {}

    /**
     * One exchange held to the contract: the operation (method, documented path, operationId), where the request came
     * from ({@code origin}: contract, negative, check NAME, flow NAME step N), the evidence and every violation.
     * FAILED when a violation fails the run; warnings leave it PASSED.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractOperation(String method, String path, String operationId, String origin, StageStatus status,
                                    RequestEvidence request, ResponseEvidence response, List<ContractViolation> violations) {}

    /**
     * {@code kind}: server-error, status, content-type, schema, header, negative or transport; {@code severity} fail or
     * warn; {@code pointer} the JSON pointer in the body (schema violations).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractViolation(String kind, String severity, String pointer, String expected, String actual) {
        public boolean fails() {
            return "fail".equals(severity);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SkippedOperation(String method, String path, String operationId, String reason) {}

    /** The stage's bounds and what it used; {@code exhausted}: operations were left unexercised. */
    public record ContractBudget(int maxRequests, long maxMs, int requests, long usedMs, boolean exhausted) {}
}
