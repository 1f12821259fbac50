package io.shakedown.engine;

import io.shakedown.browser.BrowserChecker;
import io.shakedown.browser.BrowserSettings;
import io.shakedown.contract.ContractRunner;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.FlowSpec;
import io.shakedown.spec.PerformanceSpec;
import io.shakedown.spec.Units;
import io.shakedown.spec.ValidationSpec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A run's own deadline: the time its spec allows (startup timeout, every check's and flow step's timeout, the
 * assets, {@code contract.budget} with the document's search, the browser stage's bound, every load scenario) plus a margin for the stages without a budget (create, start, rules, cleanup),
 * capped by the installation's ceiling. Each HTTP exchange has its own total deadline already; this one is what
 * guarantees that a run ends whatever hangs (a runtime call, a stage's loop) and that its slot comes back. The
 * clock starts after the image stage: a pull is paced by the registry, not by the spec.
 */
final class RunDeadline {
    /** For create, start, rules, cleanup and the stages that declare no budget of their own. */
    static final Duration MARGIN = Duration.ofMinutes(3);
    /** The ceiling when the installation sets none ({@code shakedown.run-deadline-max}). */
    static final Duration DEFAULT_CAP = Duration.ofHours(1);
    /** Assets are fetched a page at a time with a fixed timeout each: a generous allowance for the whole stage. */
    private static final Duration ASSETS = Duration.ofMinutes(2);
    /** Per performance sample: the load generator's JVM starting and its report being read. */
    private static final Duration PER_LOAD_SAMPLE = Duration.ofMinutes(1);
    /** A flow step is retried on a dropped connection: its timeout counts this many times. */
    private static final int STEP_ATTEMPTS = 3;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shakedown-run-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final Duration allowed;
    private final boolean capped;
    private volatile String expiredDuring;
    private ScheduledFuture<?> timer;

    private RunDeadline(Duration allowed, boolean capped) {
        this.allowed = allowed;
        this.capped = capped;
    }

    /** The deadline {@code spec} earns, at most {@code cap}. */
    static RunDeadline of(ValidationSpec spec, Duration cap) {
        return of(spec, cap, BrowserSettings.defaults());
    }

    /** The deadline {@code spec} earns with the engine's browser settings, at most {@code cap}. */
    static RunDeadline of(ValidationSpec spec, Duration cap, BrowserSettings browser) {
        Duration budget = budget(spec, browser);
        return budget.compareTo(cap) > 0 ? new RunDeadline(cap, true) : new RunDeadline(budget, false);
    }

    /** The spec's own budgets plus {@link #MARGIN}. */
    static Duration budget(ValidationSpec spec) {
        return budget(spec, BrowserSettings.defaults());
    }

    static Duration budget(ValidationSpec spec, BrowserSettings browser) {
        Duration d = MARGIN.plus(spec.target().startupTimeout() == null ? Duration.ZERO : spec.target().startupTimeout());
        for (CheckSpec check : spec.checks()) d = d.plus(check.request().timeout());
        for (FlowSpec flow : spec.flows()) {
            for (FlowSpec.Step step : flow.steps()) d = d.plus(step.request().timeout().multipliedBy(STEP_ATTEMPTS));
        }
        if (spec.assets() != null) d = d.plus(ASSETS);
        if (spec.contract() != null) d = d.plus(ContractRunner.bound(spec.contract()));
        d = d.plus(BrowserChecker.bound(spec.browser(), pagesSeenAtMost(spec), browser));
        if (spec.performance() != null) {
            for (PerformanceSpec.Scenario s : spec.performance().scenarios()) {
                Duration one = s.warmUp().plus(s.load().rampUp()).plus(s.load().duration()).plus(PER_LOAD_SAMPLE);
                d = d.plus(one.multipliedBy(2L * s.samples())); // A/B runs two loads per sample
            }
        }
        return d;
    }

    /** The pages the browser stage may find to open: the readiness path, every check's and every flow step's. */
    private static int pagesSeenAtMost(ValidationSpec spec) {
        return 1 + spec.checks().size() + spec.flows().stream().mapToInt(f -> f.steps().size()).sum();
    }

    Duration allowed() {
        return allowed;
    }

    /** Starts the clock: at the deadline, notes the stage {@code currentStage} names and cancels the run. */
    synchronized void arm(Cancellation cancellation, Supplier<String> currentStage) {
        if (timer != null) return;
        timer = TIMER.schedule(() -> {
            expiredDuring = currentStage.get();
            cancellation.cancel();
        }, allowed.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void disarm() {
        if (timer != null) timer.cancel(false);
    }

    boolean expired() {
        return expiredDuring != null;
    }

    /** The run's summary once expired: how long it had, where it was, and where the figure comes from. */
    String summary() {
        return "the run did not end within its deadline of " + Units.format(allowed) + " and was stopped during the "
                + expiredDuring + " stage (" + (capped ? "the installation's ceiling, shakedown.run-deadline-max"
                : "the spec's startup, check, flow, asset, contract, browser and load budgets plus " + Units.format(MARGIN)) + ")";
    }
}
