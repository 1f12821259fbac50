package io.shakedown.monitor;

import static io.shakedown.monitor.StateMachine.Outcome.ERROR;
import static io.shakedown.monitor.StateMachine.Outcome.FAILED;
import static io.shakedown.monitor.StateMachine.Outcome.IGNORED;
import static io.shakedown.monitor.StateMachine.Outcome.PASSED;
import static io.shakedown.monitor.StateMachine.Outcome.DEGRADED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    /** Feeds outcomes from a fresh monitor; returns "STATE" per run, with "!ALERT" when one is raised. */
    private static List<String> walk(int failureThreshold, int successThreshold, StateMachine.Outcome... outcomes) {
        var c = new StateMachine.Counters(MonitorState.UNKNOWN, false, 0, 0, 0);
        List<String> out = new ArrayList<>();
        for (var o : outcomes) {
            var step = StateMachine.apply(c, o, failureThreshold, successThreshold, "x");
            c = step.next();
            out.add(c.state() + (step.alert() == null ? "" : "!" + step.alert()));
        }
        return out;
    }

    @Test
    void downOnlyAfterTheThresholdAndOneAlertPerChange() {
        assertEquals(List.of("UP", "UP", "DOWN!DOWN", "DOWN", "UP!RECOVERED", "UP"),
                walk(2, 1, PASSED, FAILED, FAILED, FAILED, PASSED, PASSED));
    }

    @Test
    void oneBlipPagesNobody() {
        assertEquals(List.of("UP", "UP", "UP", "UP"), walk(2, 1, PASSED, FAILED, PASSED, FAILED));
    }

    @Test
    void successThresholdHoldsDownUntilEnoughPasses() {
        assertEquals(List.of("UP", "DOWN!DOWN", "DOWN", "DOWN", "UP!RECOVERED"), walk(1, 3, PASSED, FAILED, PASSED, PASSED, PASSED));
    }

    @Test
    void errorsMeanUnknownNeverDown() {
        assertEquals(List.of("UP", "UP", "UNKNOWN!UNKNOWN", "UNKNOWN", "UP!RECOVERED"), walk(2, 1, PASSED, ERROR, ERROR, ERROR, PASSED));
        assertEquals(List.of("UNKNOWN", "UNKNOWN!UNKNOWN"), walk(2, 1, ERROR, ERROR));
    }

    @Test
    void degradedAndIgnoredRuns() {
        assertEquals(List.of("UP", "DEGRADED!DEGRADED", "DEGRADED", "UP!RECOVERED"), walk(2, 1, PASSED, DEGRADED, DEGRADED, PASSED));
        assertEquals(List.of("UP", "UP", "UP", "UP"), walk(2, 1, PASSED, IGNORED, IGNORED, IGNORED));
        assertEquals(List.of("DOWN!DOWN"), walk(1, 1, FAILED), "a new monitor that fails at once alerts DOWN");
    }
}
