package io.shakedown.engine;

import io.shakedown.assets.AssetChecker;
import io.shakedown.spec.AssetsSpec;
import java.util.List;

/**
 * Static assets the app's pages reference, and the single-page-app fallback. By default every HTML page the run
 * saw (readiness, checks, flow steps) is crawled; {@code assets:} adds pages and SPA routes, {@code assets: false}
 * turns it off.
 */
final class AssetsStage implements Stage {

    @Override
    public String name() {
        return "assets";
    }

    @Override
    public boolean appliesTo(RunState run) {
        if (!effective(run).crawlsSeenPages()) return false;
        return run.spec.assets() != null || !run.recorder.htmlPagesSeen().isEmpty();
    }

    private static AssetsSpec effective(RunState run) {
        return run.spec.assets() == null ? AssetsSpec.SEEN_PAGES_ONLY : run.spec.assets();
    }

    @Override
    public String skipReason(RunState run) {
        return run.readinessFailed() ? "not ready" : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        List<String> seenPages = run.recorder.htmlPagesSeen();
        var assets = new AssetChecker(run.http).run(effective(run), seenPages, run.target.baseUrl(), run.ctx.cancellation());
        run.recorder.assets(assets);
        return new Result(assets.status(), assets.failure());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled during asset checks";
    }
}
