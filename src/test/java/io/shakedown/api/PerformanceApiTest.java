package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shakedown.support.ExampleImages;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The performance stage through the service: a run with a performance section, its figures in the
 * stored report, the sample it adds to the app's baselines in PostgreSQL, pin/unpin, and Gatling's HTML
 * report served by the service. Real Docker, real PostgreSQL, the real forked Gatling runner; 2 s of load.
 */
@QuarkusTest
class PerformanceApiTest {

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    @org.junit.jupiter.api.BeforeEach
    void sendAProjectToken() {
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("perf-owner");
    }

    static String spec(String app) {
        return """
                app: %s
                environment: ci
                target: { image: shakedown-example/perf-app:1.0, port: 8080, resources: { memory: 256m, cpus: 1 } }
                readiness: { http: { path: /health } }
                performance:
                  scenarios:
                    - name: browse
                      requests: [ { request: { path: /api/items } } ]
                      load: { rate: 10/s, duration: 2s }
                      thresholds: { p95: 2s, errorRate: 1%% }
                      regression: { p50: +20%% }
                """.formatted(app);
    }

    @Test
    void passingRunBecomesABaselineThatCanBePinnedAndItsGatlingReportIsServed() {
        String app = "perf-api-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().contentType("application/yaml").body(spec(app).getBytes(StandardCharsets.UTF_8))
                .queryParam("wait", 120).post("/api/v1/validations");
        r.then().statusCode(200).body("status", equalTo("PASSED"))
                .body("report.performance.status", equalTo("PASSED"))
                .body("report.performance.gatlingVersion", equalTo("3.15.1"))
                .body("report.performance.scenarios[0].figures.count", greaterThan(10))
                .body("report.performance.scenarios[0].thresholds", hasSize(2))
                .body("report.performance.scenarios[0].regressions[0].actual", equalTo("none yet"))
                .body("report.performance.scenarios[0].htmlReport", notNullValue());
        String runId = r.path("id");
        String html = r.path("report.performance.scenarios[0].htmlReport");

        given().get("/api/v1/validations/" + runId + "/performance/" + html).then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Gatling"));
        given().get("/api/v1/validations/" + runId + "/performance/../../etc/passwd").then().statusCode(404);

        // another project sees neither the app's baselines nor the run's Gatling report, and cannot pin
        var owner = io.restassured.RestAssured.requestSpecification;
        io.restassured.RestAssured.requestSpecification = null; // RequestSpecBuilder would copy the owner's token too
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("perf-stranger");
        given().get("/api/v1/apps/" + app + "/baselines").then().statusCode(404);
        given().get("/api/v1/validations/" + runId + "/performance/" + html).then().statusCode(404);
        given().contentType("application/json").body("{\"runId\":\"" + runId + "\"}")
                .put("/api/v1/apps/" + app + "/baselines/ci/browse/pin").then().statusCode(404);
        // the same app name in another project has a history of its own: nothing to compare with yet
        Response theirs = given().contentType("application/yaml").body(spec(app).getBytes(StandardCharsets.UTF_8))
                .queryParam("wait", 120).post("/api/v1/validations");
        theirs.then().statusCode(200).body("status", equalTo("PASSED"))
                .body("report.performance.scenarios[0].regressions[0].actual", equalTo("none yet"));
        given().get("/api/v1/apps/" + app + "/baselines").then().statusCode(200)
                .body("baselines[0].samples", hasSize(1))
                .body("baselines[0].samples[0].runId", equalTo(theirs.path("id")));
        io.restassured.RestAssured.requestSpecification = owner;

        given().get("/api/v1/apps/" + app + "/baselines").then().statusCode(200)
                .body("baselines", hasSize(1))
                .body("baselines[0].scenario", equalTo("browse"))
                .body("baselines[0].samples[0].runId", equalTo(runId))
                .body("baselines[0].current.source", equalTo("history"));

        String pin = "/api/v1/apps/" + app + "/baselines/ci/browse/pin";
        given().contentType("application/json").body("{\"runId\":\"" + runId + "\"}").put(pin).then().statusCode(200)
                .body("baselines[0].current.source", equalTo("pinned"))
                .body("baselines[0].samples[0].pinned", equalTo(true));
        given().contentType("application/json").body("{\"runId\":\"nope\"}").put(pin).then().statusCode(400)
                .body("errors[0].path", equalTo("runId"));
        given().contentType("application/json").body("{\"runId\":\"" + UUID.randomUUID() + "\"}").put(pin).then().statusCode(404);
        given().delete(pin).then().statusCode(204);
        given().get("/api/v1/apps/" + app + "/baselines").then().statusCode(200).body("baselines[0].current.source", equalTo("history"));

        // a second run compares with the first one's figures
        given().contentType("application/yaml").body(spec(app).getBytes(StandardCharsets.UTF_8))
                .queryParam("wait", 120).post("/api/v1/validations").then().statusCode(200)
                .body("report.performance.scenarios[0].baseline.runIds[0]", equalTo(runId))
                .body("report.performance.scenarios[0].regressions[0].metric", equalTo("p50"));
    }
}
