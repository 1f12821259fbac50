package io.shakedown.report;

/**
 * One self-contained HTML file (inline CSS, no scripts, no external fonts or images) that reads well
 * offline: verdict banner, failures with evidence, stages, checks, and collapsible details.
 * Every piece of report text is escaped: evidence comes from the app under test and is untrusted.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
            main{max-width:980px;margin:0 auto;padding:24px}
            .banner{padding:16px 20px;border-radius:8px;color:#fff;margin-bottom:16px}
            .PASSED{background:#1a7f37}.FAILED{background:#cf222e}.ERROR{background:#9a6700}.CANCELLED{background:#57606a}
            .banner h1{margin:0;font-size:24px}.banner p{margin:4px 0 0}
            section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 20px;margin-bottom:16px}
            h2{font-size:18px;margin:8px 0}h3{font-size:16px;margin:12px 0 4px}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            td.num{text-align:right;white-space:nowrap}
            pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-word;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            .s-PASSED{color:#1a7f37}.s-FAILED{color:#cf222e}.s-ERROR{color:#9a6700}.s-SKIPPED,.s-CANCELLED{color:#57606a}
            .hint{background:#ddf4ff;border-left:4px solid #0969da;padding:6px 10px}
            details{margin:6px 0}summary{cursor:pointer}
            .meta{color:#57606a;font-size:13px}
            """;

    private final ReportFormat.RenderOptions options;

    public HtmlRenderer(ReportFormat.RenderOptions options) {
        this.options = options == null ? ReportFormat.RenderOptions.none() : options;
    }

    public String render(Report report) {
        var h = new StringBuilder(16_384);
        String verdict = report.verdict() == null ? "PENDING" : report.verdict().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(e("Shakedown " + verdict + " — " + nz(report.app()))).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body><main>\n");
        h.append("<div class=\"banner ").append(verdict).append("\"><h1>").append(verdict).append(" — ").append(e(nz(report.app())))
                .append(report.environment() == null ? "" : " (" + e(report.environment()) + ")").append("</h1><p>")
                .append(e(nz(report.summary()))).append("</p></div>\n");
        h.append("<p class=\"meta\">target ").append(e(target(report))).append(" · ").append(report.durationMs()).append(" ms");
        if (report.startedAt() != null) h.append(" · started ").append(e(report.startedAt().toString()));
        if (report.runId() != null) h.append(" · run ").append(e(report.runId()));
        h.append("</p>\n");

        var problems = Evidence.problems(report);
        if (!problems.isEmpty()) {
            h.append("<section><h2>What failed</h2>\n");
            for (var p : problems) {
                h.append("<h3 class=\"s-FAILED\">✗ ").append(e(p.title())).append("</h3>");
                if (p.message() != null) h.append("<p>").append(e(p.message())).append("</p>");
                if (p.hint() != null) h.append("<p class=\"hint\"><b>Fix:</b> ").append(e(p.hint())).append("</p>");
                if (p.evidence() != null && !p.evidence().isBlank()) h.append("<pre>").append(e(p.evidence())).append("</pre>");
                h.append('\n');
            }
            h.append("</section>\n");
        }

        h.append("<section><h2>Stages</h2><table><tr><th>stage</th><th>result</th><th>time</th><th>note</th></tr>\n");
        if (report.stages() != null) {
            for (var s : report.stages()) {
                h.append("<tr><td>").append(e(s.name())).append("</td><td class=\"s-").append(s.status()).append("\">").append(s.status())
                        .append("</td><td class=\"num\">").append(s.durationMs()).append(" ms</td><td>").append(e(nz(s.message()))).append("</td></tr>\n");
            }
        }
        h.append("</table></section>\n");

        if (report.readiness() != null) {
            h.append("<section><h2>Readiness</h2><p class=\"s-").append(report.readiness().status()).append("\">")
                    .append(report.readiness().status()).append(" in ").append(report.readiness().durationMs()).append(" ms</p>")
                    .append("<pre>").append(e(Evidence.readinessEvidence(report.readiness()))).append("</pre></section>\n");
        }

        if (report.checks() != null && !report.checks().isEmpty()) {
            h.append("<section><h2>Checks</h2>\n");
            for (var c : report.checks()) {
                h.append("<details").append(c.status() == StageStatus.PASSED ? "" : " open").append("><summary><span class=\"s-")
                        .append(c.status()).append("\">").append(c.status()).append("</span> ").append(e(c.name())).append(" · ")
                        .append(c.durationMs()).append(" ms").append(c.failure() == null ? "" : " — " + e(c.failure()))
                        .append("</summary><pre>").append(e(Evidence.checkEvidence(c))).append("</pre></details>\n");
            }
            h.append("</section>\n");
        }

        var findings = ReportFindings.of(report);
        if (!findings.isEmpty()) {
            h.append("<section><h2>Rule findings</h2>\n");
            for (var f : findings) {
                h.append("<h3>").append(e(f.level() + " " + f.ruleId() + ": " + nz(f.title()))).append("</h3><p>").append(e(nz(f.message())))
                        .append("</p><pre>").append(e(Evidence.findingEvidence(f))).append("</pre>\n");
            }
            h.append("</section>\n");
        }

        String log = Evidence.logText(report);
        if (log != null) {
            h.append("<section><details><summary><b>Container log</b> (last ").append(report.log().lines().size()).append(" of ")
                    .append(report.log().totalLines()).append(" lines)</summary><pre>").append(e(log)).append("</pre></details></section>\n");
        }
        if (options.reportUrl() != null) h.append("<p class=\"meta\">JSON report: ").append(e(options.reportUrl())).append("</p>\n");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static String target(Report report) {
        var t = report.target();
        if (t == null) return "—";
        if (t.image() != null) return "image " + t.image() + (t.port() == null ? "" : " port " + t.port());
        return nz(t.url());
    }

    /** HTML-escapes text (also quotes, so it is safe in attributes). */
    static String e(String s) {
        if (s == null) return "";
        var sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
