package io.shakedown.engine;

import io.shakedown.run.RunEvent;
import io.shakedown.spec.EnvTemplates;
import io.shakedown.target.TargetRuntime;

/**
 * The container (or pod) is created the way production runs it (limits, env with its templates filled in, labels),
 * on the run's network when it has services or jobs; its log goes to the listener. On a runtime whose create does not
 * start ({@link TargetRuntime#createsStopped}: Docker) it runs before the services stage — a service's templates
 * ({@code ${services.db.host}}) are its name and declared port, known from the spec — so the rules can read the
 * image while the services start; elsewhere after the jobs.
 */
final class CreateStage implements Stage {
    private final TargetRuntime runtime;

    CreateStage(TargetRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "create";
    }

    @Override
    public String skipReason(RunState run) {
        return run.spec.target().isImage() ? null : "URL target: no container";
    }

    @Override
    public Result execute(RunState run) {
        var ctx = run.ctx;
        var spec = run.spec;
        var target = spec.target().with(EnvTemplates.resolve(spec.target().env(), ctx.secrets(), spec.services()),
                EnvTemplates.resolve(spec.target().command(), ctx.secrets(), spec.services()));
        // created before the services when the runtime's create does not start it: the network must exist first
        var environment = spec.hasEnvironment() ? ServicesStage.environment(run, runtime) : null;
        var container = runtime.create(spec.app(), target, run.image, ctx, environment);
        run.container = container;
        run.target = container; // from here on, the run's end removes it
        container.log().onLine(line -> ctx.listener().onEvent(RunEvent.of("log", "start", null, line)));
        ctx.cancellation().onCancel(container::close); // stop at once; in-flight requests fail fast
        return Result.passed(null);
    }

    @Override
    public String cancelledSummary() {
        return "cancelled before readiness";
    }
}
