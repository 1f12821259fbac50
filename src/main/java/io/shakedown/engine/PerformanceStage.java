package io.shakedown.engine;

import io.shakedown.perf.PerfSettings;
import io.shakedown.perf.PerformanceRunner;
import io.shakedown.report.StageStatus;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetException;
import java.util.List;

/**
 * Load scenarios (Gatling, forked) judged by thresholds and against a baseline: the stored history, or in A/B
 * mode an older image started next to the candidate. Only on a ready app whose checks, flows and assets passed.
 */
final class PerformanceStage implements Stage {
    private final PerfSettings perfSettings;
    private final List<Stage> bringUp;

    /** {@code bringUp}: the stages that brought the candidate up (image, create, start, readiness), run again for an A/B baseline. */
    PerformanceStage(PerfSettings perfSettings, List<Stage> bringUp) {
        this.perfSettings = perfSettings;
        this.bringUp = List.copyOf(bringUp);
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

    /**
     * A/B mode: the baseline image brought up by the same stages as the candidate ({@link RunState#baseline}: same
     * port, env resolved the same way, limits, network and services, readiness). The runner closes what it returns.
     */
    private RunningTarget startBaseline(RunState run, String image) throws InterruptedException {
        var baseline = run.baseline(image);
        try {
            for (Stage stage : bringUp) {
                var result = stage.execute(baseline);
                if (result.status() != StageStatus.PASSED) {
                    throw new TargetException("the baseline image " + image + " did not become ready ("
                            + (result.message() == null ? result.status() : result.message())
                            + "); a side-by-side comparison needs both images running");
                }
            }
            return baseline.target;
        } catch (RuntimeException | InterruptedException e) {
            if (baseline.target != null) baseline.target.close();
            throw e;
        }
    }
}
