package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.shakedown.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.store.RunStore;
import io.shakedown.store.ValidationRun;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every refusal is an RFC 9457 problem, whoever produces it (our resources or the framework). */
@QuarkusTest
class ApiErrorsTest {
    @org.junit.jupiter.api.BeforeEach
    void sendAProjectToken() {
        // every API call needs a project token (docs/api.md, "Authentication")
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("api-errors");
    }


    static final String PROBLEM = "application/problem+json";

    @Inject RunStore store;

    @Test
    void unknownPathIsProblem404() {
        given().get("/api/v1/nope").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("title", equalTo("Not Found"));
        given().get("/nothing/here").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void wrongMethodIsProblem405() {
        given().put("/api/v1/validations").then().statusCode(405).contentType(PROBLEM).body("status", equalTo(405));
    }

    @Test
    void wrongContentTypeIsProblem415() {
        given().contentType("application/xml").body("<spec/>").post("/api/v1/validations")
                .then().statusCode(415).contentType(PROBLEM).body("status", equalTo(415));
    }

    @Test
    void oversizedBodyIsProblem413() {
        String big = "app: x\n# " + "a".repeat(300 * 1024) + "\n";
        given().contentType("application/yaml").body(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/validations")
                .then().statusCode(413).contentType(PROBLEM).body("detail", containsString("limit"));
    }

    @Test
    void emptyBodyIsInvalidSpec() {
        given().contentType("application/yaml").body(new byte[0]).post("/api/v1/validations")
                .then().statusCode(400).contentType(PROBLEM).body("title", equalTo("Invalid spec"))
                .body("errors.size()", equalTo(1));
        given().contentType("application/yaml").body("   \n\n".getBytes()).post("/api/v1/validations")
                .then().statusCode(400).contentType(PROBLEM).body("title", equalTo("Invalid spec"));
    }

    @Test
    void binaryGarbageIsInvalidSpec() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28, (byte) 0x80};
        given().contentType("application/yaml").body(garbage).post("/api/v1/validations")
                .then().statusCode(400).contentType(PROBLEM).body("title", equalTo("Invalid spec"));
        given().contentType("text/plain").body(new byte[] {'a', 0, 'b'}).post("/api/v1/validations")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void badLimit() {
        // text that is no number (the parameter converter) and a number out of range (Bean Validation): the same words
        for (String limit : new String[] {"0", "201", "-1", "ten", "1.5"}) {
            given().queryParam("limit", limit).get("/api/v1/validations").then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("urn:shakedown:problem:invalid-parameter"))
                    .body("errors[0].path", equalTo("limit"))
                    .body("errors[0].message", equalTo("must be a whole number from 1 to 200, got: " + limit))
                    .body("detail", equalTo("limit: must be a whole number from 1 to 200, got: " + limit));
        }
        given().queryParam("limit", "200").get("/api/v1/validations").then().statusCode(200);
        given().queryParam("limit", "").get("/api/v1/validations").then().statusCode(200); // blank: the default
    }

    @Test
    void badVerdictAndStatus() {
        given().queryParam("verdict", "GREEN").get("/api/v1/validations").then().statusCode(400).contentType(PROBLEM)
                .body("errors.path", hasItem("verdict"))
                .body("errors[0].message", equalTo("must be one of PASSED, FAILED, ERROR, CANCELLED (any case), got: GREEN"));
        given().queryParam("verdict", "RUNNING").get("/api/v1/validations").then().statusCode(400)
                .body("errors.path", hasItem("verdict"));
        given().queryParam("status", "DONE").get("/api/v1/validations").then().statusCode(400)
                .body("errors.path", hasItem("status")).body("errors[0].message", containsString("QUEUED, RUNNING"));
        given().queryParam("verdict", "passed").queryParam("status", "Passed").get("/api/v1/validations").then().statusCode(200);
    }

    @Test
    void badWait() {
        for (String wait : new String[] {"soon", "-1"}) {
            given().queryParam("wait", wait).get("/api/v1/validations/" + UUID.randomUUID()).then().statusCode(400)
                    .contentType(PROBLEM).body("errors.path", hasItem("wait"))
                    .body("errors[0].message", equalTo("must be a whole number of seconds >= 0 or a duration like 90s, 2m or 1.5m, "
                            + "as in a spec (capped at shakedown.wait.max), got: " + wait));
        }
    }

    @Test
    void waitTakesTheSpecsDurationSyntax() {
        // the run does not exist: a wait that parses gets as far as the 404
        for (String wait : new String[] {"60s", "1.5m", "500ms", "30"}) {
            given().queryParam("wait", wait).get("/api/v1/validations/" + UUID.randomUUID()).then().statusCode(404);
        }
    }

    @Test
    void badReportFormat() {
        given().queryParam("format", "pdf").get("/api/v1/validations/" + UUID.randomUUID() + "/report").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].path", equalTo("format"))
                .body("errors[0].message", equalTo("must be one of json, junit, sarif, markdown, html, got: pdf"));
    }

    @Test
    void jsonBodyOfTheWrongShapeNamesWhatWasExpected() {
        // an array or a string where an object belongs: Quarkus answered these with an empty 400 outside dev mode
        for (String body : new String[] {"[]", "\"http://127.0.0.1:9\""}) {
            given().contentType("application/json").body(body).post("/api/v1/gates/any/argo").then().statusCode(400)
                    .contentType(PROBLEM).body("errors[0].path", equalTo("body"))
                    .body("errors[0].message", startsWith("must be a JSON object {\"url\": …}, got "));
            given().contentType("application/json").body(body).put("/api/v1/apps/shop/baselines/ci/smoke/pin").then().statusCode(400)
                    .contentType(PROBLEM).body("errors[0].path", equalTo("body"))
                    .body("errors[0].message", startsWith("must be a JSON object {\"runId\": …}, got "));
        }
        given().contentType("application/json").body("[1]").post("/api/v1/gates/any/argo").then()
                .body("errors[0].message", equalTo("must be a JSON object {\"url\": …}, got an array"));
        given().contentType("application/json").body("{\"url\": [\"http://127.0.0.1:9\"]}").post("/api/v1/gates/any/argo").then()
                .statusCode(400).contentType(PROBLEM).body("errors[0].path", equalTo("url"))
                .body("errors[0].message", equalTo("must be a string, got an array"));
        given().contentType("application/json").body("{\"url\": ").post("/api/v1/gates/any/argo").then()
                .statusCode(400).contentType(PROBLEM).body("detail", startsWith("malformed JSON"));
    }

    @Test
    void nonUuidIdNamesId() {
        for (String path : new String[] {"/api/v1/validations/42", "/api/v1/validations/42/events", "/api/v1/validations/42/report"}) {
            given().get(path).then().statusCode(400).contentType(PROBLEM).body("errors.path", hasItem("id"));
        }
        given().delete("/api/v1/validations/not-a-uuid").then().statusCode(400).contentType(PROBLEM)
                .body("errors.path", hasItem("id")).body("errors[0].message", equalTo("must be a UUID, got: not-a-uuid"));
        given().get("/api/v1/validations/42/performance/index.html").then().statusCode(400).contentType(PROBLEM)
                .body("errors.path", hasItem("id"));
    }

    @Test
    void unknownIdIs404() {
        String id = UUID.randomUUID().toString();
        given().get("/api/v1/validations/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString(id)).body("type", notNullValue());
        given().delete("/api/v1/validations/" + id).then().statusCode(404).contentType(PROBLEM);
        given().get("/api/v1/validations/" + id + "/events").then().statusCode(404).contentType(PROBLEM);
        // an app the project has no runs of: the answer says which, not just "no resource"
        given().get("/api/v1/apps/never-ran-here/baselines").then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no app never-ran-here")).body("type", containsString("app-not-found"));
    }

    @Test
    void cancellingQueuedThenFinishedRun() {
        // a row straight into the store: this test is about the API, not the parser or the engine
        ValidationRun run = store.createQueued("cancel-me", "ci", "http://127.0.0.1:1", "app: cancel-me", "yaml", "api-errors");
        // it may be claimed by the dispatcher at any moment; either way DELETE must be accepted
        given().delete("/api/v1/validations/" + run.id).then().statusCode(202).body("id", equalTo(run.id.toString()));
        // once finished, a second DELETE is a conflict
        Poll.until(java.time.Duration.ofSeconds(30), () -> store.find(run.id).orElseThrow().status.isTerminal());
        given().delete("/api/v1/validations/" + run.id).then().statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409)).body("detail", not(containsString("Exception")));
    }

    @Test
    void schemaAndLiveness() {
        given().get("/api/v1/spec/schema").then().statusCode(200).contentType("application/schema+json")
                .body("$schema", notNullValue());
        given().get(Management.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.url("/q/health/ready")).then().body("checks.name", hasItem("docker"));
    }
}
