package io.shakedown.report;

import java.util.List;

/**
 * The one place renderers get rule findings from: the report's findings (validator-rules/) in the shape
 * the JUnit, SARIF, Markdown and HTML renderers read. A waived finding is kept, as a note that says who
 * waived it and why — a waiver is never silent, but it does not fail a pipeline either.
 */
public final class ReportFindings {
    private ReportFindings() {}

    public static List<RenderedFinding> of(Report report) {
        if (report.findings() == null) return List.of();
        return report.findings().stream().map(ReportFindings::toRendered).toList();
    }

    static RenderedFinding toRendered(Report.Finding f) {
        RenderedFinding.Level level = f.waived() || f.severity() == null ? RenderedFinding.Level.NOTE : switch (f.severity()) {
            case ERROR -> RenderedFinding.Level.ERROR;
            case WARNING -> RenderedFinding.Level.WARNING;
            case INFO -> RenderedFinding.Level.NOTE;
        };
        String message = f.message()
                + (f.fix() == null ? "" : " Fix: " + f.fix())
                + (f.waived() ? " (waived: " + f.waiverReason() + ")" : "");
        return new RenderedFinding(f.ruleId(), level, f.title(), message, f.helpUri(), f.evidence(), location(f.location()), f.failsRun());
    }

    /** Files inside the image keep their path and line; other evidence (log, HTTP, runtime) points at the spec. */
    private static RenderedFinding.Location location(Report.Location l) {
        if (l == null) return RenderedFinding.Location.spec(null);
        return switch (l.kind() == null ? "" : l.kind()) {
            case "file" -> new RenderedFinding.Location("image", l.path(), l.line());
            case "image-config" -> new RenderedFinding.Location("image", "image config " + l.path(), null);
            default -> RenderedFinding.Location.spec(null);
        };
    }
}
