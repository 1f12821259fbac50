package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load runner's JVM: its JIT follows the plan's length (C1 alone for short plans, the tiered JIT once C2 can pay back),
 * and it does no per-request work the measure does not need.
 */
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

    @Test
    void theRunnerRunsWithoutNettysLeakDetector() {
        var plan = new PerfFork.Plan(List.of(run(0, 2_000, 10_000)));
        var fork = new PerfFork(PerfSettings.defaults());
        List<String> cmd = fork.command(plan, Path.of("runner"), Path.of("plan.json"), Path.of("out"));
        assertTrue(cmd.contains("-Dio.netty.leakDetection.level=disabled"), "leak tracking samples stack traces on the event loops: " + cmd);
        assertTrue(cmd.indexOf("-Dio.netty.leakDetection.level=disabled") < cmd.indexOf(PerfFork.MAIN), "a JVM flag, before the main class: " + cmd);
    }
}
