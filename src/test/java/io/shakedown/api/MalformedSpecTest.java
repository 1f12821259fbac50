package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed specs are refused with 400 problem+json naming the offending field in errors[].path, and never
 * a 500. Expected paths ending in "*" match by prefix (the parser may name a deeper key); null = any path.
 */
@QuarkusTest
class MalformedSpecTest {
    @org.junit.jupiter.api.BeforeEach
    void sendAProjectToken() {
        // every API call needs a project token (docs/api.md, "Authentication")
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("malformed-spec");
    }


    static final String YAML = "application/yaml";
    static final String JSON = "application/json";

    static final String TARGET = "target: { url: \"http://127.0.0.1:9\" }\n";
    static final String READY = "readiness: { http: { path: /health, status: 200 } }\n";
    static final String CHECKS = """
            checks:
              - name: list items
                request: { method: GET, path: /api/items }
                expect: { status: 200 }
            """;

    static String spec(String app, String target, String readiness, String checks) {
        return app + "environment: ci\n" + target + readiness + checks;
    }

    static String withCheck(String check) {
        return spec("app: hello-api\n", TARGET, READY, "checks:\n" + check);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                yaml("missing app", spec("", TARGET, READY, CHECKS), "app"),
                yaml("app with a space", spec("app: hello api\n", TARGET, READY, CHECKS), "app"),
                yaml("app too long", spec("app: " + "a".repeat(70) + "\n", TARGET, READY, CHECKS), "app"),
                yaml("app duplicated", spec("app: a\napp: b\n", TARGET, READY, CHECKS), "app"),
                yaml("version 2", "version: 2\n" + spec("app: hello-api\n", TARGET, READY, CHECKS), "version"),
                yaml("unknown top-level field", spec("app: hello-api\n", TARGET, READY, CHECKS) + "chekcs: []\n", "chekcs"),
                yaml("missing target", spec("app: hello-api\n", "", READY, CHECKS), "target"),
                yaml("target with image and url", spec("app: hello-api\n",
                        "target: { url: \"http://127.0.0.1:9\", image: \"hello:1\", port: 8080 }\n", READY, CHECKS), "target"),
                yaml("target empty", spec("app: hello-api\n", "target: {}\n", READY, CHECKS), "target"),
                yaml("image without port", spec("app: hello-api\n", "target: { image: \"hello:1\" }\n", READY, CHECKS), "target.port"),
                yaml("misspelt image", spec("app: hello-api\n", "target: { imgae: \"hello:1\", port: 8080 }\n", READY, CHECKS), "target.imgae"),
                yaml("port with a url target", spec("app: hello-api\n", "target: { url: \"http://127.0.0.1:9\", port: 8080 }\n", READY, CHECKS), "target.port"),
                yaml("bad pull policy", spec("app: hello-api\n", "target: { image: \"hello:1\", port: 8080, pull: sometimes }\n", READY, CHECKS), "target.pull"),
                yaml("zero cpus", spec("app: hello-api\n", "target: { image: \"hello:1\", port: 8080, resources: { cpus: 0 } }\n", READY, CHECKS), "target.resources.cpus"),
                yaml("tiny memory", spec("app: hello-api\n", "target: { image: \"hello:1\", port: 8080, resources: { memory: 1k } }\n", READY, CHECKS), "target.resources.memory"),
                yaml("bad env var name", spec("app: hello-api\n", "target: { image: \"hello:1\", port: 8080, env: { \"1BAD\": x } }\n", READY, CHECKS), "target.env*"),
                yaml("bad startup timeout", spec("app: hello-api\n", "target: { image: \"hello:1\", port: 8080, startupTimeout: forever }\n", READY, CHECKS), "target.startupTimeout"),
                yaml("unknown readiness strategy", spec("app: hello-api\n", TARGET, "readiness: { htttp: { path: /health } }\n", CHECKS), "readiness.htttp"),
                yaml("readiness path without slash", spec("app: hello-api\n", TARGET, "readiness: { http: { path: health, status: 200 } }\n", CHECKS), "readiness.http.path"),
                yaml("readiness status 99", spec("app: hello-api\n", TARGET, "readiness: { http: { path: /health, status: 99 } }\n", CHECKS), "readiness.http.status"),
                yaml("log readiness on a url target", spec("app: hello-api\n", TARGET, "readiness: { log: { pattern: started } }\n", CHECKS), "readiness.log"),
                yaml("empty readiness", spec("app: hello-api\n", TARGET, "readiness: {}\n", CHECKS), "readiness"),
                yaml("checks not a list", spec("app: hello-api\n", TARGET, READY, "checks: everything\n"), "checks"),
                yaml("check without name", withCheck("  - request: { method: GET, path: /a }\n"), "checks[0].name"),
                yaml("duplicate check names", withCheck("""
                          - name: same
                            request: { path: /a }
                          - name: same
                            request: { path: /b }
                        """), "checks[1].name"),
                yaml("unknown method", withCheck("  - name: a\n    request: { method: FETCH, path: /a }\n"), "checks[0].request.method"),
                yaml("request path without slash", withCheck("  - name: a\n    request: { path: api/items }\n"), "checks[0].request.path"),
                yaml("body and json", withCheck("  - name: a\n    request: { method: POST, path: /a, body: \"x\", json: { a: 1 } }\n"), "checks[0].request.json"),
                yaml("body not a string", withCheck("  - name: a\n    request: { method: POST, path: /a, body: { a: 1 } }\n"), "checks[0].request.body"),
                yaml("negative request timeout", withCheck("  - name: a\n    request: { path: /a, timeout: -1s }\n"), "checks[0].request.timeout"),
                yaml("status 2xy", withCheck("  - name: a\n    request: { path: /a }\n    expect: { status: 2xy }\n"), "checks[0].expect.status"),
                yaml("status 700", withCheck("  - name: a\n    request: { path: /a }\n    expect: { status: 700 }\n"), "checks[0].expect.status"),
                yaml("third check's status", withCheck("""
                          - name: a
                            request: { path: /a }
                          - name: b
                            request: { path: /b }
                          - name: c
                            request: { path: /c }
                            expect: { status: "ok" }
                        """), "checks[2].expect.status"),
                yaml("bad header regex", withCheck("  - name: a\n    request: { path: /a }\n    expect: { headers: { Content-Type: \"([\" } }\n"), "checks[0].expect.headers*"),
                yaml("JSONPath without $", withCheck("  - name: a\n    request: { path: /a }\n    expect: { json: { \"items\": { minSize: 1 } } }\n"), "checks[0].expect.json*"),
                yaml("unknown JSON type", withCheck("  - name: a\n    request: { path: /a }\n    expect: { json: { \"$.a\": { type: strnig } } }\n"), "checks[0].expect.json*"),
                yaml("maxSize below minSize", withCheck("  - name: a\n    request: { path: /a }\n    expect: { json: { \"$.a\": { minSize: 3, maxSize: 1 } } }\n"), "checks[0].expect.json*"),
                yaml("bad maxDuration", withCheck("  - name: a\n    request: { path: /a }\n    expect: { maxDuration: fast }\n"), "checks[0].expect.maxDuration"),
                yaml("YAML syntax error", "app: hello-api\ntarget: { url: \"http://127.0.0.1:9\"\nchecks: [\n", null),
                yaml("YAML list at the top", "- app: hello-api\n", ""),
                yaml("a plain word", "hello\n", ""),
                json("JSON array at the top", "[1, 2, 3]", ""),
                json("JSON string at the top", "\"hello\"", ""),
                json("JSON number at the top", "42", ""),
                json("truncated JSON", "{\"app\": \"hello-api\", \"target\": {", null),
                json("JSON url not a string", "{\"app\": \"hello-api\", \"target\": {\"url\": 5}}", "target.url"),
                json("JSON checks not a list", "{\"app\": \"hello-api\", \"target\": {\"url\": \"http://127.0.0.1:9\"}, \"checks\": {}}", "checks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusedWithPath(String name, String contentType, String body, String expectedPath) {
        Response r = post(contentType, body);
        r.then().statusCode(400).contentType("application/problem+json");
        r.then().body("title", org.hamcrest.Matchers.equalTo("Invalid spec")).body("status", org.hamcrest.Matchers.equalTo(400));
        List<String> paths = r.jsonPath().getList("errors.path");
        assertFalse(paths == null || paths.isEmpty(), "no errors listed: " + r.asString());
        if (expectedPath != null) {
            boolean found = expectedPath.endsWith("*")
                    ? paths.stream().anyMatch(p -> p != null && p.startsWith(expectedPath.substring(0, expectedPath.length() - 1)))
                    : paths.contains(expectedPath);
            assertTrue(found, name + ": expected path " + expectedPath + " in " + paths);
        }
    }

    @Test
    void everyErrorIsListed() {
        String body = spec("app: hello api\n", "target: { imgae: \"hello:1\", port: 8080 }\n", READY,
                "checks:\n  - name: a\n    request: { path: /a }\n    expect: { status: 700 }\n");
        Response r = post(YAML, body);
        r.then().statusCode(400).contentType("application/problem+json");
        List<String> paths = r.jsonPath().getList("errors.path");
        assertTrue(paths.containsAll(List.of("app", "target.imgae", "checks[0].expect.status")), paths.toString());
        // errors carry a line number when the spec came from text
        assertTrue(r.jsonPath().getList("errors.line").stream().anyMatch(java.util.Objects::nonNull), r.asString());
    }

    @Test
    void allYamlContentTypesAccepted() {
        for (String type : new String[] {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"}) {
            post(type, "app: hello api\n").then().statusCode(400).contentType("application/problem+json");
        }
    }

    static Response post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/validations");
    }

    private static Arguments yaml(String name, String body, String path) {
        return Arguments.of(name, YAML, body, path);
    }

    private static Arguments json(String name, String body, String path) {
        return Arguments.of(name, JSON, body, path);
    }
}
