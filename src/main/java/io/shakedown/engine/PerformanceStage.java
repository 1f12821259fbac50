package io.shakedown.engine;

import io.shakedown.perf.PerfSettings;
import io.shakedown.perf.PerformanceRunner;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetException;
import io.shakedown.target.TargetRuntime;

/**
 * Load scenarios (Gatling, forked) judged by thresholds and against a baseline: the stored history, or in A/B
 * mode an older image started next to the candidate. Only on a ready app whose checks, flows and assets passed.
 */
final class PerformanceStage implements Stage {
    private final TargetRuntime runtime;
    private final PerfSettings perfSettings;

    PerformanceStage(TargetRuntime runtime, PerfSettings perfSettings) {
        this.runtime = runtime;
        this.perfSettings = perfSettings;
    }

    @Override
    public String name() {
        return "performance";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return run.spec.performance() != null && !run.readinessFailed();
    }

    @Override
    public String skipReason(RunState run) {
        return run.recorder.failures() != null ? "checks, flows or assets failed" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var outcome = new PerformanceRunner(perfSettings).run(run.spec, run.target, run.ctx, image -> startBaseline(run, image));
        run.performance = outcome;
        run.recorder.performance(outcome.report());
        return new Result(outcome.report().status(), outcome.summary());
    }

    /** A/B mode: the baseline image, started like the candidate (same port, env, limits) and awaited the same way. */
    private RunningTarget startBaseline(RunState run, String image) throws InterruptedException {
        var spec = run.spec;
        TargetSpec t = spec.target();
        var baselineSpec = new TargetSpec(image, null, t.port(), t.env(), t.command(), t.resources(), t.startupTimeout(), t.pull(), t.waitForServices(), t.security());
        var prepared = runtime.prepare(baselineSpec);
        run.images.add(prepared);
        var container = runtime.create(spec.app(), baselineSpec, prepared, run.ctx);
        run.ctx.cancellation().onCancel(container::close);
        try {
            container.start();
            var ready = new ReadinessWaiter().await(ReadinessStage.probes(spec.readiness(), run.http), container,
                    t.startupTimeout(), run.ctx.cancellation());
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
}
