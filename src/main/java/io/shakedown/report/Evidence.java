package io.shakedown.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evidence of a report as plain text blocks, shared by the JUnit, Markdown and HTML renderers so each
 * failure reads the same wherever it is shown.
 */
public final class Evidence {
    private Evidence() {}

    /** Something that went wrong, with what to show for it. */
    public record Problem(String kind, String title, String message, String evidence, String hint) {}

    /** Everything that did not pass, most important first: the run's error, readiness, checks, flows, assets, contract, findings. */
    public static List<Problem> problems(Report report) {
        var problems = new ArrayList<Problem>();
        if (report.error() != null) problems.add(new Problem("error", "Shakedown could not do its job", report.error(), null, null));
        var readiness = report.readiness();
        if (readiness != null && readiness.status() != StageStatus.PASSED && readiness.status() != StageStatus.SKIPPED) {
            var d = readiness.diagnosis();
            problems.add(new Problem("readiness", "not ready" + (d == null ? "" : ": " + d.kind()),
                    d == null ? stageMessage(report, "readiness") : d.summary(), readinessEvidence(readiness), d == null ? null : d.hint()));
        }
        if (report.checks() != null) {
            for (var check : report.checks()) {
                if (check.status() == StageStatus.FAILED || check.status() == StageStatus.ERROR) {
                    problems.add(new Problem("check", "check “" + check.name() + "”", check.failure(), checkEvidence(check), null));
                }
            }
        }
        if (report.flows() != null) {
            for (var flow : report.flows()) {
                if (flow.status() != StageStatus.FAILED && flow.status() != StageStatus.ERROR) continue;
                var step = failedStep(flow);
                problems.add(new Problem("flow", "flow “" + flow.name() + "”" + (flow.failedStep() == null ? "" : " · " + flow.failedStep()),
                        step != null && step.failure() != null ? step.failure() : flow.failure(), step == null ? null : stepEvidence(step), null));
            }
        }
        var assets = report.assets();
        if (assets != null && (assets.status() == StageStatus.FAILED || assets.status() == StageStatus.ERROR)) {
            problems.add(new Problem("assets", "static assets", assets.failure(), null, null));
        }
        if (report.browser() != null && report.browser().pages() != null) {
            for (var page : report.browser().pages()) {
                if (page.status() != StageStatus.FAILED && page.status() != StageStatus.ERROR) continue;
                problems.add(new Problem("browser", "page " + page.path() + " in the browser", page.failure(), browserPageEvidence(page), null));
            }
        }
        if (report.browser() != null && report.browser().flows() != null) {
            for (var flow : report.browser().flows()) {
                if (flow.status() != StageStatus.FAILED && flow.status() != StageStatus.ERROR) continue;
                problems.add(new Problem("browser", "browser flow “" + flow.name() + "”" + (flow.failedStep() == null ? "" : " · " + flow.failedStep()),
                        flow.failure(), browserFlowEvidence(flow), null));
            }
        }
        var contract = report.contract();
        if (contract != null && contract.status() == StageStatus.FAILED) {
            if (contract.operations().stream().noneMatch(o -> o.status() == StageStatus.FAILED)) {
                problems.add(new Problem("contract", "contract: no usable OpenAPI document", contract.failure(), contractDocument(contract), null));
            }
            for (var op : contract.operations()) {
                if (op.status() != StageStatus.FAILED) continue;
                problems.add(new Problem("contract", "contract · " + operationName(op) + (op.origin().equals("contract") ? "" : " · " + op.origin()),
                        violationsText(op, true), contractEvidence(op), null));
            }
        }
        for (var f : ReportFindings.of(report)) {
            if (f.failsRun()) {
                problems.add(new Problem("finding", f.ruleId() + ": " + f.title(), f.message(), findingEvidence(f), f.helpUri()));
            }
        }
        return problems;
    }

    /** What the browser saw on one page: each problem (✗ fails, ! warning, ~ waived), what rendered, the timings. */
    public static String browserPageEvidence(Report.BrowserPage page) {
        var sb = new StringBuilder();
        sb.append(page.url() == null ? page.path() : page.url()).append(page.httpStatus() == null ? "" : " → " + page.httpStatus()).append('\n');
        if (page.problems() != null) {
            for (var p : page.problems()) {
                String mark = p.waived() ? "~ waived  " : p.severity() == Severity.ERROR ? "✗ error   " : "! warning ";
                sb.append(mark).append(p.kind()).append(": ").append(p.describe()).append('\n');
            }
        }
        sb.append(page.rendered() ? "rendered: " + abbreviate(page.text() == null ? "(media only)" : page.text().replace('\n', ' '), 160)
                : "rendered: nothing (blank page)").append('\n');
        if (page.timings() != null) sb.append("timings: ").append(browserTimings(page.timings())).append('\n');
        if (page.traceId() != null) sb.append("trace id: ").append(page.traceId()).append(page.traceUrl() == null ? "" : " " + page.traceUrl()).append('\n');
        return sb.toString().stripTrailing();
    }

    /** Each step's outcome, then where the browser was when the flow failed and the start of its DOM. */
    public static String browserFlowEvidence(Report.BrowserFlowResult flow) {
        var sb = new StringBuilder();
        if (flow.steps() != null) {
            for (var st : flow.steps()) {
                sb.append(st.status() == StageStatus.PASSED ? "✓ " : st.status() == StageStatus.SKIPPED ? "- " : "✗ ").append(st.name());
                if (st.captured() != null) st.captured().forEach((k, v) -> sb.append(" → ").append(k).append(" = '").append(v).append('\''));
                if (st.failure() != null) sb.append(" — ").append(st.failure());
                sb.append('\n');
            }
        }
        if (flow.url() != null) sb.append("at: ").append(flow.url()).append('\n');
        if (flow.domExcerpt() != null) sb.append("DOM: ").append(flow.domExcerpt()).append('\n');
        if (flow.traceId() != null) sb.append("trace id: ").append(flow.traceId()).append(flow.traceUrl() == null ? "" : " " + flow.traceUrl()).append('\n');
        return sb.toString().stripTrailing();
    }

    /** "TTFB 7 ms · DOMContentLoaded 81 ms · load 136 ms · LCP 148 ms · CLS 0.0 · settled after 902 ms". */
    public static String browserTimings(Report.BrowserTimings t) {
        var parts = new ArrayList<String>();
        if (t.ttfbMs() != null) parts.add("TTFB " + t.ttfbMs() + " ms");
        if (t.domContentLoadedMs() != null) parts.add("DOMContentLoaded " + t.domContentLoadedMs() + " ms");
        if (t.loadMs() != null) parts.add("load " + t.loadMs() + " ms");
        if (t.lcpMs() != null) parts.add("LCP " + t.lcpMs() + " ms");
        if (t.cls() != null) parts.add("CLS " + t.cls());
        parts.add((t.networkIdle() ? "settled after " : "network still busy after ") + t.settledMs() + " ms");
        return String.join(" · ", parts);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static String stageMessage(Report report, String stage) {
        if (report.stages() == null) return null;
        // a stage without a message (a readiness the run stopped) is null: findFirst() cannot take a null element
        return report.stages().stream().filter(s -> s.name().equals(stage)).findFirst().map(Report.Stage::message).orElse(null);
    }

    public static String readinessEvidence(Report.Readiness readiness) {
        var sb = new StringBuilder();
        if (readiness.strategies() != null) {
            for (var s : readiness.strategies()) {
                sb.append(s.ready() ? "✓ " : "✗ ").append(s.strategy()).append(" — ").append(s.attempts()).append(" attempt(s)");
                if (s.lastOutcome() != null) sb.append(", last: ").append(s.lastOutcome());
                sb.append('\n');
            }
        }
        var d = readiness.diagnosis();
        if (d != null) {
            if (d.kind() != null) sb.append("diagnosis: ").append(d.kind()).append(" — ").append(d.kind().description()).append('\n');
            if (d.evidence() != null) d.evidence().forEach(e -> sb.append("seen: ").append(e).append('\n'));
            if (d.hint() != null) sb.append("fix: ").append(d.hint()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The step that ended the flow: the first FAILED or ERROR one; null when none (the flow failed before its steps). */
    static Report.StepResult failedStep(Report.FlowResult flow) {
        if (flow.steps() == null) return null;
        return flow.steps().stream().filter(st -> st.status() == StageStatus.FAILED || st.status() == StageStatus.ERROR)
                .findFirst().orElse(null);
    }

    /** "steps[2] read my profile", as {@code failedStep} names it. */
    public static String stepName(Report.StepResult step) {
        return "steps[" + step.index() + "]" + (step.name() == null ? "" : " " + step.name());
    }

    /** A flow step's request, response and assertions (already redacted in the report), like a check's. */
    public static String stepEvidence(Report.StepResult step) {
        return http(step.request(), step.response(), step.assertions(), step.durationMs());
    }

    public static String checkEvidence(Report.CheckResult check) {
        return http(check.request(), check.response(), check.assertions(), check.durationMs());
    }

    private static String http(Report.RequestEvidence rq, Report.ResponseEvidence rs, List<Report.AssertionResult> assertions, long durationMs) {
        var sb = new StringBuilder();
        if (rq != null) {
            sb.append(rq.method()).append(' ').append(rq.url()).append('\n');
            headers(sb, rq.headers());
            if (rq.traceId() != null) sb.append("trace id: ").append(rq.traceId()).append(rq.traceUrl() == null ? "" : " " + rq.traceUrl()).append('\n');
            if (rq.bodyExcerpt() != null && !rq.bodyExcerpt().isEmpty()) sb.append('\n').append(rq.bodyExcerpt()).append('\n');
        }
        if (rs != null) {
            sb.append("→ ").append(rs.status()).append(" (").append(rs.bodyBytes()).append(" bytes")
                    .append(rs.bodyTruncated() ? ", body cut" : "").append(", ").append(durationMs).append(" ms)\n");
            if (rs.headers() != null) rs.headers().forEach((k, v) -> v.forEach(value -> sb.append(k).append(": ").append(value).append('\n')));
            if (rs.bodyExcerpt() != null && !rs.bodyExcerpt().isEmpty()) sb.append('\n').append(rs.bodyExcerpt()).append('\n');
        } else if (rq != null) {
            sb.append("→ no response\n");
        }
        if (assertions != null && !assertions.isEmpty()) {
            sb.append("assertions:\n");
            for (var a : assertions) {
                sb.append(a.passed() ? "  ✓ " : "  ✗ ").append(a.what()).append(": expected ").append(a.expected())
                        .append(", got ").append(a.actual()).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    /** "GET /items/{id} (getItem)". */
    public static String operationName(Report.ContractOperation op) {
        return op.method() + " " + op.path() + (op.operationId() == null ? "" : " (" + op.operationId() + ")");
    }

    /** The violations of one exchange, one per line ("schema at /id: expected ..., got ..."); only the failing ones when asked. */
    public static String violationsText(Report.ContractOperation op, boolean failingOnly) {
        var sb = new StringBuilder();
        for (var v : op.violations()) {
            if (failingOnly && !v.fails()) continue;
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(violation(v));
        }
        return sb.toString();
    }

    /** "schema at /id: expected integer, got "1"", with (warning) when it does not fail the run. */
    public static String violation(Report.ContractViolation v) {
        return v.kind() + (v.pointer() == null ? "" : " at " + (v.pointer().isEmpty() ? "the root" : v.pointer()))
                + ": expected " + v.expected() + ", got " + v.actual() + (v.fails() ? "" : " (warning)");
    }

    /** The exchange (request, response) and every violation. */
    public static String contractEvidence(Report.ContractOperation op) {
        String http = http(op.request(), op.response(), null, 0).replaceFirst(", 0 ms\\)", ")");
        return (http + "\nviolations:\n" + violationsText(op, false).indent(2)).stripTrailing();
    }

    /** Which document was used, or where none was found. */
    public static String contractDocument(Report.Contract c) {
        var d = c.document();
        if (d == null) return "";
        var sb = new StringBuilder();
        if (d.location() != null) {
            sb.append("document: ").append(d.location()).append(" (").append(d.source()).append(", OpenAPI ").append(d.openapiVersion())
                    .append(d.title() == null ? "" : ", " + d.title() + (d.apiVersion() == null ? "" : " " + d.apiVersion()))
                    .append(", ").append(d.operations()).append(" operation(s))\n");
        } else {
            sb.append("no document\n");
        }
        if (d.tried() != null) d.tried().forEach(x -> sb.append("tried: ").append(x).append('\n'));
        if (d.problems() != null) d.problems().forEach(x -> sb.append("document problem: ").append(x).append('\n'));
        return sb.toString().stripTrailing();
    }

    public static String findingEvidence(RenderedFinding f) {
        var sb = new StringBuilder();
        if (f.location() != null) sb.append("where: ").append(where(f.location())).append('\n');
        if (f.evidence() != null) f.evidence().forEach(e -> sb.append("seen: ").append(e).append('\n'));
        if (f.helpUri() != null) sb.append("help: ").append(f.helpUri()).append('\n');
        return sb.toString().stripTrailing();
    }

    public static String where(RenderedFinding.Location l) {
        if ("image".equals(l.kind())) return "image " + (l.path() == null ? "" : l.path());
        return "spec" + (l.line() == null ? "" : " line " + l.line());
    }

    public static String logText(Report report) {
        return containerLogText(report.log());
    }

    /** A container's log (the app's, a service's, a job's) as text; null when there is none. */
    public static String containerLogText(Report.ContainerLog log) {
        if (log == null || log.lines() == null || log.lines().isEmpty()) return null;
        var sb = new StringBuilder();
        if (log.truncated()) sb.append("… (last ").append(log.lines().size()).append(" of ").append(log.totalLines()).append(" lines)\n");
        log.lines().forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static void headers(StringBuilder sb, Map<String, String> headers) {
        if (headers != null) headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    }

    /** Seconds with millisecond precision, as JUnit's {@code time} attributes want. */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
