package io.shakedown.engine;

import io.shakedown.target.ContainerTarget;
import io.shakedown.target.DockerClients;
import java.util.function.Supplier;

/** A Docker engine answers and the image is present (pulled if absent and the spec allows it). */
final class ImageStage implements Stage {
    private final Supplier<DockerClients> docker;

    ImageStage(Supplier<DockerClients> docker) {
        this.docker = docker;
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public String skipReason(RunState run) {
        return run.spec.target().isImage() ? null : "URL target: nothing to pull";
    }

    @Override
    public Result execute(RunState run) {
        run.image = ContainerTarget.prepareImage(docker.get(), run.spec.target());
        return Result.passed((run.image.pulled() ? "pulled " : "local ") + run.spec.target().image());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled before readiness";
    }
}
