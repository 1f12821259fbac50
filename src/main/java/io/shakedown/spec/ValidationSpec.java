package io.shakedown.spec;

import java.util.List;

/**
 * A parsed, validated shakedown spec: what to start and what to prove about it.
 * Built only by {@link SpecParser}, so every instance is already checked and has its defaults filled in.
 */
public record ValidationSpec(
        int version,
        String app,
        String environment,
        TargetSpec target,
        ReadinessSpec readiness,
        List<CheckSpec> checks,
        Settings settings,
        PerformanceSpec performance) {

    /** Engine knobs that are not about the app. */
    public record Settings(int parallelism) {
        public static final int DEFAULT_PARALLELISM = 4;
    }
}
