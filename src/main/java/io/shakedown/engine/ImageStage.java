package io.shakedown.engine;

import io.shakedown.target.TargetRuntime;

/** The runtime (Docker engine or Kubernetes API) answers and the image can be used (pulled if absent and allowed). */
final class ImageStage implements Stage {
    private final TargetRuntime runtime;

    ImageStage(TargetRuntime runtime) {
        this.runtime = runtime;
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
        run.image = runtime.prepare(run.spec.target());
        run.images.add(run.image);
        return Result.passed(run.image.summary());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled before readiness";
    }
}
