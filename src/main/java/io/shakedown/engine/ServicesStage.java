package io.shakedown.engine;

import io.shakedown.report.StageStatus;
import io.shakedown.run.RunEvent;
import io.shakedown.spec.EnvTemplates;
import io.shakedown.target.TargetException;
import io.shakedown.target.TargetRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run's environment: a network of its own, and its backing services started on it in parallel and awaited with
 * their readiness strategies (docs/spec.md#services). A service that does not become ready is an ERROR naming it with
 * its log tail: the app was never given its chance. In race mode ({@code target.waitForServices: false}) the services
 * are only started here; their readiness is awaited beside the app's and judged by {@link ServicesReadyStage}.
 */
final class ServicesStage implements Stage {
    private final TargetRuntime runtime;

    ServicesStage(TargetRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "services";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return run.spec.hasEnvironment();
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var spec = run.spec;
        var ctx = run.ctx;
        var environment = environment(run, runtime);
        if (spec.services().isEmpty()) return Result.passed("network ready; no services");
        spec.services().forEach((name, service) -> run.services.add(new ServiceRun(name, service.with(
                EnvTemplates.resolve(service.env(), ctx.secrets(), spec.services()),
                EnvTemplates.resolve(service.command(), ctx.secrets(), spec.services())))));
        boolean race = spec.target().racesServices();
        // one thread per service: they start (and, unless racing, become ready) side by side
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        var started = new ArrayList<CompletableFuture<Void>>();
        for (ServiceRun service : run.services) {
            started.add(CompletableFuture.runAsync(() -> {
                service.start(environment, line -> ctx.listener().onEvent(RunEvent.of("log", "services", null, service.name + " | " + line)));
                if (!race) awaitAndWatch(service, run);
            }, threads));
        }
        join(started);
        if (race) {
            // the app starts now; the services' readiness is awaited beside it and judged after the app's readiness
            run.servicesReady = CompletableFuture.allOf(run.services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> awaitAndWatch(s, run), threads))
                    .toArray(CompletableFuture[]::new));
            threads.shutdown();
            var failed = run.services.stream().filter(s -> s.failure() != null).findFirst();
            if (failed.isPresent()) throw new TargetException(failed.get().errorSummary());
            return Result.passed(run.services.size() + " service(s) started; race mode: the app starts now, without waiting for them");
        }
        threads.shutdown();
        if (run.services.stream().anyMatch(ServiceRun::cancelled)) return new Result(StageStatus.CANCELLED, null);
        var failed = run.services.stream().filter(s -> s.failure() != null).findFirst();
        if (failed.isPresent()) throw new TargetException(failed.get().errorSummary());
        return Result.passed(describeReady(run.services));
    }

    /**
     * The run's network, made by the first stage that needs it: this one, or the create stage when the app's container
     * is created before the services ({@link TargetRuntime#createsStopped}). From then on the run's end (and a cancel,
     * at once) removes it with everything on it.
     */
    static TargetRuntime.RunEnvironment environment(RunState run, TargetRuntime runtime) {
        if (run.environment == null) {
            var environment = runtime.environment(run.spec.app(), run.ctx);
            run.environment = environment;
            run.recorder.environment(environment, run.services, run.spec.target().racesServices());
            run.ctx.cancellation().onCancel(environment::close); // stop at once
        }
        return run.environment;
    }

    /** Awaits its readiness; once ready, a service that stops before the run ends stops the run (an ERROR naming it). */
    private static void awaitAndWatch(ServiceRun service, RunState run) {
        var cancellation = run.ctx.cancellation();
        service.awaitReady(run.http, cancellation);
        service.watch(cancellation, () -> run.stage, cancellation::cancel);
    }

    static String describeReady(List<ServiceRun> services) {
        return String.join(", ", services.stream().map(s -> s.name + " ready in " + s.readyMillis() + " ms").toList());
    }

    private static void join(List<CompletableFuture<Void>> futures) throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // ServiceRun keeps its own failures: this is a bug
        }
    }

    @Override
    public String cancelledSummary() {
        return "cancelled while starting the services";
    }
}
