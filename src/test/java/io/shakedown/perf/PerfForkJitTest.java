package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The load runner's JIT follows the plan's length: C1 alone for short plans, the tiered JIT once C2 can pay back. */
class PerfForkJitTest {

    static PerfFork.Run run(long rampUpMs, long warmUpMs, long durationMs) {
        return new PerfFork.Run("r", "http://127.0.0.1:1", List.of(), "closed", 0, 8, rampUpMs, warmUpMs, durationMs, false);
    }

    @Test
    void aShortPlanGetsTheC1CompilerOnly() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), PerfFork.jitFlags(new PerfFork.Plan(List.of(run(0, 2_000, 10_000)))));
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), PerfFork.jitFlags(new PerfFork.Plan(List.of(run(5_000, 5_000, 20_000)))),
                "30 s of load is still short");
    }

    @Test
    void theRunsOfOnePlanShareTheJvmSoTheirLoadAddsUp() {
        // an A/B plan: 4 runs of 10 s in one JVM, where C2's compiled code is reused run after run
        var ab = new PerfFork.Plan(List.of(run(0, 2_000, 8_000), run(0, 2_000, 8_000), run(0, 2_000, 8_000), run(0, 2_000, 8_000)));
        assertEquals(List.of("-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12"), PerfFork.jitFlags(ab));
        assertEquals(List.of("-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12"), PerfFork.jitFlags(new PerfFork.Plan(List.of(run(0, 5_000, 60_000)))));
    }
}
