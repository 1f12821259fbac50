package io.shakedown.engine;

import io.shakedown.run.EngineSettings;
import io.shakedown.run.RunEvent;
import io.shakedown.target.ContainerTarget;
import io.shakedown.target.DockerClients;
import java.util.function.Supplier;

/** The container is created the way production runs it (limits, env, labels); its log goes to the listener. */
final class CreateStage implements Stage {
    private final Supplier<DockerClients> docker;
    private final EngineSettings settings;

    CreateStage(Supplier<DockerClients> docker, EngineSettings settings) {
        this.docker = docker;
        this.settings = settings;
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
        var container = ContainerTarget.create(docker.get(), settings, run.spec.app(), run.spec.target(), run.image, ctx);
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
