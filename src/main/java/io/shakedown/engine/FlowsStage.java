package io.shakedown.engine;

import io.shakedown.flow.FlowRunner;

/** The declared user flows (multi-step, with captures), after the checks whatever they found. */
final class FlowsStage implements Stage {

    @Override
    public String name() {
        return "flows";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return !run.spec.flows().isEmpty();
    }

    @Override
    public String skipReason(RunState run) {
        return run.readinessFailed() ? "not ready" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var spec = run.spec;
        var flows = new FlowRunner(run.http, run.ctx.secrets(), run.recorder.redactor(), run.bodies).run(spec.flows(), run.target.baseUrl(),
                spec.settings().parallelism(), run.ctx.cancellation(), run.recorder::flowFinished);
        run.recorder.flows(flows);
        return Result.counted(RunRecorder.failedFlows(flows), flows.size());
    }
}
