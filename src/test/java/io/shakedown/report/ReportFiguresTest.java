package io.shakedown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

/** The one reader of a stored report's key figures (a monitor's kept figures, a gate's answer). */
class ReportFiguresTest {

    @Test
    void checksAloneAndChecksWithFlowStepsAreCountedApart() throws Exception {
        var report = new ObjectMapper().readTree("""
                {"durationMs": 900, "checks": [{"status": "PASSED", "durationMs": 40}, {"status": "FAILED", "durationMs": 700}],
                 "flows": [{"steps": [{"status": "FAILED", "durationMs": 800}, {"status": "SKIPPED", "durationMs": 5000}]}],
                 "lint": [{}], "findings": [{"severity": "warning", "waived": false}, {"severity": "warning", "waived": true},
                                            {"severity": "error", "waived": false}]}""");
        // the checks (a gate's answer), then checks and the flow steps that ran (a monitor's figures): the skipped step's
        // 5000 ms counts nowhere; one lint warning and one unwaived warning finding
        assertEquals(new ReportFigures(900L, 2, 1, 700L, 3, 2, 800L, 2), ReportFigures.of(report));
    }

    @Test
    void aReportWithoutChecksHasNoSlowestAndNoReportHasNoFigures() throws Exception {
        assertEquals(new ReportFigures(null, 0, 0, null, 0, 0, null, 0), ReportFigures.of(new ObjectMapper().readTree("{}")));
        assertNull(ReportFigures.of(null));
        assertNull(ReportFigures.of(MissingNode.getInstance()));
    }
}
