package io.shakedown.engine;

import io.shakedown.flow.TemplateResolver;
import io.shakedown.probe.CheckRunner;
import io.shakedown.spec.CheckSpec;
import java.util.List;

/** The declared endpoint checks, in parallel (bounded by settings.parallelism). */
final class ChecksStage implements Stage {

    @Override
    public String name() {
        return "checks";
    }

    @Override
    public String skipReason(RunState run) {
        if (run.readinessFailed()) return "not ready";
        return run.spec.checks().isEmpty() ? "no checks declared" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var spec = run.spec;
        List<CheckSpec> checks = TemplateResolver.resolveChecks(spec.checks(), run.ctx.secrets());
        var results = new CheckRunner(run.http, run.bodies).run(checks, run.target.baseUrl(), spec.settings().parallelism(),
                run.ctx.cancellation(), run.recorder::checkFinished);
        run.recorder.checks(results);
        return Result.counted(RunRecorder.failed(results), results.size());
    }
}
