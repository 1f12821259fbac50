package io.shakedown.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.ReportFailures;
import io.shakedown.report.ReportFigures;
import io.shakedown.store.RunStatus;
import io.shakedown.store.ValidationRun;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The answer of a gate call: {@code verdict} PASSED / FAILED / ERROR, and the key figures of the run (its report under
 * {@code report}). A run without a verdict within the gate's timeout answers ERROR and says so.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateAnswer(String gate, String verdict, boolean passed, String summary, String url, UUID runId, String report,
                         Long durationMs, Integer checks, Integer failedChecks, Long slowestMs, List<String> failures) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code reportLink}: where the run's report is served. */
    public static GateAnswer of(String gate, String url, ValidationRun r, Duration timeout, String reportLink) {
        if (!r.status.isTerminal()) {
            return new GateAnswer(gate, "ERROR", false, "no verdict within " + timeout.toSeconds()
                    + "s (the run " + r.id + " is still " + r.status + ")", url, r.id, null, null, null, null, null, List.of());
        }
        JsonNode rep = null;
        try {
            rep = r.report == null ? null : JSON.readTree(r.report);
        } catch (IOException e) {
            // figures stay empty
        }
        ReportFigures figures = ReportFigures.of(rep);
        List<String> failures = rep == null ? List.of() : ReportFailures.lines(rep);
        return new GateAnswer(gate, r.status.name(), r.status == RunStatus.PASSED, r.summary, url, r.id,
                r.report == null ? null : reportLink, figures == null ? null : figures.durationMs(),
                figures == null ? null : figures.checks(), figures == null ? null : figures.failedChecks(),
                figures == null ? null : figures.slowestCheckMs(), failures);
    }
}
