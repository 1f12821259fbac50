package io.shakedown.engine;

import io.shakedown.target.TargetException;
import java.util.concurrent.ExecutionException;

/**
 * Race mode only ({@code target.waitForServices: false}): after the app's readiness, the services' readiness (awaited
 * beside it since the services stage) is collected and the race judged: did the app wait or retry until its services
 * were ready, or did it crash before? A service that never became ready is an ERROR naming it, as without race mode.
 */
final class ServicesReadyStage implements Stage {

    @Override
    public String name() {
        return "services-ready";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return run.servicesReady != null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        try {
            run.servicesReady.get(); // each is bounded by its own startupTimeout (and the cancellation)
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // ServiceRun keeps its own failures: this is a bug
        }
        var failed = run.services.stream().filter(s -> s.failure() != null).findFirst();
        if (failed.isPresent()) throw new TargetException(failed.get().errorSummary());
        String outcome = raceOutcome(run);
        run.recorder.raceOutcome(outcome);
        return Result.passed(outcome);
    }

    /** The race in words, from when the app started, when each service became ready, and how the app's readiness ended. */
    static String raceOutcome(RunState run) {
        long lastReady = run.services.stream().mapToLong(ServiceRun::readyNanos).max().orElse(0);
        String last = run.services.stream().filter(s -> s.readyNanos() == lastReady).map(s -> s.name).findFirst().orElse("?");
        long afterApp = (lastReady - run.appStartedNanos) / 1_000_000;
        if (run.appStartedNanos == 0) return "the app was not started";
        if (afterApp <= 0) {
            return "the services were ready before the app started (" + last + " " + (-afterApp) + " ms before): the race was not exercised";
        }
        String dependency = last + " became ready " + afterApp + " ms after the app started";
        if (run.ready()) return dependency + ", and the app still became ready: it waited or retried";
        var exit = run.target == null ? null : run.target.exited().orElse(null);
        if (exit != null) {
            // the exit was noticed when the app's readiness ended (it polls every 20 ms): before or after the services were ready?
            String crash = "; the app exited with code " + exit.exitCode();
            return run.readinessEndedNanos < lastReady ? dependency + crash + " before that: it did not wait or retry"
                    : dependency + crash + " after its services were ready";
        }
        return dependency + "; the app did not become ready";
    }
}
