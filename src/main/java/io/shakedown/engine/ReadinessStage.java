package io.shakedown.engine;

import io.shakedown.probe.DependencyDiagnoser;
import io.shakedown.probe.HealthcheckReadiness;
import io.shakedown.probe.HttpProbe;
import io.shakedown.probe.HttpReadiness;
import io.shakedown.probe.LogReadiness;
import io.shakedown.probe.PortReadiness;
import io.shakedown.probe.ReadinessDiagnoser;
import io.shakedown.probe.ReadinessProbe;
import io.shakedown.probe.ReadinessWaiter;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.ReadinessSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every readiness probe passes before the startup timeout; if not, the diagnosis says why. */
final class ReadinessStage implements Stage {

    @Override
    public String name() {
        return "readiness";
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var spec = run.spec;
        List<ReadinessProbe> probes = probes(spec.readiness(), run.http);
        var result = new ReadinessWaiter().await(probes, run.target, spec.target().startupTimeout(), run.ctx.cancellation());
        run.readinessEndedNanos = System.nanoTime();
        Report.Diagnosis diagnosis = switch (result.outcome()) {
            case READY, CANCELLED -> null;
            case EXITED, TIMED_OUT, STUCK_ON_LOOPBACK, SETTLED_ON_OTHER_PORT ->
                    DependencyDiagnoser.refine(new ReadinessDiagnoser().diagnose(result, run.target, spec.target()), dependencies(run));
        };
        run.recorder.readiness(result, diagnosis);
        run.readiness = result.outcome();
        return switch (result.outcome()) {
            case READY -> Result.passed(null);
            case CANCELLED -> new Result(StageStatus.CANCELLED, run.recorder.diagnosisOrNull());
            default -> new Result(StageStatus.FAILED, run.recorder.diagnosisOrNull());
        };
    }

    /**
     * What the dependency diagnosis reads: the app's log, its env as written (names and hosts only are quoted: values
     * may be secrets), the declared services, and in race mode the services not ready yet when the app's readiness ended.
     */
    static DependencyDiagnoser.Situation dependencies(RunState run) {
        var declared = run.spec.services().entrySet().stream()
                .map(e -> new DependencyDiagnoser.DeclaredService(e.getKey(), Set.of(e.getValue().port()), e.getValue().image(), e.getValue().env()))
                .toList();
        Set<String> notReady = !run.spec.target().racesServices() ? Set.of() : run.services.stream()
                .filter(s -> s.readyNanos() == 0 || s.readyNanos() > run.readinessEndedNanos).map(s -> s.name).collect(Collectors.toSet());
        return new DependencyDiagnoser.Situation(run.target.log().tail(DependencyDiagnoser.LOG_LINES), run.spec.target().env(), declared, notReady);
    }

    /** The spec's readiness strategies as probes; the A/B baseline is awaited with the same ones. */
    static List<ReadinessProbe> probes(ReadinessSpec readiness, HttpProbe http) {
        return readiness.strategies().stream().map(s -> probe(s, http)).toList();
    }

    private static ReadinessProbe probe(ReadinessSpec.Strategy strategy, HttpProbe http) {
        return switch (strategy) {
            case ReadinessSpec.Http h -> new HttpReadiness(h, http);
            case ReadinessSpec.Log l -> new LogReadiness(l);
            case ReadinessSpec.Port p -> new PortReadiness();
            case ReadinessSpec.Healthcheck h -> new HealthcheckReadiness();
        };
    }
}
