package io.shakedown.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Report} shaped for the Qute templates under templates/report/ (the self-contained HTML file and
 * the service's run page render the same sections from it): every text block already built, every number
 * already formatted, nothing the template has to decide beyond "is it there". The templates escape every
 * value; only {@link PerfView#chartSvg()} is inserted raw, and it is built here from numbers and fixed labels.
 */
public record ReportView(
        Report report,
        String verdict,
        String title,
        String target,
        List<Evidence.Problem> problems,
        List<StageBar> stages,
        ReadinessView readiness,
        List<HttpItem> checks,
        List<FlowView> flows,
        AssetsView assets,
        BrowserView browser,
        List<FindingView> findings,
        List<PerfView> performance,
        String performanceStatus,
        String log,
        String logNote,
        List<Report.LintWarning> lint,
        ContractView contract) {

    /** One stage in the waterfall: where it starts and how wide it is, in percent of the run. */
    public record StageBar(String name, String status, long durationMs, String message, String offsetPct, String widthPct) {}

    public record ReadinessView(String status, long durationMs, String evidence, Report.Diagnosis diagnosis, List<Report.StrategyOutcome> strategies) {}

    /** A check or a flow step: its outcome and the request/response/assertions as one text block. */
    public record HttpItem(String name, String status, long durationMs, String failure, String evidence, boolean open, int attempts) {}

    public record FlowView(String name, String status, long durationMs, String failedStep, String failure, List<HttpItem> steps, boolean open) {}

    public record AssetsView(String status, String failure, List<AssetRow> rows) {}

    /** One line of the assets table: a page or SPA route (asset null) or one asset it references. */
    public record AssetRow(String page, String url, String kind, String httpStatus, boolean ok, String problem) {}

    /** The browser stage: a section per page with its screenshot (a data: URI), problems and timings. */
    public record BrowserView(String status, String failure, String chromium, List<BrowserPageView> pages, List<BrowserFlowView> flows) {}

    public record BrowserFlowView(int index, String name, String status, String failure, String screenshot, String evidence, boolean open) {}

    public record BrowserPageView(int index, String path, String status, String failure, String screenshot, String evidence, String timings, boolean open) {}

    public record FindingView(String ruleId, String severity, String title, String message, List<String> evidence, String fix,
                              String helpUri, String where, boolean waived, String waiverReason, boolean failsRun) {}

    /** One performance scenario: figures side by side with the baseline, every rule, and the latency chart. */
    public record PerfView(String name, String status, String load, String failure, List<FigureRow> figures, String baseline,
                           List<Report.PerfRule> rules, List<Report.PerfError> errors, String htmlReport, String chartSvg,
                           String generator, boolean lowerBound) {}

    /** "p95 | 61 ms | 40 ms | +52%". */
    public record FigureRow(String metric, String value, String baseline, String delta) {}

    public static ReportView of(Report r) {
        String verdict = r.verdict() == null ? "PENDING" : r.verdict().name();
        return new ReportView(r, verdict, verdict + " — " + nz(r.app()) + (r.environment() == null ? "" : " (" + r.environment() + ")"),
                target(r), problems(r), stages(r), readiness(r), checks(r), flows(r), assets(r), browser(r), findings(r),
                performance(r), r.performance() == null ? null : String.valueOf(r.performance().status()), Evidence.logText(r),
                r.log() == null ? null : "last " + r.log().lines().size() + " of " + r.log().totalLines() + " lines",
                r.lint() == null ? List.of() : r.lint(), contract(r));
    }

    /**
     * The contract stage: the document used (or where none was found), each exchange held to it with its violations,
     * the operations not exercised and why, and the budget spent.
     */
    public record ContractView(String status, String failure, String document, List<HttpItem> exchanges, List<String> skipped, String budget) {}

    private static ContractView contract(Report r) {
        var c = r.contract();
        if (c == null) return null;
        var exchanges = c.operations().stream().map(op -> new HttpItem(Evidence.operationName(op) + (op.origin().equals("contract") ? "" : " · " + op.origin()),
                String.valueOf(op.status()), 0, op.violations().isEmpty() ? null : Evidence.violationsText(op, false).replace("\n", "; "),
                Evidence.contractEvidence(op), failed(op.status()), 1)).toList();
        var skipped = c.skipped().stream().map(s -> s.method() + " " + s.path() + (s.operationId() == null ? "" : " (" + s.operationId() + ")")
                + ": " + s.reason()).toList();
        var b = c.budget();
        String budget = b == null ? null : b.requests() + " of " + b.maxRequests() + " request(s), " + b.usedMs() + " of " + b.maxMs() + " ms"
                + (b.exhausted() ? " — budget spent" : "");
        return new ContractView(String.valueOf(c.status()), c.failure(), Evidence.contractDocument(c), exchanges, skipped, budget);
    }

    /** What failed, as every renderer lists it, plus each failed performance scenario with the limits it broke. */
    private static List<Evidence.Problem> problems(Report r) {
        var out = new ArrayList<>(Evidence.problems(r));
        if (r.performance() == null || r.performance().scenarios() == null) return out;
        int at = (int) out.stream().filter(p -> p.kind().equals("error") || p.kind().equals("readiness") || p.kind().equals("check")
                || p.kind().equals("flow") || p.kind().equals("assets") || p.kind().equals("browser")).count();
        for (var sc : r.performance().scenarios()) {
            if (sc.status() != StageStatus.FAILED && sc.status() != StageStatus.ERROR) continue;
            var broken = new StringBuilder();
            for (var list : Arrays.asList(sc.thresholds(), sc.regressions())) {
                if (list == null) continue;
                for (var rule : list) {
                    if (!rule.passed()) broken.append("✗ ").append(rule.metric()).append(": ").append(rule.actual()).append(" (limit ").append(rule.limit()).append(")\n");
                }
            }
            if (sc.errors() != null) sc.errors().forEach(e -> broken.append(e.count()).append(" × ").append(e.message()).append('\n'));
            out.add(at++, new Evidence.Problem("performance", "performance “" + sc.name() + "”", sc.failure(),
                    broken.isEmpty() ? null : broken.toString().stripTrailing(), null));
        }
        return out;
    }

    static String target(Report report) {
        var t = report.target();
        if (t == null) return "—";
        if (t.image() != null) return "image " + t.image() + (t.port() == null ? "" : " port " + t.port())
                + (t.securityProfile() == null ? "" : " · security profile " + t.securityProfile());
        return nz(t.url());
    }

    private static List<StageBar> stages(Report r) {
        if (r.stages() == null || r.stages().isEmpty()) return List.of();
        long total = Math.max(1, r.stages().stream().mapToLong(Report.Stage::durationMs).sum());
        var out = new ArrayList<StageBar>();
        long at = 0;
        for (var s : r.stages()) {
            out.add(new StageBar(s.name(), String.valueOf(s.status()), s.durationMs(), s.message(),
                    pct(100.0 * at / total), pct(Math.max(0.4, 100.0 * s.durationMs() / total))));
            at += s.durationMs();
        }
        return out;
    }

    private static ReadinessView readiness(Report r) {
        var rd = r.readiness();
        if (rd == null) return null;
        return new ReadinessView(String.valueOf(rd.status()), rd.durationMs(), Evidence.readinessEvidence(rd), rd.diagnosis(),
                rd.strategies() == null ? List.of() : rd.strategies());
    }

    private static List<HttpItem> checks(Report r) {
        if (r.checks() == null) return List.of();
        return r.checks().stream().map(c -> new HttpItem(c.name(), String.valueOf(c.status()), c.durationMs(), c.failure(),
                Evidence.checkEvidence(c), failed(c.status()), 1)).toList();
    }

    private static List<FlowView> flows(Report r) {
        if (r.flows() == null) return List.of();
        return r.flows().stream().map(f -> new FlowView(f.name(), String.valueOf(f.status()), f.durationMs(), f.failedStep(), f.failure(),
                f.steps() == null ? List.of() : f.steps().stream().map(st -> new HttpItem(Evidence.stepName(st), String.valueOf(st.status()),
                        st.durationMs(), st.failure(), Evidence.stepEvidence(st), failed(st.status()), st.attempts())).toList(),
                failed(f.status()))).toList();
    }

    private static AssetsView assets(Report r) {
        var a = r.assets();
        if (a == null) return null;
        var rows = new ArrayList<AssetRow>();
        if (a.pages() != null) {
            for (var p : a.pages()) {
                rows.add(new AssetRow(p.path(), null, "page", code(p.httpStatus()), p.status() == StageStatus.PASSED, p.failure()));
                if (p.assets() != null) p.assets().forEach(x -> rows.add(asset(p.path(), x)));
            }
        }
        if (a.spaRoutes() != null) {
            for (var s : a.spaRoutes()) {
                rows.add(new AssetRow(s.path(), null, s.sameAsShell() ? "SPA route (serves the shell)" : "SPA route",
                        code(s.httpStatus()), s.status() == StageStatus.PASSED, s.failure()));
                if (s.assets() != null) s.assets().forEach(x -> rows.add(asset(s.path(), x)));
            }
        }
        return new AssetsView(String.valueOf(a.status()), a.failure(), rows);
    }

    private static BrowserView browser(Report r) {
        var b = r.browser();
        if (b == null) return null;
        var pages = new ArrayList<BrowserPageView>();
        if (b.pages() != null) {
            for (var p : b.pages()) {
                pages.add(new BrowserPageView(pages.size() + 1, p.path(), String.valueOf(p.status()), p.failure(), p.screenshot(),
                        Evidence.browserPageEvidence(p), p.timings() == null ? null : Evidence.browserTimings(p.timings()), failed(p.status())));
            }
        }
        var flows = new ArrayList<BrowserFlowView>();
        if (b.flows() != null) {
            for (var f : b.flows()) {
                flows.add(new BrowserFlowView(flows.size() + 1, f.name(), String.valueOf(f.status()), f.failure(), f.screenshot(),
                        Evidence.browserFlowEvidence(f), failed(f.status())));
            }
        }
        return new BrowserView(String.valueOf(b.status()), b.failure(), b.chromium(), pages, flows);
    }

    private static AssetRow asset(String page, Report.AssetResult x) {
        return new AssetRow(page, x.url(), x.kind(), code(x.httpStatus()), x.ok(), x.problem());
    }

    private static List<FindingView> findings(Report r) {
        if (r.findings() == null) return List.of();
        return r.findings().stream().map(f -> new FindingView(f.ruleId(), f.waived() ? "waived" : f.severity() == null ? "" : f.severity().id(), f.title(), f.message(),
                f.evidence() == null ? List.of() : f.evidence(), f.fix(), f.helpUri(), where(f.location()), f.waived(), f.waiverReason(), f.failsRun())).toList();
    }

    private static String where(Report.Location l) {
        if (l == null) return null;
        var sb = new StringBuilder(nz(l.kind()));
        if (l.path() != null) sb.append(' ').append(l.path());
        if (l.line() != null) sb.append(':').append(l.line());
        if (l.request() != null) sb.append(' ').append(l.request());
        return sb.toString();
    }

    private static List<PerfView> performance(Report r) {
        if (r.performance() == null || r.performance().scenarios() == null) return List.of();
        var out = new ArrayList<PerfView>();
        for (var sc : r.performance().scenarios()) {
            var f = sc.figures();
            var b = sc.baseline() == null ? null : sc.baseline().figures();
            var rows = new ArrayList<FigureRow>();
            if (f != null) {
                rows.add(row("requests", f.count(), b == null ? null : (double) b.count(), ""));
                rows.add(new FigureRow("errors", f.errors() + " (" + pct(100 * f.errorRate()) + " %)",
                        b == null ? "" : b.errors() + " (" + pct(100 * b.errorRate()) + " %)", ""));
                rows.add(row("p50", f.p50(), b == null ? null : (double) b.p50(), " ms"));
                rows.add(row("p75", f.p75(), b == null ? null : (double) b.p75(), " ms"));
                rows.add(row("p95", f.p95(), b == null ? null : (double) b.p95(), " ms"));
                rows.add(row("p99", f.p99(), b == null ? null : (double) b.p99(), " ms"));
                rows.add(row("max", f.max(), b == null ? null : (double) b.max(), " ms"));
                rows.add(row("throughput", f.throughput(), b == null ? null : b.throughput(), " req/s"));
            }
            var rules = sc.rules();
            String baseline = sc.baseline() == null ? null : sc.baseline().source() + (sc.baseline().description() == null ? "" : ": " + sc.baseline().description());
            out.add(new PerfView(sc.name(), String.valueOf(sc.status()), sc.load(), sc.failure(), rows, baseline, rules,
                    sc.errors() == null ? List.of() : sc.errors(), sc.htmlReport(), f == null ? null : LatencyChart.svg(f, b),
                    generator(sc.generator()), sc.generator() != null && sc.generator().lowerBound()));
        }
        return out;
    }

    private static FigureRow row(String metric, double value, Double base, String unit) {
        String delta = "";
        if (base != null && base > 0) {
            double d = 100.0 * (value - base) / base;
            delta = (d >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.0f%%", d);
        }
        return new FigureRow(metric, NumberText.of(value, 1) + unit, base == null ? "" : NumberText.of(base, 1) + unit, delta);
    }

    private static String code(Integer status) {
        return status == null ? "—" : status.toString();
    }

    private static boolean failed(StageStatus s) {
        return s == StageStatus.FAILED || s == StageStatus.ERROR;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The generator's line under a scenario: why the throughput is a lower bound, or what the CPUs did. */
    static String generator(Report.PerfGenerator g) {
        if (g == null) return null;
        if (g.lowerBound()) return "Throughput is a lower bound: " + g.note();
        return "Load generator: " + g.generatorCores() + " of " + g.generatorCpus() + " CPU(s)"
                + (g.machineBusy() == null ? "" : "; machine " + Math.round(100 * g.machineBusy()) + " % busy on " + g.machineCpus() + " CPU(s)")
                + " — not the limit";
    }
}
