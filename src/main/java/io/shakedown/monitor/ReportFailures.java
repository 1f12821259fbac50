package io.shakedown.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** "What failed and why" of a report as short lines ({@code check health: expected 200, got 503}), for alerts and gate answers. */
public final class ReportFailures {
    private ReportFailures() {}

    public static List<String> lines(JsonNode report) {
        return AlertPayload.failures(report).stream().limit(AlertPayload.MAX_FAILURES).map(f -> f[0] + ": " + f[1]).toList();
    }
}
