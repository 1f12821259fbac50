package io.shakedown.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The key figures of a stored report (its JSON: older reports may lack fields the model has now), read in one place for
 * the places that only hold the JSON — a monitor's kept figures and a gate's answer:
 * <ul>
 *   <li>{@code durationMs}: the run's duration (null when the report has none)</li>
 *   <li>{@code checks}, {@code failedChecks}, {@code slowestCheckMs}: the declared checks</li>
 *   <li>{@code requests}, {@code failedRequests}, {@code slowestMs}: checks and flow steps that ran (skipped steps left out)</li>
 *   <li>{@code warnings}: lint warnings and unwaived warning findings</li>
 * </ul>
 * A slowest figure is null when nothing of its kind ran.
 */
public record ReportFigures(Long durationMs, int checks, int failedChecks, Long slowestCheckMs,
                            int requests, int failedRequests, Long slowestMs, int warnings) {

    /** The figures of {@code report}; null when there is no report (pruned, or the run never got one). */
    public static ReportFigures of(JsonNode report) {
        if (report == null || report.isMissingNode() || report.isNull()) return null;
        long slowestCheck = -1;
        int checks = 0, failedChecks = 0;
        for (JsonNode c : report.path("checks")) {
            checks++;
            slowestCheck = Math.max(slowestCheck, c.path("durationMs").asLong(0));
            if (failed(c)) failedChecks++;
        }
        long slowest = slowestCheck;
        int requests = checks, failedRequests = failedChecks;
        for (JsonNode f : report.path("flows")) {
            for (JsonNode s : f.path("steps")) {
                if ("SKIPPED".equals(s.path("status").asText())) continue;
                requests++;
                slowest = Math.max(slowest, s.path("durationMs").asLong(0));
                if (failed(s)) failedRequests++;
            }
        }
        int warnings = report.path("lint").size();
        for (JsonNode finding : report.path("findings")) {
            if ("warning".equals(finding.path("severity").asText()) && !finding.path("waived").asBoolean()) warnings++;
        }
        return new ReportFigures(report.has("durationMs") ? report.get("durationMs").asLong() : null,
                checks, failedChecks, slowestCheck < 0 ? null : slowestCheck,
                requests, failedRequests, slowest < 0 ? null : slowest, warnings);
    }

    private static boolean failed(JsonNode item) {
        return "FAILED".equals(item.path("status").asText());
    }
}
