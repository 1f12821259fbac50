package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated shakedown spec: what to start and what to prove about it.
 * Built by {@link SpecParser}, so every instance is already checked; absent fields get their defaults here.
 * {@code secrets} are the declared secret names (values come from the caller); {@code lint} holds the
 * warnings about gates that cannot fail (with {@code strict} they are errors instead, and the spec is refused).
 * {@code services} (in the order written) and {@code jobs} are started beside an image target on a network of the run's own.
 * {@code contract} is null when the spec has no {@code contract:} section (the contract stage does not run).
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
        BrowserSpec browser,
        Map<String, ServiceSpec> services,
        List<JobSpec> jobs,
        ContractSpec contract,
        boolean strict,
        List<DocumentError> lint) {

    public ValidationSpec {
        if (version == 0) version = 1;
        if (environment == null) environment = "default";
        if (readiness == null) readiness = new ReadinessSpec(List.of(new ReadinessSpec.Port()));
        checks = checks == null ? List.of() : List.copyOf(checks);
        if (settings == null) settings = new Settings(Settings.DEFAULT_PARALLELISM);
        if (rules == null) rules = RulesSpec.DEFAULT;
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        flows = flows == null ? List.of() : List.copyOf(flows);
        lint = lint == null ? List.of() : List.copyOf(lint);
        if (browser == null) browser = BrowserSpec.DEFAULT;
        services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** True when the run needs a network of its own: it declares services or init jobs. */
    public boolean hasEnvironment() {
        return !services.isEmpty() || !jobs.isEmpty();
    }

    /** The same spec with another target (the A/B baseline's: its older image, the rest as written). */
    public ValidationSpec withTarget(TargetSpec other) {
        return new ValidationSpec(version, app, environment, other, readiness, checks, settings, rules, performance,
                secrets, flows, assets, browser, services, jobs, contract, strict, lint);
    }

    /** The same spec with these lint warnings. */
    ValidationSpec withLint(List<DocumentError> warnings) {
        return new ValidationSpec(version, app, environment, target, readiness, checks, settings, rules, performance,
                secrets, flows, assets, browser, services, jobs, contract, strict, warnings);
    }

    /**
     * Engine knobs that are not about the app. {@code traceLink}: where a request's trace is seen, with {@code {traceId}}
     * in it (every request carries a W3C traceparent; the report links each request's trace id there); null: no link.
     */
    public record Settings(int parallelism, String traceLink) {
        public static final int DEFAULT_PARALLELISM = 4;

        public Settings(int parallelism) {
            this(parallelism, null);
        }

        public Settings {
            if (parallelism == 0) parallelism = DEFAULT_PARALLELISM;
        }
    }

    /**
     * How rule findings (validator-rules/, docs/rules.md) affect the verdict: findings at or above
     * {@code failOn} fail the run; a waived rule is still reported, with its reason, but never fails it.
     */
    public record RulesSpec(FailOn failOn, Map<String, String> waivers) {
        public enum FailOn { ERROR, WARNING, NEVER }

        public static final RulesSpec DEFAULT = new RulesSpec(FailOn.ERROR, Map.of());

        /** A waiver as written: {@code { rule: image-runs-as-root, reason: ... }}. */
        record Waiver(String rule, String reason) {}

        @JsonCreator
        static RulesSpec of(@JsonProperty("failOn") FailOn failOn, @JsonProperty("waive") List<Waiver> waive) {
            var waivers = new LinkedHashMap<String, String>();
            if (waive != null) waive.forEach(w -> waivers.put(w.rule(), w.reason()));
            return new RulesSpec(failOn == null ? FailOn.ERROR : failOn, Map.copyOf(waivers));
        }
    }
}
