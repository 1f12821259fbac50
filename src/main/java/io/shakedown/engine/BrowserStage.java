package io.shakedown.engine;

import io.shakedown.browser.BrowserChecker;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.BrowserSpec;

/**
 * What a person sees: every HTML page the run got (readiness, checks, flow steps) plus {@code browser.pages}, opened
 * in headless Chromium once the HTTP-level stages are done (so a broken bundle is named by the assets stage first)
 * and before the load test (which would distort the page's timings). {@code browser: false} turns it off; a
 * machine without Chromium skips it with the reason.
 */
final class BrowserStage implements Stage {
    private final BrowserChecker checker;

    BrowserStage(BrowserChecker checker) {
        this.checker = checker;
    }

    @Override
    public String name() {
        return "browser";
    }

    /** Only when there is a page to open: declared ones, or pages the run got that answer text/html (a JSON API has none). */
    @Override
    public boolean appliesTo(RunState run) {
        BrowserSpec spec = run.spec.browser();
        if (!spec.enabled()) return false;
        if (run.readinessFailed() || run.target == null) return !spec.pages().isEmpty();
        try {
            run.browserPages = checker.pages(spec, run.recorder.htmlPagesSeen(), run.target.baseUrl(), run.http);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !run.browserPages.isEmpty();
    }

    @Override
    public String skipReason(RunState run) {
        if (run.readinessFailed()) return "not ready";
        return checker.settings().chromium().missing();
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        var result = checker.run(run.spec.browser(), run.browserPages, run.target.baseUrl(), run.ctx.runId(), run.ctx.cancellation());
        run.recorder.browser(result);
        long failed = result.pages().stream().filter(p -> p.status() != StageStatus.PASSED).count();
        return new Result(result.status(), failed == 0 ? result.pages().size() + " page(s) OK in Chromium " + result.chromium() : result.failure());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled while the browser opened the pages";
    }
}
