package io.shakedown.engine;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import io.shakedown.assets.AssetChecker;
import io.shakedown.flow.FlowRunner;
import io.shakedown.flow.TemplateResolver;
import io.shakedown.probe.CheckRunner;
import io.shakedown.secret.Redactor;
import io.shakedown.spec.CheckSpec;
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
import io.shakedown.report.Verdict;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.ContainerTarget;
import io.shakedown.target.DockerClients;
import io.shakedown.target.Labels;
import io.shakedown.target.RunningTarget;
import io.shakedown.target.TargetException;
import io.shakedown.target.UrlTarget;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The validation pipeline, top to bottom in one place:
 * <ol>
 *   <li><b>image</b> — a Docker engine answers; the image is present (pulled if absent and allowed)</li>
 *   <li><b>start</b> — the container is created the way production runs it and started</li>
 *   <li><b>readiness</b> — every readiness probe passes; if not, the diagnosis says why</li>
 *   <li><b>checks</b> — the declared endpoint checks, in parallel, bounded</li>
 *   <li><b>cleanup</b> — the container is stopped and removed, whatever happened before</li>
 * </ol>
 * A URL target skips image and start. Front doors (REST, command line) only build a spec and call {@link #run}.
 */
public final class ValidationEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ValidationEngine.class);

    private final EngineSettings settings;
    private volatile DockerClients docker;

    public ValidationEngine(EngineSettings settings) {
        this.settings = settings;
    }

    /** Runs the whole pipeline and always returns a report; it never throws for app or Docker problems. */
    public Report run(ValidationSpec spec, RunContext caller) {
        // secrets: every event and the report pass through the redactor; values live only in this run's memory
        var redactor = Redactor.of(caller.secrets().values());
        var ctx = new RunContext(caller.runId(), redactor.wrap(caller.listener()), caller.cancellation(), caller.secrets());
        var run = new RunRecorder(spec, ctx, redactor);
        RunningTarget target = null;
        HttpProbe http = new HttpProbe();
        http.warmUpInBackground(); // while the image is checked and the container starts
        try {
            List<String> missingSecrets = spec.secrets().stream().filter(n -> !ctx.secrets().containsKey(n)).toList();
            if (!missingSecrets.isEmpty()) {
                return run.finish(Verdict.ERROR, "no value for the secret(s) " + String.join(", ", missingSecrets)
                        + " declared in the spec; pass them (environment of shakedown validate, or secrets of the submission)", null);
            }
            if (spec.target().isImage()) {
                var image = run.stage("image", () -> ContainerTarget.prepareImage(docker(), spec.target()),
                        prepared -> StageStatus.PASSED,
                        prepared -> (prepared.pulled() ? "pulled " : "local ") + spec.target().image());
                var container = run.stage("create", () -> ContainerTarget.create(docker(), settings, spec.app(), spec.target(), image, ctx));
                target = container;
                container.log().onLine(line -> ctx.listener().onEvent(RunEvent.of("log", "start", null, line)));
                ctx.cancellation().onCancel(container::close); // stop at once; in-flight requests fail fast
                run.stage("start", () -> {
                    container.start();
                    return container;
                });
            } else {
                target = new UrlTarget(spec.target().url());
                run.skip("image", "URL target: nothing to pull");
                run.skip("create", "URL target: no container");
                run.skip("start", "URL target: already running at " + spec.target().url());
            }
            run.target(target.info());
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled before readiness", target);

            RunningTarget t = target;
            var readiness = run.stage("readiness", () -> awaitReadiness(spec, t, http, ctx, run),
                    outcome -> switch (outcome) {
                        case READY -> StageStatus.PASSED;
                        case CANCELLED -> StageStatus.CANCELLED;
                        default -> StageStatus.FAILED;
                    },
                    outcome -> outcome == ReadinessWaiter.Outcome.READY ? null : run.diagnosisOrNull());
            if (readiness == ReadinessWaiter.Outcome.CANCELLED || ctx.cancellation().isCancelled()) {
                return run.finish(Verdict.CANCELLED, "cancelled during readiness", target);
            }
            if (readiness != ReadinessWaiter.Outcome.READY) {
                run.skip("checks", "not ready");
                if (!spec.flows().isEmpty()) run.skip("flows", "not ready");
                if (spec.assets() != null) run.skip("assets", "not ready");
                if (ReadinessDiagnoser.CONTAINER_REMOVED.equals(run.diagnosisKind())) {
                    return run.finish(Verdict.ERROR, run.diagnosisSummary(), target);
                }
                return run.finish(Verdict.FAILED, "not ready: " + run.diagnosisSummary(), target);
            }

            if (spec.checks().isEmpty()) {
                run.skip("checks", "no checks declared");
            } else {
                List<CheckSpec> checks = TemplateResolver.resolveChecks(spec.checks(), ctx.secrets());
                var results = run.stage("checks", () -> new CheckRunner(http).run(checks, t.baseUrl(),
                                spec.settings().parallelism(), ctx.cancellation(), run::checkFinished),
                        r -> RunRecorder.failed(r) == 0 ? StageStatus.PASSED : StageStatus.FAILED,
                        r -> RunRecorder.failed(r) == 0 ? r.size() + " passed" : RunRecorder.failed(r) + " of " + r.size() + " failed");
                run.checks(results);
            }
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during checks", target);

            // flows and assets (issue #3): after the checks, whatever they found, for the evidence
            if (!spec.flows().isEmpty()) {
                var flows = run.stage("flows", () -> new FlowRunner(http, ctx.secrets()).run(spec.flows(), t.baseUrl(),
                                spec.settings().parallelism(), ctx.cancellation(), run::flowFinished),
                        r -> RunRecorder.failedFlows(r) == 0 ? StageStatus.PASSED : StageStatus.FAILED,
                        r -> RunRecorder.failedFlows(r) == 0 ? r.size() + " passed" : RunRecorder.failedFlows(r) + " of " + r.size() + " failed");
                run.flows(flows);
                if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during flows", target);
            }
            if (spec.assets() != null) {
                var assets = run.stage("assets", () -> new AssetChecker(http).run(spec.assets(), t.baseUrl(), ctx.cancellation()),
                        r -> r.status(), r -> r.failure());
                run.assets(assets);
                if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled during asset checks", target);
            }

            String failures = run.failures();
            return failures == null
                    ? run.finish(Verdict.PASSED, "ready in " + run.readinessMillis() + " ms; " + run.passes(), target)
                    : run.finish(Verdict.FAILED, failures, target);
        } catch (TargetException e) {
            return run.finish(Verdict.ERROR, e.getMessage(), target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.finish(Verdict.ERROR, "interrupted", target);
        } catch (RuntimeException e) {
            if (ctx.cancellation().isCancelled()) return run.finish(Verdict.CANCELLED, "cancelled", target);
            if (redactor.isEmpty()) LOG.errorf(e, "run %s: internal error", ctx.runId());
            else LOG.errorf("run %s: internal error: %s", ctx.runId(), redactor.redact(e.toString())); // a trace could hold a value
            return run.finish(Verdict.ERROR, "internal error: " + e, target);
        }
    }

    private ReadinessWaiter.Outcome awaitReadiness(ValidationSpec spec, RunningTarget target, HttpProbe http,
                                                   RunContext ctx, RunRecorder run) throws InterruptedException {
        List<ReadinessProbe> probes = spec.readiness().strategies().stream().map(s -> probe(s, http)).toList();
        var result = new ReadinessWaiter().await(probes, target, spec.target().startupTimeout(), ctx.cancellation());
        Report.Diagnosis diagnosis = switch (result.outcome()) {
            case READY, CANCELLED -> null;
            case EXITED, TIMED_OUT, STUCK_ON_LOOPBACK -> new ReadinessDiagnoser().diagnose(result, target, spec.target());
        };
        run.readiness(result, diagnosis);
        return result.outcome();
    }

    private static ReadinessProbe probe(ReadinessSpec.Strategy strategy, HttpProbe http) {
        return switch (strategy) {
            case ReadinessSpec.Http h -> new HttpReadiness(h, http);
            case ReadinessSpec.Log l -> new LogReadiness(l);
            case ReadinessSpec.Port p -> new PortReadiness();
            case ReadinessSpec.Healthcheck h -> new HealthcheckReadiness();
        };
    }

    /**
     * Stops and removes this installation's labelled containers whose run id {@code isLive} rejects.
     * Returns how many were removed. Called at service start and periodically.
     */
    public int reapContainers(Predicate<String> isLive) {
        List<Container> ours;
        try {
            ours = docker().api.listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of(Labels.INSTALLATION, settings.installationId())).exec();
        } catch (RuntimeException e) {
            LOG.warnf("cannot list containers to reap: %s", DockerClients.rootMessage(e));
            return 0;
        }
        int removed = 0;
        for (Container c : ours) {
            String runId = c.getLabels().getOrDefault(Labels.RUN_ID, "");
            String owner = runId.startsWith("helper-of-") ? "" : runId; // a leftover diagnosis helper is never live
            if (!owner.isEmpty() && isLive.test(owner)) continue;
            try {
                docker().api.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
                LOG.infof("reaped container %s of run %s", c.getId().substring(0, 12), runId);
            } catch (DockerException e) {
                LOG.warnf("could not reap container %s: %s", c.getId(), e.getMessage());
            }
        }
        return removed;
    }

    /** Throws TargetException with advice when no engine answers. */
    public void pingDocker() {
        docker().ping();
    }

    private DockerClients docker() {
        if (docker == null) {
            synchronized (this) {
                if (docker == null) docker = new DockerClients(settings);
            }
        }
        return docker;
    }

    @Override
    public void close() {
        if (docker != null) docker.close();
    }
}
