package io.shakedown.report;

import java.util.List;
import java.util.Locale;

/**
 * GitHub-flavoured Markdown for {@code $GITHUB_STEP_SUMMARY} and PR comments: the verdict first, then each
 * failure with its evidence, then timings, then everything else collapsed in {@code <details>}. Kept
 * well under GitHub's 1 MiB summary limit: evidence blocks are cut at {@value #MAX_BLOCK} characters.
 */
public final class MarkdownRenderer {
    static final int MAX_BLOCK = 6000;

    private final ReportFormat.RenderOptions options;

    public MarkdownRenderer(ReportFormat.RenderOptions options) {
        this.options = options == null ? ReportFormat.RenderOptions.none() : options;
    }

    public String render(Report report) {
        var md = new StringBuilder();
        Verdict verdict = report.verdict();
        md.append("## ").append(icon(verdict)).append(" Shakedown ").append(verdict == null ? "—" : verdict.name())
                .append(" — ").append(inline(report.app())).append(report.environment() == null ? "" : " (" + inline(report.environment()) + ")")
                .append("\n\n");
        md.append("**").append(inline(report.summary())).append("**\n\n");
        String target = target(report);
        md.append("Target: ").append(target).append(" · ").append(report.durationMs()).append(" ms");
        if (options.reportUrl() != null) md.append(" · [full report](").append(options.reportUrl()).append(")");
        md.append("\n\n");

        List<Evidence.Problem> problems = Evidence.problems(report);
        if (!problems.isEmpty()) {
            md.append("### What failed\n\n");
            for (var p : problems) {
                md.append("#### ❌ ").append(inline(p.title())).append("\n\n");
                if (p.message() != null) md.append(inline(p.message())).append("\n\n");
                if (p.hint() != null) md.append("**Fix:** ").append(inline(p.hint())).append("\n\n");
                if (p.evidence() != null && !p.evidence().isBlank()) md.append(block(p.evidence())).append("\n");
            }
        }

        findingsNotFailing(md, report);

        md.append("### Stages\n\n| stage | result | time | note |\n|---|---|---:|---|\n");
        if (report.stages() != null) {
            for (var s : report.stages()) {
                md.append("| ").append(s.name()).append(" | ").append(mark(s.status())).append(' ').append(s.status())
                        .append(" | ").append(s.durationMs()).append(" ms | ").append(cell(s.message())).append(" |\n");
            }
        }
        md.append('\n');

        dependencies(md, report.dependencies());
        if (report.checks() != null && !report.checks().isEmpty()) {
            md.append("### Checks\n\n| check | result | time | |\n|---|---|---:|---|\n");
            for (var c : report.checks()) {
                md.append("| ").append(cell(c.name())).append(" | ").append(mark(c.status())).append(' ').append(c.status())
                        .append(" | ").append(c.durationMs()).append(" ms | ").append(cell(c.failure())).append(" |\n");
            }
            md.append('\n');
        }
        var readiness = report.readiness();
        if (readiness != null && readiness.status() == StageStatus.PASSED) {
            md.append("Ready in **").append(readiness.durationMs()).append(" ms**.\n\n");
        }
        performance(md, report.performance());
        contract(md, report.contract());

        if (report.checks() != null) {
            for (var c : report.checks()) {
                if (c.status() == StageStatus.PASSED) {
                    details(md, "✅ check “" + c.name() + "” — evidence", Evidence.checkEvidence(c));
                }
            }
        }
        if (readiness != null && readiness.status() == StageStatus.PASSED) details(md, "Readiness probes", Evidence.readinessEvidence(readiness));
        String log = Evidence.logText(report);
        if (log != null) details(md, "Container log (last " + report.log().lines().size() + " lines)", log);
        if (report.runId() != null) md.append("<sub>run ").append(report.runId()).append("</sub>\n");
        return md.toString();
    }

    /**
     * The rule findings that do not fail the run (warnings, notes, waived errors), right after what failed: what the
     * rules saw is the first thing a reviewer reads, not something hidden below the timings.
     */
    private static void findingsNotFailing(StringBuilder md, Report report) {
        var findings = ReportFindings.of(report).stream().filter(f -> !f.failsRun()).toList();
        if (findings.isEmpty()) return;
        md.append("### Findings\n\n");
        for (var f : findings) {
            md.append("- ").append(f.level() == RenderedFinding.Level.WARNING ? "⚠️" : "ℹ️").append(" **").append(inline(f.ruleId())).append("** ")
                    .append(inline(f.message())).append('\n');
        }
        md.append('\n');
    }

    /** Each scenario's figures against its limits and its baseline: what a reviewer needs to judge a slowdown. */
    private static void performance(StringBuilder md, Report.Performance perf) {
        if (perf == null || perf.scenarios() == null || perf.scenarios().isEmpty()) return;
        md.append("### Performance\n\n| scenario | result | requests | p50 | p95 | p99 | throughput | baseline |\n|---|---|---:|---:|---:|---:|---:|---|\n");
        for (var sc : perf.scenarios()) {
            var f = sc.figures();
            md.append("| ").append(cell(sc.name())).append(" | ").append(mark(sc.status())).append(' ').append(sc.status()).append(" | ");
            if (f == null) {
                md.append("| | | | |");
            } else {
                md.append(f.count()).append(" | ").append(f.p50()).append(" ms | ").append(f.p95()).append(" ms | ").append(f.p99())
                        .append(" ms | ").append(String.format(Locale.ROOT, "%.1f/s", f.throughput())).append(" | ");
            }
            md.append(cell(sc.baseline() == null ? "none yet" : sc.baseline().description())).append(" |\n");
        }
        md.append('\n');
        for (var sc : perf.scenarios()) {
            if (sc.generator() != null && sc.generator().lowerBound()) {
                md.append("- ⚠️ **").append(inline(sc.name())).append("** throughput is a lower bound: ").append(inline(sc.generator().note())).append('\n');
            }
            for (var r : sc.rules()) {
                if (r.passed()) continue;
                md.append("- ❌ **").append(inline(sc.name())).append("** ").append(inline(r.metric())).append(": ")
                        .append(inline(r.actual())).append(" (limit ").append(inline(r.limit())).append(")\n");
            }
        }
        md.append('\n');
    }

    /** The document used, each exchange held to it, and what was skipped (collapsed). */
    private static void contract(StringBuilder md, Report.Contract c) {
        if (c == null) return;
        md.append("### Contract\n\n");
        var d = c.document();
        if (d != null && d.location() != null) {
            md.append("OpenAPI ").append(inline(d.openapiVersion())).append(" document `").append(d.location().replace("`", "'")).append("` (")
                    .append(d.source()).append("), ").append(d.operations()).append(" operation(s)");
            if (c.budget() != null) md.append(" · ").append(c.budget().requests()).append(" request(s) in ").append(c.budget().usedMs()).append(" ms")
                    .append(c.budget().exhausted() ? " — **budget spent**" : "");
            md.append("\n\n");
        } else if (c.failure() != null) {
            md.append(inline(c.failure())).append("\n\n");
        }
        if (!c.operations().isEmpty()) {
            md.append("| operation | from | status | result | violations |\n|---|---|---:|---|---|\n");
            for (var op : c.operations()) {
                md.append("| ").append(cell(Evidence.operationName(op))).append(" | ").append(cell(op.origin())).append(" | ")
                        .append(op.response() == null ? "—" : String.valueOf(op.response().status())).append(" | ")
                        .append(mark(op.status())).append(' ').append(op.status()).append(" | ")
                        .append(cell(Evidence.violationsText(op, false).replace("\n", "; "))).append(" |\n");
            }
            md.append('\n');
        }
        if (!c.skipped().isEmpty()) {
            var sb = new StringBuilder();
            c.skipped().forEach(s -> sb.append(s.method()).append(' ').append(s.path()).append(s.operationId() == null ? "" : " (" + s.operationId() + ")")
                    .append(": ").append(s.reason()).append('\n'));
            details(md, c.skipped().size() + " operation(s) not exercised", sb.toString());
        }
    }

    private static String target(Report report) {
        var t = report.target();
        if (t == null) return "—";
        if (t.image() != null) return "image `" + t.image() + "`" + (t.port() == null ? "" : " port " + t.port())
                + (t.securityProfile() == null ? "" : " · security profile " + t.securityProfile());
        return t.url() == null ? "—" : "`" + t.url() + "`";
    }

    private static void details(StringBuilder md, String summary, String body) {
        if (body == null || body.isBlank()) return;
        md.append("<details><summary>").append(html(summary)).append("</summary>\n\n").append(block(body)).append("\n</details>\n\n");
    }

    /** A fenced block whose fence is longer than any backtick run inside, so evidence can never close it early. */
    /** The services and jobs started beside the app: image, readiness or exit, and why one failed. */
    private static void dependencies(StringBuilder md, Report.Dependencies deps) {
        if (deps == null) return;
        md.append("### Services and jobs\n\n");
        if (deps.raceOutcome() != null) md.append("**Race mode:** ").append(inline(deps.raceOutcome())).append("\n\n");
        md.append("| | image | result | ready in / exit | |\n|---|---|---|---|---|\n");
        for (var s : deps.services()) {
            md.append("| service ").append(cell(s.name())).append(" | ").append(cell(s.image())).append(" | ").append(mark(s.status())).append(' ')
                    .append(s.status()).append(" | ").append(s.readyMs() == null ? "" : s.readyMs() + " ms").append(" | ").append(cell(s.failure())).append(" |\n");
        }
        for (var j : deps.jobs()) {
            md.append("| job ").append(cell(j.name())).append(" | ").append(cell(j.image())).append(" | ").append(mark(j.status())).append(' ')
                    .append(j.status()).append(" | ").append(j.exitCode() == null ? "no exit" : "exit " + j.exitCode()).append(", ")
                    .append(j.durationMs()).append(" ms | ").append(cell(j.failure())).append(" |\n");
        }
        md.append('\n');
    }

    static String block(String text) {
        text = SafeText.clean(text);
        String t = text.length() > MAX_BLOCK ? text.substring(0, MAX_BLOCK) + "\n… (cut; the full evidence is in the JSON report)" : text;
        int longest = 0, run = 0;
        for (char ch : t.toCharArray()) {
            run = ch == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + t.stripTrailing() + "\n" + fence + "\n";
    }

    private static String icon(Verdict v) {
        if (v == null) return "⏳";
        return switch (v) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
            case CANCELLED -> "⏹️";
        };
    }

    private static String mark(StageStatus s) {
        return switch (s) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
            case SKIPPED, CANCELLED -> "⏭️";
        };
    }

    /** One line of prose: no newlines, and HTML-looking text shown, not interpreted. */
    private static String inline(String s) {
        if (s == null) return "";
        return html(s.replace("\r", "").replace("\n", " "));
    }

    private static String cell(String s) {
        return s == null ? "" : inline(s).replace("|", "\\|");
    }

    private static String html(String s) {
        return SafeText.clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
