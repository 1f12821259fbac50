package io.shakedown.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.report.ReportFigures;

/**
 * The key figures of a monitor run, kept in {@code validation_run.figures} after retention drops the full report:
 * total duration, the slowest request (checks and flow steps), checks and flow steps run / failed, warnings. Read by
 * {@link ReportFigures} (as a gate's answer is); this is their stored shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFigures(Long durationMs, Long slowestMs, int requests, int failedRequests, int warnings) {

    static RunFigures of(JsonNode report) {
        ReportFigures f = ReportFigures.of(report);
        return f == null ? null : new RunFigures(f.durationMs(), f.slowestMs(), f.requests(), f.failedRequests(), f.warnings());
    }
}
