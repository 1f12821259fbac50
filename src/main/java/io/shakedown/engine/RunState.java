package io.shakedown.engine;

import io.shakedown.perf.PerformanceRunner;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.KeptBodies;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.Report;
import io.shakedown.run.RunContext;
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
    final List<TargetRuntime.PreparedImage> images = new CopyOnWriteArrayList<>();
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
    /** The pages the browser stage opens (decided when it asks whether it applies); null until then. */
    List<String> browserPages;
    /** Unwaived rule findings at or above the spec's rules.failOn. */
    List<Report.Finding> failingFindings = List.of();

    RunState(ValidationSpec spec, RunContext ctx, RunRecorder recorder, HttpProbe http) {
        this.spec = spec;
        this.ctx = ctx;
        this.recorder = recorder;
        this.http = http;
        this.bodies = spec.contract() == null ? KeptBodies.NONE : new KeptBodies(KeptBodies.DEFAULT_MAX_BYTES);
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
