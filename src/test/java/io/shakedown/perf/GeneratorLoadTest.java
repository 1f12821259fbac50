package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the throughput is the generator's limit rather than the app's, from the CPU the runner measured. */
class GeneratorLoadTest {

    static PerfFork.RunStats run(long windowMs, long generatorCpuMs, int generatorCpus, long machineBusyMs, int machineCpus) {
        return new PerfFork.RunStats("s", "ok", null, null, 1000, 0, 1, 1, 1, 1, 1, 1, 1, 500, windowMs, List.of(),
                generatorCpuMs, generatorCpus, machineBusyMs, machineCpus);
    }

    @Test
    void aGeneratorUsingAllTheCpuItMayUseIsTheLimit() {
        var g = GeneratorLoad.of(List.of(run(2000, 1900, 1, 2600, 2)), null);
        assertTrue(g.lowerBound(), g.toString());
        assertEquals(0.95, g.generatorCores());
        assertTrue(g.note().startsWith("the load generator used 95 % of the 1 CPU it may run on"), g.note());
    }

    @Test
    void aSaturatedMachineMakesTheThroughputALowerBound() {
        var g = GeneratorLoad.of(List.of(run(2000, 1400, 2, 3900, 2), run(2000, 1200, 2, 3800, 2)), null);
        assertTrue(g.lowerBound(), g.toString());
        assertEquals(0.65, g.generatorCores());
        assertEquals(0.96, g.machineBusy());
        assertTrue(g.note().startsWith("the machine's 2 CPUs were 96 % busy (the load generator's share: 0.7 CPU)"), g.note());
    }

    @Test
    void anOpenModelThatGotTheRateItAskedForIsNoCapacityFigure() {
        // 1000 requests in 2 s = 500/s asked and served: the throughput is the load, whatever else kept the machine busy
        var g = GeneratorLoad.of(List.of(run(2000, 100, 2, 3950, 2)), 500.0);
        assertFalse(g.lowerBound(), g.toString());
        assertNull(g.note());
        assertTrue(GeneratorLoad.of(List.of(run(2000, 100, 2, 3950, 2)), 900.0).lowerBound(), "500/s of 900/s asked on a saturated machine");
    }

    @Test
    void fourFifthsOfItsCpusIsAlreadyTheGeneratorsLimit() {
        assertTrue(GeneratorLoad.of(List.of(run(2000, 1660, 1, 3160, 2)), null).lowerBound(), "0.83 of its one CPU, machine 79 % busy");
        assertFalse(GeneratorLoad.of(List.of(run(2000, 1500, 1, 3000, 2)), null).lowerBound(), "0.75 of its one CPU, machine 75 % busy");
    }

    @Test
    void withoutMachineFiguresOnlyTheGeneratorsOwnShareCounts() {
        var g = GeneratorLoad.of(List.of(run(2000, 1000, 2, -1, 0)), null);
        assertFalse(g.lowerBound());
        assertNull(g.machineBusy());
    }

    @Test
    void aRunnerThatMeasuredNothingSaysNothing() {
        assertNull(GeneratorLoad.of(List.of(run(2000, -1, 0, -1, 0)), null));
        assertNull(GeneratorLoad.of(List.of(), null));
    }
}
