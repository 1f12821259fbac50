package io.shakedown.cli;

import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --out DIR --format LIST}: where the reports go and which ones; shared by validate and submit (a picocli mixin). */
final class ReportOptions {
    @Option(names = {"--out", "-o"}, paramLabel = "DIR", defaultValue = "shakedown-out",
            description = "where the reports go (default: ${DEFAULT-VALUE}); validate puts Gatling's HTML reports of a performance section in DIR/performance/")
    Path outDir;

    @Option(names = {"--format", "-f"}, paramLabel = "LIST", defaultValue = "all",
            description = "which reports, comma-separated: json, junit, sarif, markdown, html, or all (default: ${DEFAULT-VALUE})")
    String format;

    /** The chosen formats; a bad list is a usage error of {@code command}. */
    Set<ReportFormat> formats(CommandSpec command) {
        Set<ReportFormat> formats = ReportFiles.parse(format);
        if (formats == null) throw new ParameterException(command.commandLine(),
                "--format: unknown format in '" + format + "'; known: " + ReportFormat.ids() + ", all");
        return formats;
    }

    /** Writes the report in {@code formats} into --out and prints where; false after saying why it could not. */
    boolean write(Report report, Set<ReportFormat> formats, ReportFormat.RenderOptions options, Console console) {
        try {
            var files = ReportFiles.write(report, outDir, formats, options);
            console.out.println("reports: " + String.join(", ", files.stream().map(Path::toString).toList()));
            return true;
        } catch (IOException e) {
            console.fail("could not write the report to " + outDir + ": " + e.getMessage());
            return false;
        }
    }
}
