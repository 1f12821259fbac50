package io.shakedown.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The app label is bounded: a token looping app: a-$i cannot grow the metrics registry without end. No Quarkus boot. */
class RunMetricsLabelsTest {

    @Test
    void distinctAppLabelsAreCappedAndKnownAppsKeepTheirNames() {
        var metrics = new RunMetrics();
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) seen.add(metrics.label("a-" + i));
        assertEquals(RunMetrics.MAX_APPS + 1, seen.size(), "200 names and 'other'");
        assertEquals("a-7", metrics.label("a-7"), "an app seen early keeps its own series");
        assertEquals(RunMetrics.OTHER_APPS, metrics.label("a-9999"));
        assertEquals(RunMetrics.OTHER_APPS, metrics.label("x".repeat(500)), "past the cap, even a long name is other");
    }
}
