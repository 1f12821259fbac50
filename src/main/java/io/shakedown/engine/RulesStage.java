package io.shakedown.engine;

import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.rules.ImageReads;
import io.shakedown.rules.RuleEngine;
import io.shakedown.rules.RuleInputs;
import io.shakedown.rules.PendingRuleSet;
import io.shakedown.rules.RuleSet;

/**
 * Framework detection and the gotcha rules of validator-rules/ (docs/rules.md), against the image, the log,
 * HTTP (passive, plus the rules' own probes on a ready app) and runtime state. Runs after the checks, so their
 * responses are evidence too, and also after a failed readiness: then the diagnosis cites the rule that
 * explains it. Not when the container was removed under the run (nothing left to look at).
 */
final class RulesStage implements Stage {
    private final PendingRuleSet rules;

    RulesStage(PendingRuleSet rules) {
        this.rules = rules;
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return !(run.readinessFailed() && run.recorder.diagnosisKind() != null && run.recorder.diagnosisKind().notTheAppsFault());
    }

    @Override
    public Result execute(RunState run) {
        var target = run.target;
        var recorder = run.recorder;
        boolean ready = run.ready();
        // the image's side, read since the app started when it could be (run.imageReads), else read now
        if (run.imageReads != null) run.imageReads.stop(); // from here on the stage reads what it needs, nothing more
        var image = run.imageReads != null ? run.imageReads.reads() : new ImageReads(target.evidence().orElse(null));
        // the main process and sockets: begun when readiness passed, else from here on
        var evidence = new RuleInputs(image, target, ready, recorder.checkResults(), run.http.client(), run.spec.settings().parallelism(), run.runtimeReads);
        RuleSet rules = this.rules.get(); // loading since the container was created (a URL target: since readiness began)
        var outcome = new RuleEngine(rules).evaluate(evidence, run.spec.rules());
        if (run.imageReads != null) run.imageReads.close(); // a read in flight it did not need: its time is this stage's
        recorder.rules(outcome.framework(), outcome.findings());
        if (!ready && recorder.diagnosisKind() != null) {
            outcome.findings().stream()
                    .filter(f -> !f.waived() && rules.rule(f.ruleId()) != null && rules.rule(f.ruleId()).explains().contains(recorder.diagnosisKind()))
                    .findFirst().ifPresent(recorder::citeRule);
        }
        run.failingFindings = outcome.findings().stream().filter(Report.Finding::failsRun).toList();
        return new Result(run.failingFindings.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, RuleEngine.describe(outcome) + target.unavailableEvidence().map(u -> "; " + u).orElse(""));
    }
}
