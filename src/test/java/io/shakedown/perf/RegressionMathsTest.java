package io.shakedown.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.spec.PerformanceSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds, regression against a baseline and A/B pairs: the arithmetic alone, no Gatling, no Docker. */
class RegressionMathsTest {

    static Report.PerfFigures figures(int p95, double throughput) {
        return new Report.PerfFigures(1000, 5, 0.5, 1, p95 / 2, p95 / 2, p95 - 5, p95, p95 + 10, p95 + 50, throughput);
    }

    @Test
    void thresholdsCompareEachFigureWithItsLimit() {
        var t = new PerformanceSpec.Thresholds(null, Duration.ofMillis(100), null, null, null, 1.0, 40.0);
        var rules = PerformanceRunner.thresholds(t, figures(100, 45));
        assertEquals(List.of("p95", "errorRate", "throughput"), rules.stream().map(Report.PerfRule::metric).toList());
        assertTrue(rules.stream().allMatch(Report.PerfRule::passed), rules.toString());
        var failing = PerformanceRunner.thresholds(t, figures(101, 39.9));
        assertFalse(failing.get(0).passed(), "101 ms > 100 ms");
        assertTrue(failing.get(1).passed(), "0.5% <= 1%");
        assertFalse(failing.get(2).passed(), "39.9/s < 40/s");
        assertEquals("101 ms", failing.get(0).actual());
    }

    @Test
    void latencyMayGrowByItsPercentageAndThroughputMayDropByItsOwn() {
        var r = new PerformanceSpec.Regression(null, 20.0, null, null, null, 15.0);
        var within = PerformanceRunner.regressionsAgainst(r, figures(120, 85), figures(100, 100));
        assertTrue(within.get(0).passed(), "+20% is allowed: " + within);
        assertTrue(within.get(1).passed(), "-15% is allowed: " + within);
        assertEquals("+20.0% (120 ms vs 100 ms)", within.get(0).actual());
        var beyond = PerformanceRunner.regressionsAgainst(r, figures(121, 84), figures(100, 100));
        assertFalse(beyond.get(0).passed(), beyond.toString());
        assertFalse(beyond.get(1).passed(), beyond.toString());
    }

    @Test
    void aChangeWithinGatlingsMillisecondIsNoRegression() {
        var r = new PerformanceSpec.Regression(null, 10.0, null, null, null, null);
        var rule = PerformanceRunner.regressionsAgainst(r, figures(3, 100), figures(2, 100)).getFirst(); // +50 %, but 1 ms
        assertTrue(rule.passed(), rule.toString());
        assertEquals("within Gatling's 1 ms resolution", rule.note());
        var real = PerformanceRunner.regressionsAgainst(r, figures(5, 100), figures(2, 100)).getFirst();
        assertFalse(real.passed(), real.toString());
        assertNull(real.note());
    }

    @Test
    void abPairsAreJudgedByTheMedianRatio() {
        var r = new PerformanceSpec.Regression(null, 10.0, null, null, null, null);
        // one noisy pair (+100 %) among calm ones (+0 %, +5 %): the median says +5 %, within +10 %
        var pairs = List.of(new Report.PerfPair(1, figures(100, 10), figures(200, 10)),
                new Report.PerfPair(2, figures(100, 10), figures(100, 10)),
                new Report.PerfPair(3, figures(100, 10), figures(105, 10)));
        var rule = PerformanceRunner.regressionsByPairs(r, pairs).getFirst();
        assertTrue(rule.passed(), rule.toString());
        assertTrue(rule.actual().startsWith("+5.0% (median of pairs: +100.0%, +0.0%, +5.0%)"), rule.actual());
        assertTrue(PerformanceRunner.regressionsByPairs(r, List.of()).isEmpty());
    }
    @Test
    void everyLatencyThresholdIsCheckedInOrderAndAtTheLimitPasses() {
        var t = new PerformanceSpec.Thresholds(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(105),
                Duration.ofMillis(149), Duration.ofMillis(50), null, null);
        var rules = PerformanceRunner.thresholds(t, figures(100, 10)); // p50 50, p95 100, p99 110, max 150, mean 50
        assertEquals(List.of("p50", "p95", "p99", "max", "mean"), rules.stream().map(Report.PerfRule::metric).toList());
        assertEquals(List.of(true, true, false, false, true), rules.stream().map(Report.PerfRule::passed).toList(), rules.toString());
        assertEquals("<= 149 ms", rules.get(3).limit());
        assertEquals("150 ms", rules.get(3).actual());
        assertTrue(PerformanceRunner.thresholds(new PerformanceSpec.Thresholds(null, null, null, null, null, null, null),
                figures(100, 10)).isEmpty());
    }

    @Test
    void errorRateAndThroughputAreWrittenAsPeopleReadThem() {
        var t = new PerformanceSpec.Thresholds(null, null, null, null, null, 0.25, 12.5);
        var rules = PerformanceRunner.thresholds(t, new Report.PerfFigures(400, 1, 0.25, 1, 5, 5, 6, 9, 12, 40, 12.5));
        assertEquals("<= 0.25%", rules.get(0).limit());
        assertEquals("0.25% (1 of 400)", rules.get(0).actual());
        assertTrue(rules.get(0).passed(), "equal to the limit passes");
        assertEquals(">= 12.50/s", rules.get(1).limit());
        assertTrue(rules.get(1).passed(), "equal to the minimum passes");
        assertEquals("3", PerformanceRunner.num(3.0));
        assertEquals("3.14", PerformanceRunner.num(3.14159));
    }

    @Test
    void aBaselineOfZeroMakesAnyGrowthInfiniteButNoneIsNoChange() {
        var r = new PerformanceSpec.Regression(null, null, null, null, null, 10.0);
        var fromZero = PerformanceRunner.regressionsAgainst(r, figures(10, 5), figures(10, 0)).getFirst();
        assertEquals("+inf% (5/s vs 0/s)", fromZero.actual());
        assertTrue(fromZero.passed(), "throughput that grows from 0 is no drop");
        var bothZero = PerformanceRunner.regressionsAgainst(r, figures(10, 0), figures(10, 0)).getFirst();
        assertEquals("+0.0% (0/s vs 0/s)", bothZero.actual());
        assertTrue(bothZero.passed());
        var drop = PerformanceRunner.regressionsAgainst(r, figures(10, 0), figures(10, 50)).getFirst();
        assertEquals("-100.0% (0/s vs 50/s)", drop.actual());
        assertFalse(drop.passed());
        assertEquals("-10%", drop.limit());
    }

    @Test
    void pairsWithinTheResolutionPassWithTheNoteAndAnEvenCountTakesTheMiddleMean() {
        var r = new PerformanceSpec.Regression(null, 10.0, null, null, null, null);
        var pairs = List.of(new Report.PerfPair(1, figures(2, 10), figures(3, 10)),   // +50 %, 1 ms
                new Report.PerfPair(2, figures(2, 10), figures(3, 10)));              // +50 %, 1 ms
        var rule = PerformanceRunner.regressionsByPairs(r, pairs).getFirst();
        assertTrue(rule.passed(), rule.toString());
        assertEquals("within Gatling's 1 ms resolution", rule.note());
        var even = List.of(new Report.PerfPair(1, figures(100, 10), figures(100, 10)),
                new Report.PerfPair(2, figures(100, 10), figures(130, 10)));         // +0 % and +30 %: median +15 %
        var failing = PerformanceRunner.regressionsByPairs(r, even).getFirst();
        assertFalse(failing.passed(), failing.toString());
        assertTrue(failing.actual().startsWith("+15.0% (median of pairs: +0.0%, +30.0%)"), failing.actual());
    }
}
