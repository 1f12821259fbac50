package io.shakedown.cli;

import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes a report in the chosen formats into one folder (report.json, junit.xml, report.sarif, summary.md, report.html). */
final class ReportFiles {
    private ReportFiles() {}

    static List<Path> write(Report report, Path dir, Set<ReportFormat> formats, ReportFormat.RenderOptions options) throws IOException {
        Files.createDirectories(dir);
        var written = new ArrayList<Path>();
        for (ReportFormat f : formats) {
            Path file = dir.resolve(f.fileName());
            Files.writeString(file, f.render(report, options));
            written.add(file);
        }
        return written;
    }

    /** "junit,sarif" or "all" → formats; null with the unknown name on a typo. */
    static Set<ReportFormat> parse(String list) {
        if (list.isBlank() || list.trim().equals("all")) return EnumSet.allOf(ReportFormat.class);
        var formats = EnumSet.noneOf(ReportFormat.class);
        for (String name : list.split(",")) {
            var f = ReportFormat.byId(name);
            if (f.isEmpty()) return null;
            formats.add(f.get());
        }
        return formats;
    }

    /** The spec's path as the repository knows it: relative to the working directory (the checkout in CI). */
    static String specPathForReports(Path spec) {
        Path abs = spec.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return (abs.startsWith(cwd) ? cwd.relativize(abs) : spec.normalize()).toString().replace('\\', '/');
    }
}
