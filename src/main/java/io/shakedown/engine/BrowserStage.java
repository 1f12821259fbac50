package io.shakedown.engine;

import io.shakedown.browser.BrowserChecker;
import io.shakedown.browser.BrowserLaunch;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.BrowserSpec;
import io.shakedown.target.TargetException;

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
        if (run.readinessFailed() || run.target == null) return !spec.pages().isEmpty() || !spec.flows().isEmpty();
        try {
            run.browserPages = checker.pages(spec, run.recorder.htmlPagesSeen(), run.target.baseUrl(), run.http);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !run.browserPages.isEmpty() || !spec.flows().isEmpty();
    }

    /**
     * Starts the run's Chromium ahead of the stage so that its start overlaps the stages before it: at once when the
     * spec declares browser pages or flows, otherwise as soon as readiness got an HTML page (a JSON API never starts
     * one). The engine calls this before each stage; it decides once, and never with {@code browser: false} or
     * without Chromium. The run's end closes the browser on every path (RunRecorder#finish), a cancel at once.
     */
    void startEarly(RunState run) {
        if (run.browserLaunchDecided) return;
        BrowserSpec spec = run.spec.browser();
        if (!spec.enabled() || checker.settings().chromium().installation().isEmpty()) {
            run.browserLaunchDecided = true;
            return;
        }
        if (spec.pages().isEmpty() && spec.flows().isEmpty()) {
            if (!run.ready() || run.target == null) return; // not yet known whether the app serves pages
            run.browserLaunchDecided = true;
            try {
                if (checker.pages(spec, run.recorder.htmlPagesSeen(), run.target.baseUrl(), run.http).isEmpty()) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        run.browserLaunchDecided = true;
        launch(run);
    }

    private BrowserLaunch launch(RunState run) {
        var launch = checker.launch(run.ctx.runId());
        run.browserLaunch = launch;
        run.recorder.closeAtEnd(launch);
        run.ctx.cancellation().onCancel(launch::closeInBackground); // the run's end waits until it is gone
        return launch;
    }

    @Override
    public String skipReason(RunState run) {
        if (run.readinessFailed()) return "not ready";
        // declared browser flows cannot be skipped quietly: without Chromium the stage is an ERROR (execute says why)
        return run.spec.browser().flows().isEmpty() ? checker.settings().chromium().missing() : null;
    }

    @Override
    public Result execute(RunState run) throws InterruptedException {
        String missing = checker.settings().chromium().missing();
        if (missing != null) throw new TargetException("the spec declares browser flows, but " + missing); // an ERROR in words, not a bug
        var launch = run.browserLaunch != null ? run.browserLaunch : launch(run);
        var result = checker.run(launch, run.spec.browser(), run.browserPages, run.target.baseUrl(), run.ctx.cancellation(), run.ctx.secrets(), run.http);
        run.recorder.browser(result);
        int flows = result.flows() == null ? 0 : result.flows().size();
        return new Result(result.status(), (result.failure() != null ? result.failure()
                : result.pages().size() + " page(s)" + (flows == 0 ? "" : ", " + flows + " flow(s)") + " OK in Chromium " + result.chromium())
                + "; " + launch.startSummary());
    }

    @Override
    public String cancelledSummary() {
        return "cancelled while the browser opened the pages";
    }
}
