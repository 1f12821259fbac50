package io.shakedown.report;

import java.util.List;

/**
 * The one place renderers get rule findings from: the report's findings (validator-rules/) in the shape
 * the JUnit, SARIF, Markdown and HTML renderers read. A waived finding is kept, as a note that says who
 * waived it and why — a waiver is never silent, but it does not fail a pipeline either.
 */
public final class ReportFindings {
    private ReportFindings() {}

    public static List<Finding> of(Report report) {
        if (report.findings() == null) return List.of();
        return report.findings().stream().map(ReportFindings::toRendered).toList();
    }

    static Finding toRendered(Report.Finding f) {
        Finding.Level level = f.waived() || f.severity() == null ? Finding.Level.NOTE : switch (f.severity()) {
            case ERROR -> Finding.Level.ERROR;
            case WARNING -> Finding.Level.WARNING;
            case INFO -> Finding.Level.NOTE;
        };
        String message = f.message()
                + (f.fix() == null ? "" : " Fix: " + f.fix())
                + (f.waived() ? " (waived: " + f.waiverReason() + ")" : "");
        return new Finding(f.ruleId(), level, f.title(), message, f.helpUri(), f.evidence(), location(f.location()), f.failsRun());
    }

    /** Files inside the image keep their path and line; other evidence (log, HTTP, runtime) points at the spec. */
    private static Finding.Location location(Report.Location l) {
        if (l == null) return Finding.Location.spec(null);
        return switch (l.kind() == null ? "" : l.kind()) {
            case "file" -> new Finding.Location("image", l.path(), l.line());
            case "image-config" -> new Finding.Location("image", "image config " + l.path(), null);
            default -> Finding.Location.spec(null);
        };
    }
}
