package io.shakedown.cli;

import io.shakedown.report.StageStatus;
import io.shakedown.run.RunEvent;
import io.shakedown.run.RunListener;
import io.shakedown.report.Report;
import io.shakedown.report.Severity;
import io.shakedown.spec.ValidationSpec;
import java.io.PrintStream;
import java.util.Locale;

/** Stage-by-stage progress on a terminal, then the verdict and, on failure, the why. */
final class ConsoleProgress implements RunListener {
    private final PrintStream out;
    private final boolean verbose;

    ConsoleProgress(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    void header(ValidationSpec spec) {
        var t = spec.target();
        out.println("shakedown · " + spec.app() + " (" + spec.environment() + ") · "
                + (t.isImage() ? "image " + t.image() + ", port " + t.port() : "url " + t.url()));
    }

    @Override
    public synchronized void onEvent(RunEvent e) {
        switch (e.type()) {
            case "stage-finished" -> out.printf("  %s %-10s %s%n", mark(e.status()), e.stage(), e.message() == null ? "" : e.message());
            case "check-finished" -> out.printf("  %s   check %s%n", mark(e.status()), e.message());
            case "flow-finished" -> out.printf("  %s   flow %s%n", mark(e.status()), e.message());
            case "page-finished" -> out.printf("  %s   page %s%n", mark(e.status()), e.message());
            case "lint" -> out.println("  ! lint: " + e.message());
            case "log" -> {
                if (verbose) out.println("    | " + e.message());
            }
            default -> { }
        }
    }

    void footer(Report report) {
        out.println();
        out.println(report.verdict() + " — " + report.summary());
        var diagnosis = report.readiness() == null ? null : report.readiness().diagnosis();
        if (diagnosis != null) {
            out.println("  why:  " + diagnosis.summary());
            if (diagnosis.hint() != null) out.println("  fix:  " + diagnosis.hint());
            diagnosis.evidence().forEach(line -> out.println("  seen: " + line.replace("\n", "\n        ")));
        }
        if (report.framework() != null) out.println("  framework: " + report.framework().summary());
        if (report.findings() != null) {
            for (var f : report.findings()) {
                if (f.severity() == Severity.INFO) continue;
                out.printf("  %-7s %s  %s%s%n", f.severity().name(), f.ruleId(), f.title(),
                        f.waived() ? " (waived: " + f.waiverReason() + ")" : "");
                for (int i = 0; i < f.evidence().size(); i++) {
                    out.println((i == 0 ? "    evidence: " : "              ") + f.evidence().get(i));
                }
                out.println("    fix:      " + f.fix());
                out.println("    see:      " + f.helpUri());
            }
        }
        if (report.checks() != null) {
            report.checks().stream().filter(c -> c.failure() != null).forEach(c -> {
                out.println("  check '" + c.name() + "': " + c.failure());
                if (c.response() != null) {
                    out.println("        " + c.request().method() + " " + c.request().url() + " → " + c.response().status()
                            + (c.response().bodyExcerpt().isBlank() ? "" : ": " + oneLine(c.response().bodyExcerpt())));
                }
            });
        }
        if (report.performance() != null) {
            for (var sc : report.performance().scenarios()) {
                var f = sc.figures();
                out.println("  performance '" + sc.name() + "' " + sc.status() + (f == null ? "" : String.format(Locale.ROOT,
                        ": %d requests, %d errors, p50 %d ms, p95 %d ms, p99 %d ms, %.1f/s", f.count(), f.errors(), f.p50(), f.p95(), f.p99(), f.throughput())));
                sc.rules().forEach(r -> out.println("        " + (r.passed() ? "✓ " : "✗ ") + r.metric() + " " + r.actual() + " (limit " + r.limit() + ")"
                        + (r.note() == null ? "" : " — " + r.note())));
                if (sc.baseline() != null) out.println("        baseline: " + sc.baseline().description());
            }
        }
        flowsAndAssets(report);
    }

    /** The failing step of each failed flow with its exchange, and what was wrong with the assets. */
    private void flowsAndAssets(Report report) {
        if (report.flows() != null) {
            report.flows().stream().filter(f -> f.failure() != null).forEach(f -> {
                out.println("  flow '" + f.name() + "' failed at " + f.failedStep());
                f.steps().stream().filter(s -> s.status() == StageStatus.FAILED).findFirst().ifPresent(s -> {
                    out.println("        " + s.failure());
                    if (s.response() != null) {
                        out.println("        " + s.request().method() + " " + s.request().url() + " → " + s.response().status()
                                + (s.response().bodyExcerpt().isBlank() ? "" : ": " + oneLine(s.response().bodyExcerpt())));
                    }
                });
            });
        }
        if (report.assets() != null && report.assets().failure() != null) {
            report.assets().pages().stream().filter(p -> p.failure() != null).forEach(p -> out.println("  " + p.failure()));
            report.assets().spaRoutes().stream().filter(r -> r.failure() != null).forEach(r -> out.println("  " + r.failure()));
        }
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static String mark(String status) {
        if (status == null) return " ";
        return switch (status) {
            case "PASSED" -> "✓";
            case "SKIPPED" -> "–";
            case "CANCELLED" -> "⊘";
            default -> "✗";
        };
    }
}
