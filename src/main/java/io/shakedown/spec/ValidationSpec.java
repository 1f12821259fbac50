package io.shakedown.spec;

import java.util.List;
import java.util.Map;

/**
 * A parsed, validated shakedown spec: what to start and what to prove about it.
 * Built only by {@link SpecParser}, so every instance is already checked and has its defaults filled in.
 * {@code secrets} are the declared secret names (values come from the caller); {@code lint} holds the
 * warnings about gates that cannot fail (with {@code strict} they are errors instead, and the spec is refused).
 */
public record ValidationSpec(
        int version,
        String app,
        String environment,
        TargetSpec target,
        ReadinessSpec readiness,
        List<CheckSpec> checks,
        Settings settings,
        RulesSpec rules,
        PerformanceSpec performance,
        List<String> secrets,
        List<FlowSpec> flows,
        AssetsSpec assets,
        boolean strict,
        List<SpecError> lint) {

    /** Engine knobs that are not about the app. */
    public record Settings(int parallelism) {
        public static final int DEFAULT_PARALLELISM = 4;
    }

    /**
     * How rule findings (validator-rules/, docs/rules.md) affect the verdict: findings at or above
     * {@code failOn} fail the run; a waived rule is still reported, with its reason, but never fails it.
     */
    public record RulesSpec(FailOn failOn, Map<String, String> waivers) {
        public enum FailOn { ERROR, WARNING, NEVER }

        public static final RulesSpec DEFAULT = new RulesSpec(FailOn.ERROR, Map.of());
    }
}
