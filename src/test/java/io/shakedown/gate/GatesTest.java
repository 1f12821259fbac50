package io.shakedown.gate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shakedown.api.ApiAuth;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gates answer the requests progressive-delivery controllers send, shaped as their documentation shows: Flagger's
 * webhook POST ({name, namespace, phase, metadata}; 2xx advances the canary) and Argo Rollouts' web metric (a GET with
 * an Authorization header; successCondition result.verdict == "PASSED"), for a passing and a failing URL.
 */
@QuarkusTest
class GatesTest {

    static final String GATE = """
            app: podinfo
            environment: canary
            target: { url: "http://placeholder.invalid", startupTimeout: 2s }
            readiness: { http: { path: /healthz, status: 200 } }
            checks:
              - name: version endpoint
                request: { path: /version }
                expect: { status: 200, json: { "$.version": { type: string } } }
            """;

    @AfterEach
    void reset() {
        RestAssured.requestSpecification = null;
    }

    private static HttpServer canary(int versionStatus) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        s.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        s.createContext("/version", ex -> {
            byte[] b = "{\"version\":\"6.1.0\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(versionStatus, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    /**
     * Many first PUTs of one gate at once: each finds no gate, each inserts, the unique key lets one win. The others
     * answer 409 naming the key (or 200, when they came late enough to replace it), never a 500.
     */
    @Test
    void concurrentCreationsOfOneGateAnswerConflictNotInternalError() throws Exception {
        String token = ApiAuth.newToken("gates-race");
        for (int round = 0; round < 5; round++) {
            String name = "race-" + round;
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                var start = new java.util.concurrent.CountDownLatch(1);
                var answers = new java.util.ArrayList<java.util.concurrent.Future<io.restassured.response.Response>>();
                for (int i = 0; i < 8; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return given().header("Authorization", "Bearer " + token).contentType("application/yaml")
                                .body(GATE.getBytes(StandardCharsets.UTF_8)).put("/api/v1/gates/" + name);
                    }));
                }
                start.countDown();
                int created = 0;
                for (var a : answers) {
                    var r = a.get();
                    org.junit.jupiter.api.Assertions.assertTrue(java.util.Set.of(200, 201, 409).contains(r.statusCode()), r.asString());
                    if (r.statusCode() == 409) {
                        org.junit.jupiter.api.Assertions.assertTrue(r.asString().contains("urn:shakedown:problem:name-taken"), r.asString());
                        org.junit.jupiter.api.Assertions.assertTrue(r.asString().contains("already exists"), r.asString());
                    }
                    if (r.statusCode() == 201) created++;
                }
                org.junit.jupiter.api.Assertions.assertEquals(1, created, "exactly one request created " + name);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aUniqueViolationIsReadAsANameConflict() {
        var cause = new java.sql.SQLException("ERROR: duplicate key value violates unique constraint \"uq_gate\"\n"
                + "  Detail: Key (coalesce(project, ''::character varying), name)=(p, g) already exists.", "23505");
        org.junit.jupiter.api.Assertions.assertEquals("Key (coalesce(project, ''::character varying), name)=(p, g) already exists",
                io.shakedown.api.ProblemMappersAccess.uniqueViolation(new RuntimeException("could not execute statement",
                        new IllegalStateException(cause))));
    }

    @Test
    void flaggerWebhookAndArgoMetricForPassingAndFailingCanaries() throws Exception {
        String token = ApiAuth.newToken("gates");
        HttpServer good = canary(200), bad = canary(500);
        try {
            String goodUrl = "http://127.0.0.1:" + good.getAddress().getPort();
            String badUrl = "http://127.0.0.1:" + bad.getAddress().getPort();
            given().header("Authorization", "Bearer " + token).contentType("application/yaml").body(GATE.getBytes(StandardCharsets.UTF_8))
                    .put("/api/v1/gates/podinfo-smoke").then().statusCode(201).body("links.flagger", equalTo("/api/v1/gates/podinfo-smoke/flagger"));
            given().header("Authorization", "Bearer " + token).contentType("application/yaml").body("app: x\n".getBytes(StandardCharsets.UTF_8))
                    .put("/api/v1/gates/broken").then().statusCode(400).body("errors.path", org.hamcrest.Matchers.hasItem("target"));

            // Flagger: no headers, the token travels in metadata (Flagger's webhook payload, docs/gitbook/usage/webhooks.md)
            Map<String, Object> hook = Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing", "checksum", "85d557f47b",
                    "metadata", Map.of("url", goodUrl, "token", token));
            given().contentType("application/json").body(hook).post("/api/v1/gates/podinfo-smoke/flagger")
                    .then().statusCode(200).body("verdict", equalTo("PASSED")).body("passed", equalTo(true));
            given().contentType("application/json").body(Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing",
                            "metadata", Map.of("url", badUrl, "token", token)))
                    .post("/api/v1/gates/podinfo-smoke/flagger")
                    .then().statusCode(412).body("verdict", equalTo("FAILED")).body("summary", containsString("version endpoint"))
                    .body("failures[0]", containsString("check version endpoint"));
            // no token: 401; someone else's token: the gate does not exist for them
            given().contentType("application/json").body(Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing",
                    "metadata", Map.of("url", goodUrl))).post("/api/v1/gates/podinfo-smoke/flagger").then().statusCode(401);
            given().contentType("application/json").body(Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing",
                            "metadata", Map.of("url", goodUrl, "token", ApiAuth.newToken("gates-other"))))
                    .post("/api/v1/gates/podinfo-smoke/flagger").then().statusCode(404);
            given().contentType("application/json").body(Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing",
                    "metadata", Map.of("token", token))).post("/api/v1/gates/podinfo-smoke/flagger").then().statusCode(400)
                    .body("errors[0].path", equalTo("metadata.url"));

            // Argo Rollouts web metric: GET with headers, JSON whose verdict the successCondition reads
            RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder().addHeader("Authorization", "Bearer " + token).build();
            given().queryParam("url", goodUrl).get("/api/v1/gates/podinfo-smoke/argo").then().statusCode(200)
                    .body("verdict", equalTo("PASSED")).body("checks", equalTo(1)).body("failedChecks", equalTo(0))
                    .body("durationMs", greaterThan(-1)).body("runId", org.hamcrest.Matchers.notNullValue());
            given().queryParam("url", badUrl).get("/api/v1/gates/podinfo-smoke/argo").then().statusCode(200)
                    .body("verdict", equalTo("FAILED")).body("failedChecks", equalTo(1));
            given().contentType("application/json").body(Map.of("url", goodUrl)).post("/api/v1/gates/podinfo-smoke/argo").then()
                    .statusCode(200).body("verdict", equalTo("PASSED"));
            given().get("/api/v1/gates/podinfo-smoke/argo").then().statusCode(400).body("errors[0].path", equalTo("url"));
            given().queryParam("url", goodUrl).get("/api/v1/gates/nope/argo").then().statusCode(404);
            given().get("/api/v1/gates").then().statusCode(200).body("items", hasSize(1));
            RestAssured.requestSpecification = null; // a RequestSpecBuilder starts from the current default (two tokens)
            RestAssured.requestSpecification = ApiAuth.as("gates-other");
            given().queryParam("url", goodUrl).get("/api/v1/gates/podinfo-smoke/argo").then().statusCode(404);
        } finally {
            good.stop(0);
            bad.stop(0);
        }
    }
}
