package io.shakedown.browser;

import io.shakedown.probe.HttpProbe;
import io.shakedown.report.Report.BrowserFlowResult;
import io.shakedown.report.Report.BrowserPage;
import io.shakedown.report.Report.BrowserResult;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.BrowserSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The browser stage's work: one Chromium for the run (at most {@code maxConcurrent} in the process at once), every
 * page opened and judged in turn, the browser gone with its profile afterwards — also when the run is cancelled
 * meanwhile (the cancel closes it from the cancelling thread) or the browser crashes.
 */
public final class BrowserChecker {
    static final Duration CONTENT_TYPE_TIMEOUT = Duration.ofSeconds(5);
    /** Chromium and chromedriver starting, on a loaded machine (8.6 s was seen at load 25), and the profile going. */
    static final Duration BROWSER_START = Duration.ofSeconds(30);

    private final BrowserSettings settings;
    private final Semaphore slots;

    public BrowserChecker(BrowserSettings settings) {
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrent(), true);
    }

    public BrowserSettings settings() {
        return settings;
    }

    /**
     * The longest the stage can take for {@code spec} when the run saw at most {@code pagesSeen} pages (each is asked
     * for its content type, then opened: load, then settling) — for the run's deadline. A flow step waits at most its
     * timeout; an open waits for the load event like a page.
     */
    public static Duration bound(BrowserSpec spec, int pagesSeen, BrowserSettings settings) {
        if (!spec.enabled()) return Duration.ZERO;
        Duration page = CONTENT_TYPE_TIMEOUT.plus(settings.pageTimeout()).plus(settings.settleMax());
        Duration d = BROWSER_START.plus(page.multipliedBy((long) spec.pages().size() + pagesSeen));
        for (BrowserSpec.Flow flow : spec.flows()) {
            for (BrowserSpec.Step step : flow.steps()) {
                d = d.plus(step.timeout() == null ? BrowserSpec.Step.DEFAULT_TIMEOUT : step.timeout());
                if (step.action().equals("open")) d = d.plus(settings.pageTimeout()).plus(settings.settleMax());
            }
        }
        return d;
    }

    /**
     * The pages to open: the declared ones, then those of {@code seen} (pages the run got, readiness included) that
     * answer text/html now. An empty list: nothing to open (no browser is started).
     */
    public List<String> pages(BrowserSpec spec, List<String> seen, URI base, HttpProbe http) throws InterruptedException {
        var out = new LinkedHashSet<>(spec.pages());
        for (String path : seen) {
            if (!out.contains(path) && isHtml(base.resolve(path), http)) out.add(path);
        }
        return List.copyOf(out);
    }

    private static boolean isHtml(URI uri, HttpProbe http) throws InterruptedException {
        try {
            var response = http.get(uri, CONTENT_TYPE_TIMEOUT);
            return response.statusCode() / 100 == 2 && response.headers().firstValue("content-type")
                    .map(v -> v.toLowerCase(Locale.ROOT).contains("text/html")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts this run's Chromium in the background (see {@link BrowserLaunch}); the caller closes it. Throws
     * IllegalStateException when the machine has no Chromium (callers check {@code settings().chromium()} first).
     */
    public BrowserLaunch launch(String runId) {
        var installation = settings.chromium().installation().orElseThrow(() -> new IllegalStateException(settings.chromium().missing()));
        return new BrowserLaunch(slots, installation, settings, runId);
    }

    /**
     * Opens every page of {@code paths} under {@code base} in {@code launch}'s browser, judges it, then runs the flows.
     * {@code http}: Shakedown's HTTP client of the run, whose trace link ({@link HttpProbe#traceUrl}) the pages' traces
     * share. The browser is closed in the background afterwards (the run goes on meanwhile; its end waits for it).
     */
    public BrowserResult run(BrowserLaunch launch, BrowserSpec spec, List<String> paths, URI base, Cancellation cancellation,
                             Map<String, String> secrets, HttpProbe http) throws InterruptedException {
        try {
            var ready = launch.await(cancellation);
            var session = ready.session();
            session.traceRequestsTo(base);
            var judge = new PageJudge(spec, base);
            var pages = new ArrayList<BrowserPage>();
            for (String path : paths) {
                // cancelled while Chromium started (the cancel closed it): the stage is CANCELLED, not "0 pages OK"
                if (cancellation.isCancelled()) throw new CancellationException("cancelled while the browser started");
                String trace = session.newTrace();
                var snapshot = session.open(base.resolve(path), settings.quiet(), settings.settleMax());
                pages.add(judge.judge(path, snapshot, session.events.observed(), session.events.dropped(),
                        session.events.documentStatus(), session.screenshot(), trace, http.traceUrl(trace)));
            }
            var flows = new ArrayList<BrowserFlowResult>();
            var runner = new BrowserFlowRunner(session, base, secrets, settings, http);
            for (BrowserSpec.Flow flow : spec.flows()) {
                if (cancellation.isCancelled()) throw new CancellationException("cancelled during the browser flows");
                flows.add(runner.run(flow));
            }
            var parts = new ArrayList<String>();
            var failed = pages.stream().filter(p -> p.status() != StageStatus.PASSED).toList();
            if (!failed.isEmpty()) parts.add("page " + failed.getFirst().path() + ": " + failed.getFirst().failure()
                    + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more failing page(s))" : ""));
            var failedFlows = flows.stream().filter(f -> f.status() != StageStatus.PASSED).toList();
            if (!failedFlows.isEmpty()) parts.add("flow " + failedFlows.getFirst().name() + ": " + failedFlows.getFirst().failure()
                    + (failedFlows.size() > 1 ? " (and " + (failedFlows.size() - 1) + " more failing flow(s))" : ""));
            return new BrowserResult(parts.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, session.version(), List.copyOf(pages),
                    flows.isEmpty() ? null : List.copyOf(flows), parts.isEmpty() ? null : String.join("; ", parts));
        } finally {
            launch.closeInBackground();
        }
    }

    /**
     * Kills the browsers, and deletes the profiles, of runs {@code isLive} rejects (a crash or a SIGKILL of the
     * service left them behind; chromedriver and Chromium outlive the JVM). Returns how many profiles were removed.
     */
    public int reap(Predicate<String> isLive) {
        if (!Files.isDirectory(settings.profileRoot())) return 0;
        int reaped = 0;
        try (var dirs = Files.list(settings.profileRoot())) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(ChromiumSession.PROFILE_PREFIX) || name.lastIndexOf('-') <= ChromiumSession.PROFILE_PREFIX.length()) continue;
                String runId = name.substring(ChromiumSession.PROFILE_PREFIX.length(), name.lastIndexOf('-'));
                if (isLive.test(runId)) continue;
                ChromiumSession.killProfileProcesses(dir);
                ChromiumSession.deleteTree(dir);
                reaped++;
            }
        } catch (IOException e) {
            // the next sweep tries again
        }
        return reaped;
    }
}
