package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The performance section: defaults, both load models, both baselines, and one clear error per bad field. */
class PerformanceSpecTest {
    static final String HEAD = """
            app: shop
            target: { image: shop:1.0, port: 8080 }
            performance:
            """;

    @Test
    void fullExampleFromTheIssue() {
        var spec = SpecTestSupport.parse(HEAD + """
                  scenarios:
                    - name: browse
                      requests:
                        - { request: { method: GET, path: /api/items }, weight: 3 }
                        - { request: { method: GET, path: /api/items/1 }, weight: 1 }
                      load: { rate: 50/s, duration: 20s, rampUp: 5s }
                      warmUp: 5s
                      thresholds: { p95: 200ms, p99: 500ms, errorRate: 1%, minThroughput: 45/s }
                      regression: { p95: +20%, throughput: -15% }
                  baseline: history
                """);
        var perf = spec.performance();
        var s = perf.scenarios().getFirst();
        assertEquals(List.of(3, 1), s.requests().stream().map(PerformanceSpec.WeightedRequest::weight).toList());
        assertEquals(new PerformanceSpec.Load(PerformanceSpec.Model.OPEN, 50, 0, Duration.ofSeconds(20), Duration.ofSeconds(5)), s.load());
        assertEquals(Duration.ofSeconds(5), s.warmUp());
        assertEquals(Duration.ofMillis(200), s.thresholds().p95());
        assertEquals(1.0, s.thresholds().errorRatePercent());
        assertEquals(45.0, s.thresholds().minThroughput());
        assertEquals(20.0, s.regression().p95());
        assertEquals(15.0, s.regression().throughputDrop());
        assertEquals(new PerformanceSpec.History(5), perf.baseline());
        assertEquals(1, s.samples());
    }

    @Test
    void closedModelAndImageBaseline() {
        var spec = SpecTestSupport.parse(HEAD + """
                  scenarios:
                    - { name: s, requests: [ { request: { path: / } } ], load: { users: 10, duration: 2s }, samples: 4 }
                  baseline: { image: "shop:0.9" }
                """);
        var s = spec.performance().scenarios().getFirst();
        assertEquals(PerformanceSpec.Model.CLOSED, s.load().model());
        assertEquals(10, s.load().users());
        assertEquals(4, s.samples());
        assertEquals("shop:0.9", assertInstanceOf(PerformanceSpec.Image.class, spec.performance().baseline()).image());
        assertTrue(s.thresholds().isEmpty());
    }

    @Test
    void noPerformanceSectionIsNull() {
        assertNull(SpecTestSupport.parse("app: a\ntarget: { image: a:1, port: 80 }\n").performance());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "load: { rate: 50, users: 5, duration: 2s }                     | performance.scenarios[0].load | must have rate (open model, like 50/s) or users (closed model, like 10), not both",
            "load: { duration: 2s }                                         | performance.scenarios[0].load | must have rate (open model, like 50/s) or users",
            "load: { rate: fast, duration: 2s }                             | performance.scenarios[0].load.rate | must be requests per second greater than 0",
            "load: { rate: 5/s, duration: 2s, rampUp: 1500ms }              | performance.scenarios[0].load.rampUp | must be whole seconds",
            "load: { rate: 5/s }                                            | performance.scenarios[0].load.duration | required",
            "load: { rate: 5/s, duration: 2s }, thresholds: { p95: fast }   | performance.scenarios[0].thresholds.p95 | must be a duration like 300ms",
            "load: { rate: 5/s, duration: 2s }, thresholds: { errorRate: 2 } | performance.scenarios[0].thresholds.errorRate | must be a percentage 0%-100%",
            "load: { rate: 5/s, duration: 2s }, thresholds: { p96: 1s }     | performance.scenarios[0].thresholds.p96 | unknown field; did you mean \"p95\"?",
            "load: { rate: 5/s, duration: 2s }, regression: { p95: -20% }   | performance.scenarios[0].regression.p95 | must be the allowed increase against the baseline, written +20%",
            "load: { rate: 5/s, duration: 2s }, regression: { throughput: +15% } | performance.scenarios[0].regression.throughput | must be the allowed decrease against the baseline, written -15%",
            "load: { rate: 5/s, duration: 2s }, samples: 0                  | performance.scenarios[0].samples | must be an integer 1-20",
    })
    void badScenarioFieldsAreNamed(String fields, String path, String message) {
        var errors = SpecTestSupport.errors(HEAD + "  scenarios:\n    - { name: s, requests: [ { request: { path: / } } ], " + fields + " }\n");
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(message) && e.line() != null),
                "expected " + path + ": " + message + " in " + errors);
    }

    @Test
    void imageBaselineNeedsAnImageTarget() {
        var errors = SpecTestSupport.errors("""
                app: a
                target: { url: "http://127.0.0.1:9" }
                performance:
                  scenarios: [ { name: s, requests: [ { request: { path: / } } ], load: { rate: 1/s, duration: 1s } } ]
                  baseline: { image: a:1 }
                """);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("performance.baseline.image") && e.message().contains("needs an image target")), errors.toString());
    }

    @Test
    void duplicateScenarioNamesAndEmptyRequests() {
        // structure (the schema) is reported first; what it cannot say (duplicates) once the structure is right
        var errors = SpecTestSupport.errors(HEAD + """
                  scenarios:
                    - { name: s, requests: [ { request: { path: / } } ], load: { rate: 1/s, duration: 1s } }
                    - { name: s, requests: [], load: { rate: 1/s, duration: 1s } }
                """);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("performance.scenarios[1].requests") && e.message().contains("non-empty")), errors.toString());
        errors = SpecTestSupport.errors(HEAD + """
                  scenarios:
                    - { name: s, requests: [ { request: { path: / } } ], load: { rate: 1/s, duration: 1s } }
                    - { name: s, requests: [ { request: { path: / } } ], load: { rate: 1/s, duration: 1s } }
                """);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("performance.scenarios[1].name") && e.message().contains("duplicate")), errors.toString());
    }
}
