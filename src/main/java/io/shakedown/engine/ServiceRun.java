package io.shakedown.engine;

import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.target.TargetRuntime;
import io.shakedown.target.ExitInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One backing service of a run: created and started in the run's environment, then awaited with the same readiness
 * strategies as the app. Each runs on its own thread (services start in parallel); the stages read it afterwards.
 */
final class ServiceRun {
    /** Log lines of a service the report keeps, and the ones an ERROR's summary quotes. */
    static final int LOG_TAIL = 50;
    private static final int QUOTED_LINES = 3;

    final String name;
    final ServiceSpec spec;
    private volatile TargetRuntime.StartableTarget container;
    private volatile long startedNanos;
    private volatile long readyNanos;
    private volatile ReadinessWaiter.Result readiness;
    private volatile String failure;
    /** Set when it stopped after it was ready (killed, crashed): the run's ERROR summary names it. */
    private volatile String death;
    /** Set at the run's end, before its own cleanup stops the container: that exit is not a death. */
    private volatile boolean watchEnded;
    private static final Duration WATCH_POLL = Duration.ofMillis(100);

    ServiceRun(String name, ServiceSpec spec) {
        this.name = name;
        this.spec = spec;
    }

    /** Creates and starts the container, its log lines going to {@code logLine}; a failure (image, Docker) is kept as this service's failure. */
    void start(TargetRuntime.RunEnvironment environment, Consumer<String> logLine) {
        try {
            container = environment.createService(name, spec);
            container.log().onLine(logLine);
            startedNanos = System.nanoTime();
            container.start();
        } catch (RuntimeException e) {
            failure = "could not be started: " + RunRecorder.describe(e);
        }
    }

    /** Waits for the service's readiness (its own strategies and startupTimeout); keeps why it is not ready. */
    void awaitReady(HttpProbe http, Cancellation cancellation) {
        if (failure != null) return;
        try {
            readiness = new ReadinessWaiter().await(ReadinessStage.probes(spec.readiness(), http), container, spec.startupTimeout(), cancellation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while waiting for it";
            return;
        } catch (RuntimeException e) {
            failure = "could not be probed: " + RunRecorder.describe(e);
            return;
        }
        switch (readiness.outcome()) {
            case READY -> readyNanos = System.nanoTime();
            case CANCELLED -> { }
            case EXITED -> failure = "exited with code " + container.exited().map(x -> String.valueOf(x.exitCode())).orElse("?")
                    + " before it was ready" + lastAttempts();
            case STUCK_ON_LOOPBACK -> failure = "listens on port " + spec.port() + " on loopback only, where the app cannot reach it" + lastAttempts();
            case SETTLED_ON_OTHER_PORT -> failure = "listens on another port than its declared port " + spec.port() + lastAttempts();
            case TIMED_OUT -> failure = "was not ready within " + spec.startupTimeout().toSeconds() + "s" + lastAttempts();
        }
    }

    /**
     * Once it is ready: watches for it stopping before the run ends (a SIGKILL, a crash, the OOM killer). Then the run
     * stops at once ({@code stopRun}) and ends as an ERROR naming it: the app cannot be judged without its dependency,
     * and a run that carried on would only wait out timeouts against a dead address. Its own cleanup and a cancel are
     * not deaths ({@link #endWatch()}, {@code cancellation}).
     */
    void watch(Cancellation cancellation, Supplier<String> stage, Runnable stopRun) {
        if (!ready()) return;
        Thread.ofVirtual().name("service-watch-" + name).start(() -> {
            try {
                while (!watchEnded && !cancellation.isCancelled()) {
                    var exit = container.exited();
                    if (exit.isPresent()) {
                        if (watchEnded || cancellation.isCancelled()) return;
                        death = "stopped during the " + stage.get() + " stage, " + (System.nanoTime() - readyNanos) / 100_000_000 / 10.0
                                + " s after it was ready: " + howItStopped(exit.get());
                        failure = death;
                        stopRun.run();
                        return;
                    }
                    Thread.sleep(WATCH_POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The run is ending: from now on its container stops because Shakedown removes it. */
    void endWatch() {
        watchEnded = true;
    }

    static String howItStopped(ExitInfo exit) {
        if (exit.oomKilled()) return "killed by the out-of-memory killer at its memory limit (exit code " + exit.exitCode() + "; raise its resources.memory)";
        if (exit.exitCode() == 137) return "killed (exit code 137: SIGKILL from outside the container, not its memory limit)";
        if (exit.exitCode() == -1 && exit.error() != null) return exit.error();
        return "exited with code " + exit.exitCode() + (exit.error() == null ? "" : " (" + exit.error() + ")");
    }

    /** The ERROR summary when it stopped mid-run, or null. */
    String deathSummary() {
        if (death == null) return null;
        List<String> tail = container.log().tail(QUOTED_LINES);
        return "service " + name + " (" + spec.image() + ") " + death
                + (tail.isEmpty() ? "" : "; its log ends: " + String.join(" | ", tail.stream().map(String::strip).toList()))
                + ". The run stopped there: what the app does without its " + name + " says nothing about the app";
    }

    private String lastAttempts() {
        var seen = readiness.tallies().stream().filter(t -> !t.ready && t.last != null).map(t -> t.probe.describe() + ": " + t.last.outcome()).toList();
        return seen.isEmpty() ? "" : " (" + String.join("; ", seen) + ")";
    }

    boolean ready() {
        return readyNanos != 0;
    }

    boolean cancelled() {
        return readiness != null && readiness.outcome() == ReadinessWaiter.Outcome.CANCELLED;
    }

    String failure() {
        return failure;
    }

    /** Milliseconds from its start to its readiness; null when it was not ready. */
    Long readyMillis() {
        return ready() ? (readyNanos - startedNanos) / 1_000_000 : null;
    }

    /** When it became ready (System.nanoTime), 0 if it did not. */
    long readyNanos() {
        return readyNanos;
    }

    /** What an ERROR says about this service: its name, what went wrong, and the last lines of its log. */
    String errorSummary() {
        List<String> tail = container == null ? List.of() : container.log().tail(QUOTED_LINES);
        return "service " + name + " (" + spec.image() + ") " + failure
                + (tail.isEmpty() ? "; it logged nothing" : "; its log ends: " + String.join(" | ", tail.stream().map(String::strip).toList()))
                + ". Not the app's fault: fix the service's image, settings or readiness";
    }

    Report.ServiceResult report() {
        StageStatus status = failure != null ? StageStatus.FAILED : ready() ? StageStatus.PASSED
                : cancelled() ? StageStatus.CANCELLED : StageStatus.SKIPPED;
        var strategies = readiness == null ? null : readiness.tallies().stream()
                .map(t -> new Report.StrategyOutcome(t.probe.describe(), t.ready, t.attempts, t.last == null ? null : t.last.outcome())).toList();
        Report.ContainerLog log = null;
        if (container != null) {
            var lines = container.log().tail(LOG_TAIL);
            long total = container.log().total();
            log = new Report.ContainerLog(lines, total, total > lines.size());
        }
        return new Report.ServiceResult(name, spec.image(), status, readyMillis(), strategies, failure, log);
    }
}
