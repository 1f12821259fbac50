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
}
