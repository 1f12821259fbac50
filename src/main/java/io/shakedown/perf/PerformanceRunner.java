package io.shakedown.perf;

import io.shakedown.run.RunContext;
import io.shakedown.run.RunEvent;
import io.shakedown.report.NumberText;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.PerformanceSpec;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.RunningTarget;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The performance stage: runs every scenario's load with the forked Gatling runner (one child JVM for
 * the whole stage), then judges the figures against the thresholds and, for the regression rules,
 * against the baseline — the stored history, or in A/B mode an older image started next to the
 * candidate and loaded alternately with it (A B A B ...), compared pair by pair so a noisy machine
 * slows both sides of a pair alike.
 */
public final class PerformanceRunner {
    /** Load-runner JVMs (forked Gatling) running in this process now. */
    public static int forksRunning() {
        return PerfFork.RUNNING.get();
    }

    /** Latency figures are whole milliseconds: a change of 1 ms is resolution, not regression. */
    static final int LATENCY_RESOLUTION_MS = 1;

    /** Starts the baseline image the way the candidate was started (same limits) and waits until it is ready. */
    @FunctionalInterface
    public interface BaselineStarter {
        RunningTarget start(String image) throws InterruptedException;
    }

    /** The report section, plus the figures to remember as a baseline should the whole run pass. */
    public record Outcome(Report.Performance report, Map<String, Report.PerfFigures> figures, String summary) {
        public boolean failed() {
            return report.status() == StageStatus.FAILED;
        }
    }

    private final PerfSettings settings;

    public PerformanceRunner(PerfSettings settings) {
        this.settings = settings;
    }

    /** Where this run's Gatling output goes; HTML report paths in the report are relative to it. */
    public static Path outputDir(PerfSettings settings, String runId) {
        return settings.workDir().resolve(runId);
    }

    public Outcome run(ValidationSpec spec, RunningTarget candidate, RunContext ctx, BaselineStarter starter) throws InterruptedException {
        PerformanceSpec perf = spec.performance();
        boolean ab = perf.baseline() instanceof PerformanceSpec.Image;
        RunningTarget baselineTarget = null;
        try {
            if (ab) {
                String image = ((PerformanceSpec.Image) perf.baseline()).image();
                ctx.listener().onEvent(RunEvent.of("log", "performance", null, "starting baseline image " + image + " next to the candidate"));
                baselineTarget = starter.start(image);
            }
            var runs = new ArrayList<PerfFork.Run>();
            for (var s : perf.scenarios()) {
                int n = ab && !s.samplesGiven() ? PerformanceSpec.DEFAULT_AB_PAIRS : s.samples();
                for (int i = 1; i <= n; i++) {
                    // Gatling's HTML report costs about a second per run: one, of the candidate's first sample.
                    if (ab) runs.add(plan(s, s.name() + "-a" + i, baselineTarget.baseUrl(), false));
                    runs.add(plan(s, s.name() + (ab ? "-b" : "-s") + i, candidate.baseUrl(), i == 1));
                }
            }
            ctx.listener().onEvent(RunEvent.of("log", "performance", null, runs.size() + " load run(s) with Gatling in a forked JVM"));
            Path out = outputDir(settings, ctx.runId());
            PerfFork.Stats stats = new PerfFork(settings).run(new PerfFork.Plan(runs), out, ctx.cancellation());
            Map<String, PerfFork.RunStats> byId = stats.runs().stream().collect(Collectors.toMap(PerfFork.RunStats::id, r -> r, (a, b) -> b));

            var scenarios = new ArrayList<Report.PerfScenario>();
            var figures = new LinkedHashMap<String, Report.PerfFigures>();
            for (var s : perf.scenarios()) {
                var result = judge(spec, s, ab, byId, ctx.runId());
                scenarios.add(result);
                if (result.figures() != null) figures.put(s.name(), result.figures());
            }
            long failed = scenarios.stream().filter(r -> r.status() != StageStatus.PASSED).count();
            StageStatus status = ctx.cancellation().isCancelled() ? StageStatus.CANCELLED : failed == 0 ? StageStatus.PASSED : StageStatus.FAILED;
            String baseline = ab ? "image " + ((PerformanceSpec.Image) perf.baseline()).image() + " side by side"
                    : "history (pinned run, or median of the last " + ((PerformanceSpec.History) perf.baseline()).runs() + " passing runs)";
            String summary = failed == 0 ? scenarios.size() + " scenario(s) within limits"
                    : scenarios.stream().filter(r -> r.status() != StageStatus.PASSED).map(r -> r.name() + ": " + r.failure())
                    .collect(Collectors.joining("; "));
            return new Outcome(new Report.Performance(status, baseline, stats.gatlingVersion(), List.copyOf(scenarios)), figures, summary);
        } finally {
            if (baselineTarget != null) baselineTarget.close();
        }
    }

    private Report.PerfScenario judge(ValidationSpec spec, PerformanceSpec.Scenario s, boolean ab, Map<String, PerfFork.RunStats> byId, String runId) {
        int n = ab && !s.samplesGiven() ? PerformanceSpec.DEFAULT_AB_PAIRS : s.samples();
        var candidate = new ArrayList<Report.PerfFigures>();
        var candidateRuns = new ArrayList<PerfFork.RunStats>();
        var pairs = new ArrayList<Report.PerfPair>();
        var errors = new LinkedHashMap<String, Integer>();
        String html = null;
        for (int i = 1; i <= n; i++) {
            var b = byId.get(s.name() + (ab ? "-b" : "-s") + i);
            if (b == null || !"ok".equals(b.status())) continue;
            candidate.add(figures(b));
            candidateRuns.add(b);
            b.errorMessages().forEach(e -> errors.merge(e.message(), e.count(), Integer::sum));
            if (html == null && b.reportDir() != null) html = b.reportDir() + "/index.html";
            if (ab) {
                var a = byId.get(s.name() + "-a" + i);
                if (a != null && "ok".equals(a.status())) pairs.add(new Report.PerfPair(i, figures(a), figures(b)));
            }
        }
        String load = describe(s);
        if (candidate.isEmpty()) {
            return new Report.PerfScenario(s.name(), StageStatus.ERROR, load, null, null, null, List.of(), List.of(), null, null, null,
                    "no load run finished");
        }
        var median = Figures.median(candidate);
        var thresholds = thresholds(s.thresholds(), median);
        var regressions = new ArrayList<Report.PerfRule>();
        Report.PerfBaseline baseline;
        if (ab) {
            var baseSamples = pairs.stream().map(Report.PerfPair::baseline).toList();
            baseline = new Report.PerfBaseline("image", "image " + ((PerformanceSpec.Image) spec.performance().baseline()).image()
                    + ", " + pairs.size() + " A-B pair(s), judged by the median of the per-pair ratios",
                    baseSamples.isEmpty() ? null : Figures.median(baseSamples), null);
            if (!s.regression().isEmpty()) regressions.addAll(regressionsByPairs(s.regression(), pairs));
        } else {
            int lastN = ((PerformanceSpec.History) spec.performance().baseline()).runs();
            baseline = BaselineStore.resolve(settings.baselines().baselineSamples(runId, spec.app(), spec.environment(), s.name(), lastN)).orElse(null);
            if (!s.regression().isEmpty()) {
                if (baseline == null) {
                    regressions.add(new Report.PerfRule("baseline", "history of " + spec.app() + "/" + spec.environment() + "/" + s.name(),
                            "none yet", true, "no passing run recorded yet: nothing to compare with; if this run passes its figures become the baseline"));
                } else {
                    regressions.addAll(regressionsAgainst(s.regression(), median, baseline.figures()));
                }
            }
        }
        var broken = new ArrayList<String>();
        thresholds.stream().filter(r -> !r.passed()).forEach(r -> broken.add(r.metric() + " " + r.actual() + " over the limit " + r.limit()));
        regressions.stream().filter(r -> !r.passed()).forEach(r -> broken.add(r.metric() + " regressed " + r.actual() + " (allowed " + r.limit() + ")"));
        var errorList = errors.entrySet().stream().limit(10).map(e -> new Report.PerfError(e.getKey(), e.getValue())).toList();
        return new Report.PerfScenario(s.name(), broken.isEmpty() ? StageStatus.PASSED : StageStatus.FAILED, load, median,
                candidate.size() > 1 ? List.copyOf(candidate) : null, baseline, thresholds, List.copyOf(regressions),
                ab ? List.copyOf(pairs) : null, errorList.isEmpty() ? null : errorList, html,
                broken.isEmpty() ? null : String.join("; ", broken), GeneratorLoad.of(candidateRuns, openRate(s)));
    }

    static List<Report.PerfRule> thresholds(PerformanceSpec.Thresholds t, Report.PerfFigures f) {
        var rules = new ArrayList<Report.PerfRule>();
        latency(rules, "p50", t.p50(), f.p50());
        latency(rules, "p95", t.p95(), f.p95());
        latency(rules, "p99", t.p99(), f.p99());
        latency(rules, "max", t.max(), f.max());
        latency(rules, "mean", t.mean(), f.mean());
        if (t.errorRatePercent() != null) {
            rules.add(new Report.PerfRule("errorRate", "<= " + num(t.errorRatePercent()) + "%", num(f.errorRate()) + "% (" + f.errors() + " of " + f.count() + ")",
                    f.errorRate() <= t.errorRatePercent(), null));
        }
        if (t.minThroughput() != null) {
            rules.add(new Report.PerfRule("throughput", ">= " + num(t.minThroughput()) + "/s", num(f.throughput()) + "/s",
                    f.throughput() >= t.minThroughput(), null));
        }
        return List.copyOf(rules);
    }

    private static void latency(List<Report.PerfRule> rules, String metric, Duration limit, int actualMs) {
        if (limit == null) return;
        rules.add(new Report.PerfRule(metric, "<= " + limit.toMillis() + " ms", actualMs + " ms", actualMs <= limit.toMillis(), null));
    }

    private record Metric(String name, Double limitPct, ToDoubleFunction<Report.PerfFigures> value, boolean latency) {}

    private static List<Metric> metrics(PerformanceSpec.Regression r) {
        var out = new ArrayList<Metric>();
        if (r.p50() != null) out.add(new Metric("p50", r.p50(), Report.PerfFigures::p50, true));
        if (r.p95() != null) out.add(new Metric("p95", r.p95(), Report.PerfFigures::p95, true));
        if (r.p99() != null) out.add(new Metric("p99", r.p99(), Report.PerfFigures::p99, true));
        if (r.mean() != null) out.add(new Metric("mean", r.mean(), Report.PerfFigures::mean, true));
        if (r.max() != null) out.add(new Metric("max", r.max(), Report.PerfFigures::max, true));
        if (r.throughputDrop() != null) out.add(new Metric("throughput", r.throughputDrop(), Report.PerfFigures::throughput, false));
        return out;
    }

    static List<Report.PerfRule> regressionsAgainst(PerformanceSpec.Regression r, Report.PerfFigures candidate, Report.PerfFigures base) {
        var rules = new ArrayList<Report.PerfRule>();
        for (Metric m : metrics(r)) {
            double c = m.value().applyAsDouble(candidate);
            double b = m.value().applyAsDouble(base);
            double ratio = ratio(c, b);
            boolean passed = holds(m, ratio, c - b);
            rules.add(new Report.PerfRule(m.name(), limit(m), change(ratio) + " (" + fmt(m, c) + " vs " + fmt(m, b) + ")", passed,
                    m.latency() && !passed ? null : resolutionNote(m, ratio, c - b)));
        }
        return rules;
    }

    static List<Report.PerfRule> regressionsByPairs(PerformanceSpec.Regression r, List<Report.PerfPair> pairs) {
        var rules = new ArrayList<Report.PerfRule>();
        if (pairs.isEmpty()) return rules;
        for (Metric m : metrics(r)) {
            double[] ratios = new double[pairs.size()];
            double[] diffs = new double[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                double b = m.value().applyAsDouble(pairs.get(i).baseline());
                double c = m.value().applyAsDouble(pairs.get(i).candidate());
                ratios[i] = ratio(c, b);
                diffs[i] = c - b;
            }
            double ratio = Figures.median(ratios);
            double diff = Figures.median(diffs);
            boolean passed = holds(m, ratio, diff);
            String each = Arrays.stream(ratios).mapToObj(PerformanceRunner::change).collect(Collectors.joining(", "));
            rules.add(new Report.PerfRule(m.name(), limit(m), change(ratio) + " (median of pairs: " + each + ")", passed,
                    resolutionNote(m, ratio, diff)));
        }
        return rules;
    }

    private static boolean holds(Metric m, double ratio, double diff) {
        if (m.latency()) return ratio <= 1 + m.limitPct() / 100 || diff <= LATENCY_RESOLUTION_MS;
        return ratio >= 1 - m.limitPct() / 100;
    }

    private static String resolutionNote(Metric m, double ratio, double diff) {
        if (m.latency() && ratio > 1 + m.limitPct() / 100 && diff <= LATENCY_RESOLUTION_MS) {
            return "within Gatling's 1 ms resolution";
        }
        return null;
    }

    private static double ratio(double candidate, double base) {
        if (base <= 0) return candidate <= 0 ? 1 : Double.POSITIVE_INFINITY;
        return candidate / base;
    }

    private static String limit(Metric m) {
        return (m.latency() ? "+" : "-") + num(m.limitPct()) + "%";
    }

    private static String change(double ratio) {
        if (Double.isInfinite(ratio)) return "+inf%";
        double pct = (ratio - 1) * 100;
        return (pct >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.1f", pct) + "%";
    }

    private static String fmt(Metric m, double v) {
        return m.latency() ? Math.round(v) + " ms" : num(v) + "/s";
    }

    static String num(double d) {
        return NumberText.of(d, 2);
    }

    private static Report.PerfFigures figures(PerfFork.RunStats r) {
        double errorRate = r.count() == 0 ? 0 : Figures.round2(100.0 * r.errors() / r.count());
        return new Report.PerfFigures(r.count(), r.errors(), errorRate, r.min(), r.mean(), r.p50(), r.p75(), r.p95(), r.p99(), r.max(),
                Figures.round2(r.throughput()));
    }

    /** The rate an open model asks for; null for a closed model. */
    private static Double openRate(PerformanceSpec.Scenario s) {
        return s.load().model() == PerformanceSpec.Model.OPEN ? s.load().rate() : null;
    }

    private static String describe(PerformanceSpec.Scenario s) {
        var l = s.load();
        String load = l.model() == PerformanceSpec.Model.OPEN ? num(l.rate()) + "/s open" : l.users() + " users closed";
        return load + " for " + l.duration().toMillis() / 1000.0 + " s"
                + (l.rampUp().isZero() ? "" : " after " + l.rampUp().toMillis() / 1000.0 + " s ramp-up")
                + (s.warmUp().isZero() ? "" : " and " + s.warmUp().toMillis() / 1000.0 + " s warm-up");
    }

    private static PerfFork.Run plan(PerformanceSpec.Scenario s, String id, URI baseUrl, boolean htmlReport) {
        var requests = new ArrayList<PerfFork.Request>();
        for (var w : s.requests()) requests.add(request(w));
        var l = s.load();
        String base = baseUrl.toString().replaceAll("/+$", "");
        return new PerfFork.Run(id, base, requests, l.model() == PerformanceSpec.Model.OPEN ? "open" : "closed",
                l.rate(), l.users(), l.rampUp().toMillis(), s.warmUp().toMillis(), l.duration().toMillis(), htmlReport);
    }

    private static PerfFork.Request request(PerformanceSpec.WeightedRequest w) {
        CheckSpec.RequestSpec r = w.request();
        String path = r.path();
        if (!r.query().isEmpty()) {
            String q = r.query().entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            path = path + (path.contains("?") ? "&" : "?") + q;
        }
        var headers = new LinkedHashMap<>(r.headers());
        String body = null;
        if (r.json() != null) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = Base64.getEncoder().encodeToString(r.json().toString().getBytes(StandardCharsets.UTF_8));
        } else if (r.body() != null) {
            body = Base64.getEncoder().encodeToString(r.body().getBytes(StandardCharsets.UTF_8));
        }
        Duration timeout = r.timeout() == null ? CheckSpec.RequestSpec.DEFAULT_TIMEOUT : r.timeout();
        return new PerfFork.Request(r.method() + " " + r.path(), r.method(), path, headers, body, w.weight(), timeout.toMillis());
    }
}
