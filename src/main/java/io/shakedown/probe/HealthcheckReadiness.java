package io.shakedown.probe;

import io.shakedown.target.RunningTarget;
import java.time.Duration;

/** Ready when the image's own HEALTHCHECK says healthy. */
public final class HealthcheckReadiness implements ReadinessProbe {

    @Override
    public String describe() {
        return "healthcheck";
    }

    @Override
    public Attempt attempt(RunningTarget target, Duration budget) {
        return target.healthStatus()
                .map(status -> "healthy".equals(status) ? Attempt.ready("HEALTHCHECK reports healthy")
                        : Attempt.notYet("HEALTHCHECK reports " + status))
                .orElse(Attempt.notYet("the image declares no HEALTHCHECK"));
    }
}
