package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.support.ExampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A real validation (examples/hello-api in Docker) through the service moves the counters and histograms at /q/metrics. */
@QuarkusTest
class MetricsTest {

    static String metrics() {
        return given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
    }

    /** The value of one series, exactly as named with its labels in the exposition text; 0 when absent. */
    static double value(String text, String series) {
        var m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aValidationMovesCountersAndHistograms() throws Exception {
        ExampleImages.ensureBuilt();
        String before = metrics();
        String spec = Files.readString(Path.of("examples/hello-api/shakedown.yml"));
        String id = given().spec(ApiAuth.as("metrics")).contentType("application/yaml").body(spec.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=120").then().statusCode(200).body("verdict", equalTo("PASSED")).extract().path("id");
        String after = metrics();

        for (String series : List.of(
                "shakedown_runs_submitted_total{app=\"hello-api\"}",
                "shakedown_runs_finished_total{app=\"hello-api\",verdict=\"PASSED\"}",
                "shakedown_run_duration_seconds_count{app=\"hello-api\",verdict=\"PASSED\"}",
                "shakedown_stage_duration_seconds_count{stage=\"start\"}",
                "shakedown_stage_duration_seconds_count{stage=\"readiness\"}",
                "shakedown_stage_duration_seconds_count{stage=\"checks\"}",
                "shakedown_stage_duration_seconds_count{stage=\"cleanup\"}")) {
            assertEquals(value(before, series) + 1, value(after, series), series + " moved by one\n" + after);
        }
        // histograms: cumulative buckets up to +Inf, the run's duration in the sum
        assertTrue(value(after, "shakedown_run_duration_seconds_bucket{app=\"hello-api\",verdict=\"PASSED\",le=\"+Inf\"}") >= 1, after);
        assertTrue(value(after, "shakedown_stage_duration_seconds_bucket{stage=\"readiness\",le=\"30.0\"}") >= 1, after);
        assertTrue(value(after, "shakedown_run_duration_seconds_sum{app=\"hello-api\",verdict=\"PASSED\"}")
                > value(before, "shakedown_run_duration_seconds_sum{app=\"hello-api\",verdict=\"PASSED\"}"));
        // gauges and error counters are there (their values depend on what else runs)
        for (String gauge : List.of("shakedown_runs_queued ", "shakedown_runs_in_flight ", "shakedown_containers_alive ",
                "shakedown_perf_forks_running ", "shakedown_docker_errors_total ", "shakedown_database_errors_total ")) {
            assertTrue(after.contains("\n" + gauge), gauge + "missing\n" + after);
        }
        assertTrue(value(after, "shakedown_containers_alive") >= 0, "Docker answers, so the count is not -1");
        assertFalse(after.contains(id), "a run id must never be a label value");
    }
}
