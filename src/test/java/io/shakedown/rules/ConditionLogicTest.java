package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.report.Report;
import io.shakedown.rules.ConditionResult.State;
import io.shakedown.target.LogBuffer;
import io.shakedown.target.RunningTarget;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules' three-valued logic (holds / fails / unknown) on a target whose log is known and whose files are not
 * (no Docker engine: file conditions are unknown). Only a condition that definitely holds makes a finding.
 */
class ConditionLogicTest {
    static final Condition HOLDS = new Condition.Log(Pattern.compile("listening on (\\d+)"));
    static final Condition FAILS = new Condition.Log(Pattern.compile("panic"));
    static final Condition UNKNOWN = new Condition.File(List.of("/app/config.yml"), null, List.of(), null);

    final RuleInputs inputs = new RuleInputs(new ImageReads(null), target("booting\nlistening on 8080\n"), true, List.of(), null);

    State eval(Condition c) {
        return ConditionEvaluator.eval(c, inputs).state();
    }

    @Test
    void leavesAreHoldsFailsOrUnknown() {
        assertEquals(State.HOLDS, eval(HOLDS));
        assertEquals(State.FAILS, eval(FAILS));
        assertEquals(State.UNKNOWN, eval(UNKNOWN));
        assertEquals("8080", ConditionEvaluator.eval(HOLDS, inputs).matches().getFirst().vars().get("value"));
    }

    @Test
    void allNeedsEveryPartAndAFailureDecides() {
        assertEquals(State.HOLDS, eval(new Condition.All(List.of(HOLDS, HOLDS))));
        assertEquals(State.UNKNOWN, eval(new Condition.All(List.of(HOLDS, UNKNOWN))));
        assertEquals(State.FAILS, eval(new Condition.All(List.of(UNKNOWN, FAILS))));
    }

    @Test
    void anyNeedsOnePartAndOnlyFailuresFail() {
        assertEquals(State.HOLDS, eval(new Condition.Any(List.of(UNKNOWN, HOLDS))));
        assertEquals(State.UNKNOWN, eval(new Condition.Any(List.of(FAILS, UNKNOWN))));
        assertEquals(State.FAILS, eval(new Condition.Any(List.of(FAILS, FAILS))));
    }

    @Test
    void notOfUnknownStaysUnknown() {
        assertEquals(State.FAILS, eval(new Condition.Not(HOLDS, null)));
        assertEquals(State.HOLDS, eval(new Condition.Not(FAILS, null)));
        assertEquals(State.UNKNOWN, eval(new Condition.Not(UNKNOWN, null)));
    }

    /** A container's log without a container: what RuleInputs reads for the log condition. */
    static RunningTarget target(String log) {
        return target(log, URI.create("http://127.0.0.1:9"));
    }

    /** The same, answering HTTP at {@code base} (a test server playing the app). */
    static RunningTarget target(String log, URI base) {
        var buffer = new LogBuffer(100);
        buffer.append(log);
        buffer.flush();
        return new RunningTarget() {
            @Override
            public URI baseUrl() {
                return base;
            }

            @Override
            public Report.TargetInfo info() {
                return new Report.TargetInfo("image", "test:1", "sha256:0", "c0ffee", "http://127.0.0.1:9", 8080);
            }

            @Override
            public LogBuffer log() {
                return buffer;
            }

            @Override
            public int declaredPort() {
                return 8080;
            }

            @Override
            public void close() {
            }
        };
    }
}
