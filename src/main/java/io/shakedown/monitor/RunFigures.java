package io.shakedown.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The key figures of a monitor run, kept in {@code validation_run.figures} after retention drops the full report:
 * total duration, the slowest request (checks and flow steps), checks and flow steps run / failed, warnings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFigures(Long durationMs, Long slowestMs, int requests, int failedRequests, int warnings) {

    static RunFigures of(JsonNode report) {
        if (report == null || report.isMissingNode() || report.isNull()) return null;
        long slowest = -1;
        int requests = 0, failed = 0;
        for (JsonNode c : report.path("checks")) {
            requests++;
            slowest = Math.max(slowest, c.path("durationMs").asLong(0));
            if ("FAILED".equals(c.path("status").asText())) failed++;
        }
        for (JsonNode f : report.path("flows")) {
            for (JsonNode s : f.path("steps")) {
                if ("SKIPPED".equals(s.path("status").asText())) continue;
                requests++;
                slowest = Math.max(slowest, s.path("durationMs").asLong(0));
                if ("FAILED".equals(s.path("status").asText())) failed++;
            }
        }
        int warnings = report.path("lint").size();
        for (JsonNode finding : report.path("findings")) {
            if ("warning".equals(finding.path("severity").asText()) && !finding.path("waived").asBoolean()) warnings++;
        }
        return new RunFigures(report.has("durationMs") ? report.get("durationMs").asLong() : null,
                slowest < 0 ? null : slowest, requests, failed, warnings);
    }
}
