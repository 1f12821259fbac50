package io.shakedown.engine;

/** The container is started. */
final class StartStage implements Stage {

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String skipReason(RunState run) {
        return run.spec.target().isImage() ? null : "URL target: already running at " + run.spec.target().url();
    }

    @Override
    public Result execute(RunState run) {
        run.appStartedNanos = System.nanoTime();
        run.container.start();
        return Result.passed(null);
    }

    @Override
    public String cancelledSummary() {
        return "cancelled before readiness";
    }
}
