package io.shakedown.engine;

import io.shakedown.perf.PerformanceRunner;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.KeptBodies;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.Report;
import io.shakedown.rules.EarlyImageReads;
import io.shakedown.rules.RuntimeReads;
import io.shakedown.run.RunContext;
import io.shakedown.run.RunEvent;
import io.shakedown.run.RunListener;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One run in progress: what the stages share and hand on to each other. Confined to the run's thread. */
final class RunState {
    final ValidationSpec spec;
    final RunContext ctx;
    final RunRecorder recorder;
    final HttpProbe http;
    /** The whole bodies behind the checks' and flow steps' excerpts, kept only when the contract stage will judge them. */
    final KeptBodies bodies;

    TargetRuntime.PreparedImage image;
    /** Every image this run prepared (its own, an A/B baseline's): the cleanup releases them. Added from the run's threads. */
    final List<TargetRuntime.PreparedImage> images;
    /** What the cleanup releases: the app's images and those of its services and jobs. */
    List<TargetRuntime.PreparedImage> imagesUsed() {
        var used = new ArrayList<>(images);
        if (environment != null) used.addAll(environment.images());
        return used;
    }

    /** The run's network with its services and jobs (null when the spec declares none). */
    TargetRuntime.RunEnvironment environment;
    final List<ServiceRun> services = new ArrayList<>();
    /** Race mode: completes when every service's readiness is known. */
    CompletableFuture<Void> servicesReady;
    /** When the app's container was started (System.nanoTime), 0 before. */
    long appStartedNanos;
    /** When the app's readiness ended, ready or not (System.nanoTime), 0 before. */
    long readinessEndedNanos;
    /** A failure that ends the run as FAILED before the app gets its turn (an init job that did not exit 0). */
    String blockingFailure;
    TargetRuntime.StartableTarget container;
    /** The stage in progress (read by the run's deadline timer). */
    volatile String stage;
    /** The app under test: the started container or the URL; null until then. */
    RunningTarget target;
    ReadinessWaiter.Outcome readiness;
    PerformanceRunner.Outcome performance;
    /** The run's Chromium, started ahead of the browser stage (BrowserStage#startEarly) or by it; null: none. */
    io.shakedown.browser.BrowserLaunch browserLaunch;
    /** Whether BrowserStage#startEarly has decided (started one, or found that the run will not need one yet). */
    boolean browserLaunchDecided;
    /** The pages the browser stage opens (decided when it asks whether it applies); null until then. */
    List<String> browserPages;
    /** The rules' image evidence, read in the background from the app's start on (null until then, and without a container). */
    EarlyImageReads imageReads;
    /** The app's main process and sockets for the rules; the process begun when readiness passed (null: the rules stage begins both). */
    RuntimeReads runtimeReads;
    /** Unwaived rule findings at or above the spec's rules.failOn. */
    List<Report.Finding> failingFindings = List.of();

    RunState(ValidationSpec spec, RunContext ctx, RunRecorder recorder, HttpProbe http) {
        this(spec, ctx, recorder, http, new CopyOnWriteArrayList<>());
    }

    private RunState(ValidationSpec spec, RunContext ctx, RunRecorder recorder, HttpProbe http, List<TargetRuntime.PreparedImage> images) {
        this.spec = spec;
        this.ctx = ctx;
        this.recorder = recorder;
        this.http = http;
        this.bodies = spec.contract() == null ? KeptBodies.NONE : new KeptBodies(KeptBodies.DEFAULT_MAX_BYTES);
        this.images = images;
    }

    /**
     * The A/B baseline as a run of its own for the stages that bring an app up (image, create, start, readiness): the
     * spec's target with the older image — env, command, limits and readiness as written, resolved the same way — in
     * this run's environment beside its services, under its cancel switch and secrets. Its images are released with
     * this run's; its recorder is its own (its readiness is not the run's) and its events are the performance stage's
     * log lines, marked "baseline".
     */
    RunState baseline(String image) {
        RunListener listener = e -> {
            if (e.message() != null) ctx.listener().onEvent(RunEvent.of("log", "performance", null,
                    "baseline | " + (e.type().equals("log") ? "" : e.type() + ": ") + e.message()));
        };
        var baselineCtx = new RunContext(ctx.runId(), listener, ctx.cancellation(), ctx.secrets());
        var baselineSpec = spec.withTarget(spec.target().withImage(image));
        var baseline = new RunState(baselineSpec, baselineCtx, new RunRecorder(baselineSpec, baselineCtx, recorder.redactor()), http, images);
        baseline.environment = environment;
        baseline.services.addAll(services);
        return baseline;
    }

    boolean ready() {
        return readiness == ReadinessWaiter.Outcome.READY;
    }

    boolean readinessFailed() {
        return readiness != null && readiness != ReadinessWaiter.Outcome.READY;
    }

    /** The ERROR summary of a service that stopped mid-run (the first one), or null. */
    String serviceDeath() {
        return services.stream().map(ServiceRun::deathSummary).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    boolean cancelled() {
        return ctx.cancellation().isCancelled() || readiness == ReadinessWaiter.Outcome.CANCELLED;
    }
}
