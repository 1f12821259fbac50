package io.shakedown.engine;

import io.shakedown.run.RunEvent;
import io.shakedown.run.RunContext;
import io.shakedown.run.EngineSettings;
import io.shakedown.perf.PerfSettings;
import io.shakedown.perf.PerformanceStage;
import io.shakedown.assets.AssetChecker;
import io.shakedown.spec.AssetsSpec;
import io.shakedown.flow.FlowRunner;
import io.shakedown.flow.TemplateResolver;
import io.shakedown.probe.CheckRunner;
import io.shakedown.secret.Redactor;
import io.shakedown.spec.CheckSpec;
import io.shakedown.probe.HealthcheckReadiness;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.HttpReadiness;
import io.shakedown.probe.LogReadiness;
import io.shakedown.probe.PortReadiness;
import io.shakedown.probe.ReadinessDiagnoser;
import io.shakedown.probe.ReadinessProbe;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.report.Verdict;
import io.shakedown.rules.Evidence;
import io.shakedown.rules.RuleEngine;
import io.shakedown.rules.RuleSet;
import io.shakedown.rules.Severity;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.TargetSpec;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.ContainerTarget;
import io.shakedown.target.DockerRuntime;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetRuntime;
import io.shakedown.target.TargetException;
import io.shakedown.target.UrlTarget;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The validation pipeline, top to bottom in one place:
 * <ol>
 *   <li><b>image</b> — a Docker engine answers; the image is present (pulled if absent and allowed)</li>
 *   <li><b>start</b> — the container is created the way production runs it and started</li>
 *   <li><b>readiness</b> — every readiness probe passes; if not, the diagnosis says why</li>
 *   <li><b>checks</b> — the declared endpoint checks, in parallel, bounded</li>
 *   <li><b>performance</b> — load scenarios (Gatling, forked) judged by thresholds and against a baseline</li>
 *   <li><b>rules</b> — framework detection and the gotcha rules of validator-rules/ (also after a failed readiness)</li>
 *   <li><b>cleanup</b> — the container is stopped and removed, whatever happened before</li>
 * </ol>
 * A URL target skips image and start. Front doors (REST, command line) only build a spec and call {@link #run}.
 */
public final class ValidationEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ValidationEngine.class);

    private final EngineSettings settings;
    private final RuleSet rules;
    private final PerfSettings perfSettings;
    private final TargetRuntime runtime;

    /** An engine with the built-in rule packs (validator-rules/). */
    public ValidationEngine(EngineSettings settings) {
        this(settings, RuleSet.builtIn(), PerfSettings.defaults());
    }

    public ValidationEngine(EngineSettings settings, RuleSet rules) {
        this(settings, rules, PerfSettings.defaults());
    }

    public ValidationEngine(EngineSettings settings, PerfSettings perfSettings) {
        this(settings, RuleSet.builtIn(), perfSettings);
    }

    public ValidationEngine(EngineSettings settings, RuleSet rules, PerfSettings perfSettings) {
        this(settings, rules, perfSettings, new DockerRuntime(settings));
    }

    /** {@code runtime}: where images run (the service picks it from {@code shakedown.runtime}); the engine closes it. */
    public ValidationEngine(EngineSettings settings, RuleSet rules, PerfSettings perfSettings, TargetRuntime runtime) {
        this.settings = settings;
        this.rules = rules;
        this.perfSettings = perfSettings;
        this.runtime = runtime;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Runs the whole pipeline and always returns a report; it never throws for app or Docker problems. */
    public Report run(ValidationSpec spec, RunContext caller) {
        // secrets: every event and the report pass through the redactor; values live only in this run's memory
        var redactor = Redactor.of(caller.secrets().values());
        var ctx = new RunContext(caller.runId(), redactor.wrap(caller.listener()), caller.cancellation(), caller.secrets());
        var run = new RunRecorder(spec, ctx, redactor);
        RunningTarget target = null;
        HttpProbe http = new HttpProbe();
        http.warmUpInBackground(); // while the image is checked and the container starts
        try {
            List<String> missingSecrets = spec.secrets().stream().filter(n -> !ctx.secrets().containsKey(n)).toList();
            if (!missingSecrets.isEmpty()) {
                return run.finish(Verdict.ERROR, "no value for the secret(s) " + String.join(", ", missingSecrets)
                        + " declared in the spec; pass them (environment of shakedown validate, or secrets of the submission)", null);
            }
            if (spec.target().isImage()) {
                var image = run.stage("image", () -> runtime.prepare(spec.target()), prepared -> StageStatus.PASSED, TargetRuntime.PreparedImage::summary);
                var container = run.stage("create", () -> runtime.create(spec.app(), spec.target(), image, ctx));
                target = container;
                container.log().onLine(line -> ctx.listener().onEvent(RunEvent.of("log", "start", null, line)));
                ctx.cancellation().onCancel(container::close); // stop at once; in-flight requests fail fast
                run.stage("start", () -> {
                    container.start();
                    return container;
                });
            } else {
                target = new UrlTarget(spec.target().url());
                run.skip("image", "URL target: nothing to pull");
                run.skip("create", "URL target: no container");
                run.skip("start", "URL target: already running at " + spec.target().url());
            }
            run.target(target.info());
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled before readiness", target);

            RunningTarget t = target;
            var readiness = run.stage("readiness", () -> awaitReadiness(spec, t, http, ctx, run),
                    outcome -> switch (outcome) {
                        case READY -> StageStatus.PASSED;
                        case CANCELLED -> StageStatus.CANCELLED;
                        default -> StageStatus.FAILED;
                    },
                    outcome -> outcome == ReadinessWaiter.Outcome.READY ? null : run.diagnosisOrNull());
            if (readiness == ReadinessWaiter.Outcome.CANCELLED || ctx.cancellation().isCancelled()) {
                return run.finish(Verdict.CANCELLED, "cancelled during readiness", target);
            }
            if (readiness != ReadinessWaiter.Outcome.READY) {
                run.skip("checks", "not ready");
                if (!spec.flows().isEmpty()) run.skip("flows", "not ready");
                if (spec.assets() != null) run.skip("assets", "not ready");
                if (ReadinessDiagnoser.NOT_THE_APP.contains(run.diagnosisKind())) {
                    return run.finish(Verdict.ERROR, run.diagnosisSummary(), target);
                }
                runRules(spec, t, http, run, false); // ---- rules stage: image/log/runtime evidence explains the failure
                return run.finish(Verdict.FAILED, "not ready: " + run.diagnosisSummary(), target);
            }

            if (spec.checks().isEmpty()) {
                run.skip("checks", "no checks declared");
            } else {
                List<CheckSpec> checks = TemplateResolver.resolveChecks(spec.checks(), ctx.secrets());
                var results = run.stage("checks", () -> new CheckRunner(http).run(checks, t.baseUrl(),
                                spec.settings().parallelism(), ctx.cancellation(), run::checkFinished),
                        r -> RunRecorder.failed(r) == 0 ? StageStatus.PASSED : StageStatus.FAILED,
                        r -> RunRecorder.failed(r) == 0 ? r.size() + " passed" : RunRecorder.failed(r) + " of " + r.size() + " failed");
                run.checks(results);
            }
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during checks", target);

            // flows and assets (issue #3): after the checks, whatever they found, for the evidence
            if (!spec.flows().isEmpty()) {
                var flows = run.stage("flows", () -> new FlowRunner(http, ctx.secrets()).run(spec.flows(), t.baseUrl(),
                                spec.settings().parallelism(), ctx.cancellation(), run::flowFinished),
                        r -> RunRecorder.failedFlows(r) == 0 ? StageStatus.PASSED : StageStatus.FAILED,
                        r -> RunRecorder.failedFlows(r) == 0 ? r.size() + " passed" : RunRecorder.failedFlows(r) + " of " + r.size() + " failed");
                run.flows(flows);
                if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during flows", target);
            }
            AssetsSpec assetsSpec = spec.assets() == null ? AssetsSpec.SEEN_PAGES_ONLY : spec.assets();
            List<String> seenPages = assetsSpec.crawlsSeenPages() ? run.htmlPagesSeen() : List.of();
            if (assetsSpec.crawlsSeenPages() && (spec.assets() != null || !seenPages.isEmpty())) {
                var assets = run.stage("assets", () -> new AssetChecker(http).run(assetsSpec, seenPages, t.baseUrl(), ctx.cancellation()),
                        r -> r.status(), r -> r.failure());
                run.assets(assets);
                if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during asset checks", target);
            }
            // ---- performance (issue #5): load scenarios, thresholds, regression against a baseline ----
            PerformanceStage.Outcome perf = null;
            if (spec.performance() != null) {
                if (run.failures() != null) {
                    run.skip("performance", "checks, flows or assets failed");
                } else {
                    perf = run.stage("performance",
                            () -> new PerformanceStage(perfSettings).run(spec, t, ctx, image -> startBaseline(spec, image, http, ctx)),
                            o -> o.report().status(), PerformanceStage.Outcome::summary);
                    run.performance(perf.report());
                    if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during performance", target);
                }
            }
            // ---- end performance ----


            // ---- rules stage (framework gotchas, docs/rules.md): after checks so their responses are evidence too
            List<Report.Finding> failingFindings = runRules(spec, t, http, run, true);
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during rules", target);

            String findingsNote = failingFindings.isEmpty() ? "" : "; and " + failingFindings.size() + " rule finding(s)";
            String failures = run.failures(); // checks, flows, assets
            if (failures != null) {
                return run.finish(Verdict.FAILED, failures + findingsNote, target);
            }
            if (perf != null && perf.failed()) return run.finish(Verdict.FAILED, "performance: " + perf.summary() + findingsNote, target);
            if (!failingFindings.isEmpty()) {
                var first = failingFindings.getFirst();
                return run.finish(Verdict.FAILED, "rule " + first.ruleId() + ": " + first.message()
                        + (failingFindings.size() > 1 ? " (and " + (failingFindings.size() - 1) + " more failing finding(s))" : ""), target);
            }
            var passed = run.finish(Verdict.PASSED, "ready in " + run.readinessMillis() + " ms; " + run.passes()
                    + (perf == null ? "" : "; performance within limits"), target);
            if (perf != null) recordBaselines(spec, ctx, perf);
            return passed;
        } catch (TargetException e) {
            return run.finish(Verdict.ERROR, e.getMessage(), target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.finish(Verdict.ERROR, "interrupted", target);
        } catch (RuntimeException e) {
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled", target);
            if (redactor.isEmpty()) LOG.errorf(e, "run %s: internal error", ctx.runId());
            else LOG.errorf("run %s: internal error: %s", ctx.runId(), redactor.redact(e.toString())); // a trace could hold a value
            return run.finish(Verdict.ERROR, "internal error: " + e, target);
        }
    }

    /**
     * The rules stage: detects the framework and evaluates the gotcha rules against the image, the log,
     * HTTP (passive, plus the rules' own probes when {@code ready}) and runtime state. Records framework
     * and findings; when readiness failed, the diagnosis cites the rule that explains it. Returns the
     * unwaived findings at or above the spec's rules.failOn. Never fails the run by throwing.
     */
    private List<Report.Finding> runRules(ValidationSpec spec, RunningTarget target, HttpProbe http, RunRecorder run, boolean ready)
            throws InterruptedException {
        var failOn = spec.rules().failOn();
        var outcome = run.stage("rules", () -> {
                    ContainerTarget container = target instanceof ContainerTarget c ? c : null;
                    var evidence = new Evidence(container == null ? null : container.docker(), container == null ? null : container.containerId(),
                            target.info().imageId(), target, ready, run.checkResults(), http.client());
                    return new RuleEngine(rules).evaluate(evidence, spec.rules().waivers());
                },
                o -> failing(o.findings(), failOn).isEmpty() ? StageStatus.PASSED : StageStatus.FAILED,
                o -> RuleEngine.describe(o) + target.unavailableEvidence().map(u -> "; " + u).orElse(""));
        run.rules(outcome.framework(), outcome.findings());
        if (!ready && run.diagnosisKind() != null) {
            outcome.findings().stream()
                    .filter(f -> !f.waived() && rules.rule(f.ruleId()) != null && rules.rule(f.ruleId()).explains().contains(run.diagnosisKind()))
                    .findFirst().ifPresent(run::citeRule);
        }
        return failing(outcome.findings(), failOn);
    }

    private static List<Report.Finding> failing(List<Report.Finding> findings, ValidationSpec.RulesSpec.FailOn failOn) {
        if (failOn == ValidationSpec.RulesSpec.FailOn.NEVER) return List.of();
        Severity threshold = failOn == ValidationSpec.RulesSpec.FailOn.WARNING ? Severity.WARNING : Severity.ERROR;
        return findings.stream().filter(f -> !f.waived() && Severity.valueOf(f.severity().toUpperCase(java.util.Locale.ROOT)).atLeast(threshold)).toList();
    }

    /** A/B mode: the baseline image, started like the candidate (same port, env, limits) and awaited the same way. */
    private RunningTarget startBaseline(ValidationSpec spec, String image, HttpProbe http, RunContext ctx) throws InterruptedException {
        TargetSpec t = spec.target();
        var baselineSpec = new TargetSpec(image, null, t.port(), t.env(), t.command(), t.resources(), t.startupTimeout(), t.pull());
        var prepared = runtime.prepare(baselineSpec);
        var container = runtime.create(spec.app(), baselineSpec, prepared, ctx);
        ctx.cancellation().onCancel(container::close);
        try {
            container.start();
            List<ReadinessProbe> probes = spec.readiness().strategies().stream().map(s -> probe(s, http)).toList();
            var ready = new ReadinessWaiter().await(probes, container, t.startupTimeout(), ctx.cancellation());
            if (ready.outcome() != ReadinessWaiter.Outcome.READY) {
                throw new TargetException("the baseline image " + image + " did not become ready (" + ready.outcome()
                        + "); a side-by-side comparison needs both images running");
            }
            return container;
        } catch (RuntimeException | InterruptedException e) {
            container.close();
            throw e;
        }
    }

    /** Only a passing run becomes part of the history the next runs compare with. */
    private void recordBaselines(ValidationSpec spec, RunContext ctx, PerformanceStage.Outcome perf) {
        try {
            perf.figures().forEach((scenario, figures) ->
                    perfSettings.baselines().record(spec.app(), spec.environment(), scenario, ctx.runId(), figures));
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not record its performance figures as a baseline: %s", ctx.runId(), e.getMessage());
        }
    }

    private ReadinessWaiter.Outcome awaitReadiness(ValidationSpec spec, RunningTarget target, HttpProbe http,
                                                   RunContext ctx, RunRecorder run) throws InterruptedException {
        List<ReadinessProbe> probes = spec.readiness().strategies().stream().map(s -> probe(s, http)).toList();
        var result = new ReadinessWaiter().await(probes, target, spec.target().startupTimeout(), ctx.cancellation());
        Report.Diagnosis diagnosis = switch (result.outcome()) {
            case READY, CANCELLED -> null;
            case EXITED, TIMED_OUT, STUCK_ON_LOOPBACK, SETTLED_ON_OTHER_PORT -> new ReadinessDiagnoser().diagnose(result, target, spec.target());
        };
        run.readiness(result, diagnosis);
        run.target(target.info()); // a pod's address and image digest are known only once it runs
        return result.outcome();
    }

    private static ReadinessProbe probe(ReadinessSpec.Strategy strategy, HttpProbe http) {
        return switch (strategy) {
            case ReadinessSpec.Http h -> new HttpReadiness(h, http);
            case ReadinessSpec.Log l -> new LogReadiness(l);
            case ReadinessSpec.Port p -> new PortReadiness();
            case ReadinessSpec.Healthcheck h -> new HealthcheckReadiness();
        };
    }

    /**
     * Stops and removes this installation's labelled containers (or pods) whose run id {@code isLive} rejects.
     * Returns how many were removed. Called at service start and periodically.
     */
    public int reapContainers(Predicate<String> isLive) {
        return runtime.reap(isLive);
    }

    /** Running containers (or pods) of this installation (apps under validation, baselines, helpers); -1 when the runtime does not answer. */
    public int containersAlive() {
        return runtime.alive();
    }

    /** Throws TargetException with advice when the runtime (Docker engine or Kubernetes API) does not answer. */
    public void pingDocker() {
        runtime.ping();
    }

    /** "docker" or "kubernetes". */
    public String runtimeName() {
        return runtime.name();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
