package io.shakedown.engine;

import io.shakedown.browser.BrowserChecker;
import io.shakedown.browser.BrowserSettings;
import io.shakedown.perf.PerfSettings;
import io.shakedown.probe.HttpProbe;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.rules.EarlyImageReads;
import io.shakedown.rules.ImageReads;
import io.shakedown.rules.PendingRuleSet;
import io.shakedown.rules.RuleSet;
import io.shakedown.rules.RuntimeReads;
import io.shakedown.run.Cancellation;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunEvent;
import io.shakedown.secret.Redactor;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.DockerRuntime;
import io.shakedown.target.TargetException;
import io.shakedown.target.TargetRuntime;
import io.shakedown.target.UrlTarget;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The validation pipeline: the stages of {@link #stages} in order, then the verdict.
 * <ol>
 *   <li><b>image</b> — the runtime (Docker engine or Kubernetes API) answers; the image can be used (pulled if absent and allowed)</li>
 *   <li><b>create</b> — the container is created the way production runs it, not started (with services or jobs: on a
 *   network of the run's own); the rules begin reading its image. Where creating starts it (a Kubernetes pod), this
 *   comes after the jobs instead</li>
 *   <li><b>services</b> — with services or jobs: the services started in parallel and ready (ERROR naming one that is not)</li>
 *   <li><b>jobs</b> — the init jobs, in order; each must exit 0 (FAILED naming the job, and the app is not started)</li>
 *   <li><b>start</b> — the container is started</li>
 *   <li><b>readiness</b> — every readiness probe passes; if not, the diagnosis says why</li>
 *   <li><b>services-ready</b> — race mode only: the services' readiness, awaited beside the app's, and how the race went</li>
 *   <li><b>checks</b> — the declared endpoint checks, in parallel, bounded</li>
 *   <li><b>flows</b> — the declared user flows (when there are any)</li>
 *   <li><b>contract</b> — the app held to its own OpenAPI document (when the spec has {@code contract:})</li>
 *   <li><b>assets</b> — static assets and the SPA fallback (when declared)</li>
 *   <li><b>browser</b> — the HTML pages in headless Chromium: exceptions, console errors, failed requests, blank pages</li>
 *   <li><b>performance</b> — load scenarios (Gatling, forked) judged by thresholds and against a baseline</li>
 *   <li><b>rules</b> — framework detection and the gotcha rules of validator-rules/ (also after a failed readiness)</li>
 *   <li><b>cleanup</b> — the container (and the services, jobs and network) removed, whatever happened before ({@link RunRecorder#finish})</li>
 * </ol>
 * A URL target skips image, create and start; a failed readiness skips checks, flows, assets, browser and performance.
 * Each stage decides its own skipping; the loop stops at cancellation, and any exception inside a stage becomes
 * that stage's ERROR and the run's, with the report of everything before it. Front doors (REST, command line)
 * only build a spec and call {@link #run}.
 */
public final class ValidationEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ValidationEngine.class);

    private final PendingRuleSet rules;
    private final PerfSettings perfSettings;
    private final TargetRuntime runtime;
    private final List<Stage> stages;
    /** The stage after which the container exists and its image can be read: create where it does not start it, else start. */
    private final Stage readImageAfter;
    private final BrowserChecker browser;
    private final BrowserStage browserStage;
    private volatile Duration runDeadlineCap = RunDeadline.DEFAULT_CAP;

    /** An engine with the built-in rule packs (validator-rules/). */
    public ValidationEngine(EngineSettings settings) {
        this(settings, RuleSet.builtIn(), PerfSettings.defaults());
    }

    public ValidationEngine(EngineSettings settings, RuleSet rules, PerfSettings perfSettings) {
        this(settings, PendingRuleSet.of(rules), perfSettings);
    }

    /** {@code rules} still loading, or not begun: the engine has them loaded while the app's container is created and starts. */
    public ValidationEngine(EngineSettings settings, PendingRuleSet rules, PerfSettings perfSettings) {
        this(rules, perfSettings, new DockerRuntime(settings), BrowserSettings.defaults(), UnaryOperator.identity());
    }

    /**
     * {@code runtime}: where images run (the service picks it from {@code shakedown.runtime}) with the engine settings
     * it was made with; the engine closes it.
     */
    public ValidationEngine(RuleSet rules, PerfSettings perfSettings, TargetRuntime runtime) {
        this(rules, perfSettings, runtime, BrowserSettings.defaults());
    }

    /** As above, with the browser stage's settings (the service's {@code shakedown.browser.*}). */
    public ValidationEngine(RuleSet rules, PerfSettings perfSettings, TargetRuntime runtime, BrowserSettings browserSettings) {
        this(rules, perfSettings, runtime, browserSettings, UnaryOperator.identity());
    }

    ValidationEngine(RuleSet rules, PerfSettings perfSettings, TargetRuntime runtime, UnaryOperator<List<Stage>> arrange) {
        this(rules, perfSettings, runtime, BrowserSettings.defaults(), arrange);
    }

    /** The stages in order, as {@code arrange} rearranges them (tests add a failing one). */
    ValidationEngine(RuleSet rules, PerfSettings perfSettings, TargetRuntime runtime, BrowserSettings browserSettings,
                     UnaryOperator<List<Stage>> arrange) {
        this(PendingRuleSet.of(rules), perfSettings, runtime, browserSettings, arrange);
    }

    private ValidationEngine(PendingRuleSet rules, PerfSettings perfSettings, TargetRuntime runtime, BrowserSettings browserSettings,
                             UnaryOperator<List<Stage>> arrange) {
        this.rules = rules;
        this.perfSettings = perfSettings;
        this.runtime = runtime;
        this.browser = new BrowserChecker(browserSettings);
        this.browserStage = new BrowserStage(browser);
        var image = new ImageStage(runtime);
        var create = new CreateStage(runtime);
        var start = new StartStage();
        var readiness = new ReadinessStage();
        var services = new ServicesStage(runtime);
        var jobs = new JobsStage();
        // the app's container before its services where creating does not start it: the rules read its image while
        // the services start, not while the app starts (that read took the app's CPU); a Kubernetes pod runs once created
        List<Stage> upToStart = runtime.createsStopped() ? List.of(image, create, services, jobs, start) : List.of(image, services, jobs, create, start);
        this.readImageAfter = runtime.createsStopped() ? create : start;
        this.stages = List.copyOf(arrange.apply(Stream.<Stage>concat(upToStart.stream(), Stream.of(readiness, new ServicesReadyStage(),
                new ChecksStage(), new FlowsStage(), new ContractStage(), new AssetsStage(), browserStage,
                // an A/B baseline is brought up by the very stages that brought up the candidate
                new PerformanceStage(perfSettings, List.of(image, create, start, readiness)), new RulesStage(rules))).toList()));
    }

    /** The longest any run may take, whatever its spec allows ({@code shakedown.run-deadline-max}). */
    public ValidationEngine capRunsAt(Duration cap) {
        this.runDeadlineCap = cap;
        return this;
    }

    public RuleSet rules() {
        return rules.get();
    }

    /** Runs the whole pipeline and always returns a report; it never throws. */
    public Report run(ValidationSpec spec, RunContext caller) {
        // secrets: every event and the report pass through the redactor; values live only in this run's memory
        var redactor = Redactor.of(caller.secrets().values());
        // the run's own switch: the caller's cancel, or the run's deadline
        var cancellation = new Cancellation();
        caller.cancellation().onCancel(cancellation::cancel);
        var ctx = new RunContext(caller.runId(), redactor.wrap(caller.listener()), cancellation, caller.secrets());
        spec.lint().forEach(w -> ctx.listener().onEvent(RunEvent.of("lint", null, "WARNING", w.toString())));
        var recorder = new RunRecorder(spec, ctx, redactor);
        var run = new RunState(spec, ctx, recorder, new HttpProbe(spec.settings().traceLink()));
        recorder.stopBeforeCleanup(() -> {
            if (run.imageReads != null) run.imageReads.close();
            if (run.runtimeReads != null) run.runtimeReads.await();
        });
        recorder.releaseImagesWith(() -> {
            var used = run.imagesUsed();
            return used.isEmpty() ? List.of() : runtime.release(ctx.runId(), used);
        });
        var deadline = RunDeadline.of(spec, runDeadlineCap, browser.settings());
        try {
            return run(run, deadline);
        } finally {
            deadline.disarm();
            if (run.browserLaunch != null) run.browserLaunch.close(); // done by the run's end already; a bug must not leak one
            if (run.imageReads != null) run.imageReads.close(); // likewise
            run.http.close(); // the report is built: nothing of the run sends another request
        }
    }

    private Report run(RunState run, RunDeadline deadline) {
        var spec = run.spec;
        var ctx = run.ctx;
        var recorder = run.recorder;
        run.http.warmUpInBackground(); // while the image is checked and the container starts
        List<String> missingSecrets = spec.secrets().stream().filter(n -> !ctx.secrets().containsKey(n)).toList();
        if (!missingSecrets.isEmpty()) {
            return recorder.finish(Verdict.ERROR, "no value for the secret(s) " + String.join(", ", missingSecrets)
                    + " declared in the spec; pass them (environment of shakedown validate, or secrets of the submission)", null);
        }
        if (!spec.target().isImage()) run.target = new UrlTarget(spec.target().url());
        for (Stage stage : stages) {
            browserStage.startEarly(run); // Chromium starts while the stages before its own run
            if (stage instanceof ReadinessStage) rules.loadInBackground(); // a URL target: while readiness polls
            if (!stage.appliesTo(run)) continue;
            run.stage = stage.name();
            if (!(stage instanceof ImageStage)) deadline.arm(ctx.cancellation(), () -> run.stage);
            String skip = stage.skipReason(run);
            if (skip != null) {
                recorder.skip(stage.name(), skip);
            } else {
                String error = execute(stage, run);
                String stopped = stoppedBy(run, deadline);
                if (error != null && stopped != null) return recorder.finish(Verdict.ERROR, stopped, run.target);
                if (error != null) {
                    return recorder.finish(run.cancelled() ? Verdict.CANCELLED : Verdict.ERROR,
                            run.cancelled() ? "cancelled" : error, run.target);
                }
            }
            if (stage == readImageAfter && run.container != null) readImageForRules(run);
            if (stage instanceof ReadinessStage && run.ready() && run.imageReads != null) readRuntimeForRules(run);
            String stopped = stoppedBy(run, deadline);
            if (stopped != null) return recorder.finish(Verdict.ERROR, stopped, run.target);
            if (run.cancelled()) return recorder.finish(Verdict.CANCELLED, stage.cancelledSummary(), run.target);
            if (run.blockingFailure != null) return recorder.finish(Verdict.FAILED, run.blockingFailure, run.target);
        }
        try {
            return verdict(run);
        } catch (RuntimeException e) {
            return recorder.finish(Verdict.ERROR, "Shakedown failed while judging the run: " + RunRecorder.describe(e), run.target);
        }
    }

    /**
     * From the moment the app's container exists (created: while its services start; else started: while readiness
     * polls), the image evidence the rules read (config, jars, config files) is read in the background; the rules stage
     * then only adds what needs the running app. Stopped at the cleanup.
     */
    private void readImageForRules(RunState run) {
        rules.loadInBackground(); // not before: until the container is created the run's own work needs the CPU
        run.container.evidence().ifPresent(evidence -> run.imageReads = EarlyImageReads.start(rules, new ImageReads(evidence), run.ctx.runId()));
    }

    /**
     * Once the app answers, its main process is read in the background for the rules: while the checks run, not after
     * the rules' probes. Awaited at the cleanup.
     */
    private void readRuntimeForRules(RunState run) {
        run.runtimeReads = new RuntimeReads(run.imageReads.reads(), run.target).beginMainProcess(rules.get());
    }

    /** Why the run was stopped from outside its stages (its deadline, a service that died mid-run), or null. */
    private static String stoppedBy(RunState run, RunDeadline deadline) {
        return deadline.expired() ? deadline.summary() : run.serviceDeath();
    }

    /** Runs one stage (timed and reported by the recorder); returns the run's ERROR summary if it threw, else null. */
    private String execute(Stage stage, RunState run) {
        try {
            run.recorder.stage(stage.name(), () -> stage.execute(run));
            return null;
        } catch (TargetException e) {
            return e.getMessage(); // Docker or the image: a message written for the user
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            if (!run.cancelled()) logBug(stage, run, e);
            return "Shakedown failed in the " + stage.name() + " stage: " + RunRecorder.describe(e);
        }
    }

    /** After the last stage: FAILED names what failed first (readiness, checks/flows/contract/assets, performance, rules). */
    private Report verdict(RunState run) {
        var recorder = run.recorder;
        if (run.readinessFailed()) {
            if (recorder.diagnosisKind() != null && recorder.diagnosisKind().notTheAppsFault()) {
                return recorder.finish(Verdict.ERROR, recorder.diagnosisSummary(), run.target);
            }
            return recorder.finish(Verdict.FAILED, "not ready: " + recorder.diagnosisSummary(), run.target);
        }
        List<Report.Finding> findings = run.failingFindings;
        String findingsNote = findings.isEmpty() ? "" : "; and " + findings.size() + " rule finding(s)";
        String failures = recorder.failures(); // checks, flows, assets
        if (failures != null) return recorder.finish(Verdict.FAILED, failures + findingsNote, run.target);
        var perf = run.performance;
        if (perf != null && perf.failed()) return recorder.finish(Verdict.FAILED, "performance: " + perf.summary() + findingsNote, run.target);
        if (!findings.isEmpty()) {
            var first = findings.getFirst();
            return recorder.finish(Verdict.FAILED, "rule " + first.ruleId() + ": " + first.message()
                    + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more failing finding(s))" : ""), run.target);
        }
        var passed = recorder.finish(Verdict.PASSED, "ready in " + recorder.readinessMillis() + " ms; " + recorder.passes()
                + (perf == null ? "" : "; performance within limits"), run.target);
        if (perf != null) recordBaselines(run);
        return passed;
    }

    /** Only a passing run becomes part of the history the next runs compare with. */
    private void recordBaselines(RunState run) {
        try {
            run.performance.figures().forEach((scenario, figures) ->
                    perfSettings.baselines().record(run.spec.app(), run.spec.environment(), scenario, run.ctx.runId(), figures));
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not record its performance figures as a baseline: %s", run.ctx.runId(), e.getMessage());
        }
    }

    private static void logBug(Stage stage, RunState run, Throwable e) {
        String runId = run.ctx.runId();
        if (run.recorder.redactor().isEmpty()) LOG.errorf(e, "run %s: Shakedown failed in the %s stage", runId, stage.name());
        else LOG.errorf("run %s: Shakedown failed in the %s stage: %s", runId, stage.name(),
                run.recorder.redactor().redact(e.toString())); // a trace could hold a value
    }

    /**
     * Stops and removes this installation's labelled containers (or pods) whose run id {@code isLive} rejects.
     * Returns how many were removed. Called at service start and periodically.
     */
    public int reapContainers(Predicate<String> isLive) {
        int browsers = browser.reap(isLive);
        if (browsers > 0) LOG.infof("removed %d browser(s) and profile(s) of runs no longer running", browsers);
        return runtime.reap(isLive);
    }

    /** Running containers (or pods) of this installation (apps under validation, baselines, helpers); -1 when the runtime does not answer. */
    public int containersAlive() {
        return runtime.alive();
    }

    /** Removes pulled images beyond the image policy that no queued or running run needs; returns how many. */
    public int sweepImages() {
        return runtime.sweepImages();
    }

    /** Free space of the runtime's data root (Docker's DockerRootDir); empty for Kubernetes. Throws TargetException. */
    public java.util.Optional<io.shakedown.target.EngineDisk.Free> dataRootFree() {
        return runtime.dataRootFree();
    }

    /** Pulled images this process removed (a counter). */
    public long imagesRemoved() {
        return runtime.imagesRemoved();
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
