package io.shakedown.probe;

import io.shakedown.spec.ReadinessSpec;
import io.shakedown.target.RunningTarget;
import java.time.Duration;

/** Ready when enough container-log lines match the pattern. */
public final class LogReadiness implements ReadinessProbe {
    private final ReadinessSpec.Log spec;

    public LogReadiness(ReadinessSpec.Log spec) {
        this.spec = spec;
    }

    @Override
    public String describe() {
        return "log /" + spec.pattern().pattern() + "/" + (spec.times() > 1 ? " ×" + spec.times() : "");
    }

    @Override
    public Attempt attempt(RunningTarget target, Duration budget) {
        int seen = target.log().count(spec.pattern());
        String outcome = "log matched /" + spec.pattern().pattern() + "/ " + seen + " of " + spec.times() + " time(s)";
        return seen >= spec.times() ? Attempt.ready(outcome) : Attempt.notYet(outcome);
    }
}
