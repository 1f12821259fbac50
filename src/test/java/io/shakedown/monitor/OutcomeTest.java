package io.shakedown.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a finished run counts for its monitor: slow or warned passing runs are DEGRADED; maintenance and cancelled runs are ignored. */
class OutcomeTest {

    private static MonitorDefinition def(Duration degradedAfter, boolean onWarnings) {
        return new MonitorDefinition("m", null, Duration.ofMinutes(1), null, null, 2, 1, degradedAfter, onWarnings, null, List.of(), List.of(), false, false);
    }

    @Test
    void classification() {
        var fast = new RunFigures(100L, 50L, 1, 0, 0);
        var slow = new RunFigures(2000L, 1500L, 1, 0, 0);
        var warned = new RunFigures(100L, 50L, 1, 0, 2);
        assertEquals(StateMachine.Outcome.PASSED, MonitorEvaluator.outcome("PASSED", false, def(Duration.ofSeconds(1), false), fast));
        assertEquals(StateMachine.Outcome.DEGRADED, MonitorEvaluator.outcome("PASSED", false, def(Duration.ofSeconds(1), false), slow));
        assertEquals(StateMachine.Outcome.PASSED, MonitorEvaluator.outcome("PASSED", false, def(null, false), slow));
        assertEquals(StateMachine.Outcome.DEGRADED, MonitorEvaluator.outcome("PASSED", false, def(null, true), warned));
        assertEquals(StateMachine.Outcome.PASSED, MonitorEvaluator.outcome("PASSED", false, def(null, false), warned));
        assertEquals(StateMachine.Outcome.FAILED, MonitorEvaluator.outcome("FAILED", false, def(null, false), fast));
        assertEquals(StateMachine.Outcome.ERROR, MonitorEvaluator.outcome("ERROR", false, def(null, false), null));
        assertEquals(StateMachine.Outcome.IGNORED, MonitorEvaluator.outcome("FAILED", true, def(null, false), fast));
        assertEquals(StateMachine.Outcome.IGNORED, MonitorEvaluator.outcome("CANCELLED", false, def(null, false), null));
    }

    @Test
    void figuresFromAReport() throws Exception {
        var report = MonitorJson.MAPPER.readTree("""
                {"durationMs": 900, "checks": [{"status": "PASSED", "durationMs": 40}, {"status": "FAILED", "durationMs": 700}],
                 "flows": [{"steps": [{"status": "PASSED", "durationMs": 800}, {"status": "SKIPPED", "durationMs": 0}]}],
                 "lint": [{}], "findings": [{"severity": "warning", "waived": false}, {"severity": "warning", "waived": true}]}""");
        assertEquals(new RunFigures(900L, 800L, 3, 1, 2), RunFigures.of(report));
    }
}
