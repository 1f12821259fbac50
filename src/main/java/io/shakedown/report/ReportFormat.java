package io.shakedown.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every way a report can be written. One run produces all of them from the one {@link Report}: the CLI
 * writes each to its file, the API serves each at {@code /report?format=}.
 */
public enum ReportFormat {
    JSON("json", "application/json", "report.json"),
    JUNIT("junit", "application/xml", "junit.xml"),
    SARIF("sarif", "application/sarif+json", "report.sarif"),
    MARKDOWN("markdown", "text/markdown", "summary.md"),
    HTML("html", "text/html", "report.html");

    private final String id;
    private final String mediaType;
    private final String fileName;

    ReportFormat(String id, String mediaType, String fileName) {
        this.id = id;
        this.mediaType = mediaType;
        this.fileName = fileName;
    }

    /** The name used in {@code ?format=} and {@code --format}. */
    public String id() {
        return id;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The file the CLI and the GitHub Action write it to. */
    public String fileName() {
        return fileName;
    }

    public static Optional<ReportFormat> byId(String id) {
        if (id == null) return Optional.empty();
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("md")) wanted = "markdown";
        if (wanted.equals("xml")) wanted = "junit";
        String w = wanted;
        return Arrays.stream(values()).filter(f -> f.id.equals(w)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ReportFormat::id).toList());
    }

    public String render(Report report, RenderOptions options) {
        return switch (this) {
            case JSON -> ReportJson.write(report);
            case JUNIT -> new JUnitRenderer().render(report);
            case SARIF -> new SarifRenderer(options).render(report);
            case MARKDOWN -> new MarkdownRenderer(options).render(report);
            case HTML -> new HtmlRenderer(options).render(report);
        };
    }

    /**
     * What a renderer cannot know from the report alone: the spec's path as the repository knows it (SARIF
     * locations) and where the full report can be read (links in the Markdown summary).
     */
    public record RenderOptions(String specPath, String reportUrl) {
        public static RenderOptions none() {
            return new RenderOptions(null, null);
        }
    }
}
