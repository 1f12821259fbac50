package io.shakedown.engine;

import io.shakedown.contract.ContractRunner;
import io.shakedown.report.Report;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app held to its own OpenAPI document (when the spec has {@code contract:}): after the checks and flows, so
 * their answers are judged too and the values the flows captured can fill parameters.
 */
final class ContractStage implements Stage {

    @Override
    public String name() {
        return "contract";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return run.spec.contract() != null;
    }

    @Override
    public String skipReason(RunState run) {
        return run.readinessFailed() ? "not ready" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var flows = run.recorder.flowResults();
        var contract = new ContractRunner(run.http).run(run.spec.contract(), run.target.baseUrl(), run.ctx.secrets(), captured(flows),
                run.recorder.checkResults(), flows, run.bodies, run.ctx.cancellation());
        run.recorder.contract(contract);
        return new Result(contract.status(), contract.failure() != null ? contract.failure() : RunRecorder.contractSummary(contract));
    }

    /** What the flows captured, by name; a value the report abbreviated is left out (it is not the value). */
    private static Map<String, String> captured(java.util.List<Report.FlowResult> flows) {
        var out = new LinkedHashMap<String, String>();
        for (Report.FlowResult f : flows) {
            if (f.steps() == null) continue;
            for (Report.StepResult s : f.steps()) {
                if (s.captured() != null) s.captured().forEach((k, v) -> { if (!v.endsWith("…")) out.put(k, v); });
            }
        }
        return out;
    }

    @Override
    public String cancelledSummary() {
        return "cancelled during contract checks";
    }
}
