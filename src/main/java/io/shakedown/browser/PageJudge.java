package io.shakedown.browser;

import io.shakedown.report.Report.BrowserPage;
import io.shakedown.report.Report.BrowserProblem;
import io.shakedown.report.Report.BrowserTimings;
import io.shakedown.report.Severity;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.BrowserSpec;
import io.shakedown.spec.Units;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A page's verdict from what the browser saw. Errors: an uncaught exception, a console error, a failed request to
 * the app's own origin (status >= 400, network error, blocked), nothing rendered, a timing over its threshold.
 * Warnings: console warnings, the browser's automatic {@code /favicon.ico}, anything from another origin (a
 * third-party script or font is not the deployment's fault and not under its control). {@code browser.ignore}
 * waives a problem whose message or URL matches: kept in the report, never failing.
 */
final class PageJudge {
    private final BrowserSpec spec;
    private final URI origin;

    PageJudge(BrowserSpec spec, URI origin) {
        this.spec = spec;
        this.origin = origin;
    }

    BrowserPage judge(String path, ChromiumSession.Snapshot s, List<PageEvents.Observed> observed, int dropped, Integer httpStatus, String screenshot,
                      String traceId, String traceUrl) {
        var problems = new ArrayList<BrowserProblem>();
        if (s.loadTimedOut()) problems.add(problem("load", Severity.ERROR, "the page did not finish loading (no load event) within the page timeout", null, null, null, null));
        for (PageEvents.Observed o : observed) {
            problems.add(problem(o.kind(), severity(o), o.message(), o.url(), o.line(), o.column(), o.status()));
        }
        if (dropped > 0) problems.add(problem("console", Severity.WARNING, dropped + " more problem(s) not recorded (at most " + PageEvents.MAX_EVENTS + " per page)", null, null, null, null));
        if (!s.rendered()) {
            problems.add(problem("blank", Severity.ERROR, "the page rendered nothing: no visible text or media in its body once it settled"
                    + (observed.stream().anyMatch(o -> o.kind().equals("exception")) ? " (a white screen; see the exception)" : ""), null, null, null, null));
        }
        var t = spec.thresholds();
        threshold(problems, "LCP", s.lcpMs(), t.lcp());
        threshold(problems, "load", s.loadMs(), t.load());
        threshold(problems, "DOMContentLoaded", s.domContentLoadedMs(), t.domContentLoaded());
        if (t.cls() != null && s.cls() != null && s.cls() > t.cls()) {
            problems.add(problem("threshold", Severity.ERROR, "CLS " + s.cls() + " is over the limit of " + t.cls(), null, null, null, null));
        }
        var failing = problems.stream().filter(p -> p.severity() == Severity.ERROR && !p.waived()).toList();
        String failure = failing.isEmpty() ? null
                : failing.getFirst().describe() + (failing.size() > 1 ? " (and " + (failing.size() - 1) + " more problem(s))" : "");
        var timings = new BrowserTimings(s.ttfbMs(), s.domContentLoadedMs(), s.loadMs(), s.lcpMs(), s.cls(), s.settledMs(), s.networkIdle());
        return new BrowserPage(path, s.url(), failing.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, httpStatus, s.rendered(),
                s.text() == null || s.text().isEmpty() ? null : s.text(), timings, List.copyOf(problems), screenshot, failure, traceId, traceUrl);
    }

    private Severity severity(PageEvents.Observed o) {
        if ("warning".equals(o.level())) return Severity.WARNING;
        if (o.kind().equals("request")) {
            URI u = o.url() == null ? null : parse(o.url());
            if (u == null || !sameOrigin(u)) return Severity.WARNING; // a third party's failure (or the browser's own), not this deployment's
            if ("/favicon.ico".equals(u.getPath())) return Severity.WARNING; // the browser asks for it unprompted
        }
        return Severity.ERROR;
    }

    private void threshold(List<BrowserProblem> problems, String name, Long actualMs, Duration limit) {
        if (limit == null) return;
        if (actualMs == null) {
            problems.add(problem("threshold", Severity.WARNING, name + " was not reported by the browser; its limit of " + Units.format(limit) + " could not be checked", null, null, null, null));
        } else if (actualMs > limit.toMillis()) {
            problems.add(problem("threshold", Severity.ERROR, name + " " + actualMs + " ms is over the limit of " + Units.format(limit), null, null, null, null));
        }
    }

    private BrowserProblem problem(String kind, Severity severity, String message, String url, Integer line, Integer column, Integer status) {
        boolean waived = spec.ignore().stream().anyMatch(p -> matches(p, message) || matches(p, url));
        return new BrowserProblem(kind, severity, message, url, line, column, status, waived);
    }

    private static boolean matches(Pattern p, String s) {
        return s != null && p.matcher(s).find();
    }

    boolean sameOrigin(URI u) {
        return Objects.equals(u.getScheme(), origin.getScheme()) && Objects.equals(u.getHost(), origin.getHost()) && port(u) == port(origin);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
