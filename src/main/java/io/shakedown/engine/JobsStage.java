package io.shakedown.engine;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.EnvTemplates;
import io.shakedown.spec.JobSpec;
import io.shakedown.target.TargetRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The init jobs, in the order written, after the services are ready and before the app (docs/spec.md#jobs). Each
 * must exit 0; the first that does not (or runs past its timeout) FAILS the run naming it and its decisive log lines,
 * and the app is not started.
 */
final class JobsStage implements Stage {
    /** Lines that usually say why a migration or script failed. */
    private static final Pattern DECISIVE = Pattern.compile("(?i)\\b(error|fatal|failed|failure|exception|denied|refused|panic|invalid|not found|no such)\\b");
    private static final int QUOTED_LINES = 5;

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return !run.spec.jobs().isEmpty();
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var spec = run.spec;
        var ctx = run.ctx;
        var results = new ArrayList<Report.JobResult>();
        run.recorder.jobs(results);
        for (JobSpec declared : spec.jobs()) {
            JobSpec job = declared.with(EnvTemplates.resolve(declared.env(), ctx.secrets(), spec.services()),
                    EnvTemplates.resolve(declared.command(), ctx.secrets(), spec.services()));
            String image = job.image() != null ? job.image() : spec.target().image();
            TargetRuntime.JobOutcome outcome = run.environment.runJob(job, image, ctx.cancellation());
            var log = new Report.ContainerLog(outcome.logTail(), outcome.logLines(), outcome.logLines() > outcome.logTail().size());
            if (ctx.cancellation().isCancelled()) {
                results.add(new Report.JobResult(job.name(), image, StageStatus.CANCELLED, outcome.exitCode(), outcome.durationMs(), null, log));
                return new Result(StageStatus.CANCELLED, "cancelled during job " + job.name());
            }
            String failure = outcome.timedOut() ? "was still running after its timeout of " + job.timeout().toSeconds() + "s"
                    : outcome.exitCode() != 0 ? "exited with code " + outcome.exitCode() + " after " + outcome.durationMs() + " ms" : null;
            results.add(new Report.JobResult(job.name(), image, failure == null ? StageStatus.PASSED : StageStatus.FAILED,
                    outcome.exitCode(), outcome.durationMs(), failure, log));
            if (failure != null) {
                List<String> decisive = decisiveLines(outcome.logTail());
                run.blockingFailure = "job " + job.name() + " " + failure
                        + (decisive.isEmpty() ? " (it logged nothing)" : ": " + String.join(" | ", decisive));
                return new Result(StageStatus.FAILED, run.blockingFailure);
            }
        }
        return Result.passed(String.join(", ", results.stream().map(r -> r.name() + " exited 0 in " + r.durationMs() + " ms").toList()));
    }

    /** The log lines that say why: those naming an error (the last few), else the last lines. */
    static List<String> decisiveLines(List<String> tail) {
        var lines = tail.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        var telling = lines.stream().filter(l -> DECISIVE.matcher(l).find()).toList();
        var chosen = telling.isEmpty() ? lines : telling;
        return chosen.subList(Math.max(0, chosen.size() - QUOTED_LINES), chosen.size());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled while running the init jobs";
    }
}
