package io.shakedown.engine;

import io.shakedown.assets.AssetChecker;

/** Static assets the app's pages reference, and the single-page-app fallback. */
final class AssetsStage implements Stage {

    @Override
    public String name() {
        return "assets";
    }

    @Override
    public boolean appliesTo(RunState run) {
        return run.spec.assets() != null;
    }

    @Override
    public String skipReason(RunState run) {
        return run.readinessFailed() ? "not ready" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var assets = new AssetChecker(run.http).run(run.spec.assets(), run.target.baseUrl(), run.ctx.cancellation());
        run.recorder.assets(assets);
        return new Result(assets.status(), assets.failure());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled during asset checks";
    }
}
