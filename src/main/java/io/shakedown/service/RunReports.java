package io.shakedown.service;

import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportJson;
import io.shakedown.store.ValidationRun;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A stored run's report in each format: what the API and the UI's run page serve. */
@ApplicationScoped
public class RunReports {

    /** A report as text with its media type. */
    public record Rendered(String text, String mediaType) {}

    /**
     * The run's report in {@code format}; empty while it has none. {@code specPath}: the spec's path in the repository
     * (SARIF locations); {@code page}: where the full report can be read (the Markdown summary's link).
     */
    public Optional<Rendered> render(ValidationRun run, ReportFormat format, String specPath, String page) {
        if (run.report == null) return Optional.empty();
        if (format == ReportFormat.JSON) return Optional.of(new Rendered(run.report, "application/json"));
        String text = format.render(ReportJson.read(run.report), new ReportFormat.RenderOptions(specPath, page));
        return Optional.of(new Rendered(text, format.mediaType() + "; charset=UTF-8"));
    }
}
