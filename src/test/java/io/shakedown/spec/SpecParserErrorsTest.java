package io.shakedown.spec;

import io.shakedown.document.DocumentReader;
import io.shakedown.document.DocumentError;
import static io.shakedown.spec.SpecTestSupport.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecParserErrorsTest {

    /** A valid image target, two lines: most cases below start with it. */
    private static final String HEAD = "app: hello-api\ntarget: { image: hello-api:1.4.2, port: 8080 }\n";

    /** HEAD plus one check whose expect block is given (the check starts at line 3). */
    private static String check(String expect) {
        return HEAD + """
                checks:
                  - name: c
                    request: { path: /x }
                    expect:
                """ + expect.indent(6);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // --- top level
                a("unknown top-level field", HEAD + "cheks: []\n", "cheks", 3, "unknown field; did you mean \"checks\"?"),
                a("unknown field far from anything", HEAD + "colour: red\n", "colour", 3, "allowed here: version, app"),
                a("version 2", "version: 2\n" + HEAD, "version", 1, "must be 1 (the only spec version), got 2"),
                a("app with spaces", "app: hello api\ntarget: { image: a, port: 1 }\n", "app", 1, "got \"hello api\""),
                a("app missing", "target: { image: a, port: 1 }\n", "app", null, "required"),
                a("target missing", "app: a\n", "target", null, "required"),
                a("environment bad", HEAD + "environment: -ci\n", "environment", 3, "starting with a letter or digit"),
                a("parallelism 0", HEAD + "settings:\n  parallelism: 0\n", "settings.parallelism", 4, "must be an integer 1-32, got 0"),
                a("settings typo", HEAD + "settings:\n  paralelism: 2\n", "settings.paralelism", 4, "did you mean \"parallelism\"?"),
                // --- target
                a("typo in nested field", "app: a\ntarget:\n  imgae: a\n  port: 80\n", "target.imgae", 3, "unknown field; did you mean \"image\"?"),
                a("port 0", "app: a\ntarget:\n  image: a\n  port: 0\n", "target.port", 4, "must be an integer 1-65535, got 0"),
                a("port 70000", "app: a\ntarget:\n  image: a\n  port: 70000\n", "target.port", 4, "must be an integer 1-65535, got 70000"),
                a("port eighty", "app: a\ntarget:\n  image: a\n  port: eighty\n", "target.port", 4, "must be an integer 1-65535, got \"eighty\""),
                a("port missing with image", "app: a\ntarget:\n  image: a\n", "target.port", 2, "required with image"),
                a("both image and url", "app: a\ntarget:\n  image: a\n  url: http://x\n  port: 1\n", "target", 2, "must have exactly one of image (a Docker image Shakedown starts) or url"),
                a("neither image nor url", "app: a\ntarget:\n  port: 1\n", "target", 2, "must have exactly one of image"),
                a("url with port", "app: a\ntarget:\n  url: http://example.com\n  port: 80\n", "target.port", 4, "not allowed with a url target"),
                a("url with pull", "app: a\ntarget:\n  url: http://example.com\n  pull: always\n", "target.pull", 4, "not allowed with a url target"),
                a("bad url scheme", "app: a\ntarget:\n  url: ftp://example.com\n", "target.url", 3, "must be an absolute http or https URL"),
                a("bad image reference", "app: a\ntarget:\n  image: Hello API\n  port: 1\n", "target.image", 3, "must be a Docker image reference"),
                a("env with object value", "app: a\ntarget:\n  image: a\n  port: 1\n  env:\n    A: ok\n    B: { x: 1 }\n", "target.env.B", 7, "got a mapping"),
                a("env with null value", "app: a\ntarget:\n  image: a\n  port: 1\n  env:\n    A:\n", "target.env.A", 6, "got null"),
                a("bad env name", "app: a\ntarget:\n  image: a\n  port: 1\n  env:\n    1BAD: x\n", "target.env[\"1BAD\"]", 6, "not a valid environment variable name"),
                a("command not a list", "app: a\ntarget:\n  image: a\n  port: 1\n  command: java -jar app.jar\n", "target.command", 5, "must be a non-empty list of arguments"),
                a("bad duration", "app: a\ntarget:\n  image: a\n  port: 1\n  startupTimeout: soon\n", "target.startupTimeout", 5, "must be a duration like 300ms, 60s or 2m, got \"soon\""),
                a("bare number duration", "app: a\ntarget:\n  image: a\n  port: 1\n  startupTimeout: 60\n", "target.startupTimeout", 5, "must be a duration like 300ms, 60s or 2m, got 60"),
                a("duration out of range", "app: a\ntarget:\n  image: a\n  port: 1\n  startupTimeout: 2h\n", "target.startupTimeout", 5, "must be between 1s and 30m"),
                a("pull sometimes", "app: a\ntarget:\n  image: a\n  port: 1\n  pull: sometimes\n", "target.pull", 5, "must be one of missing, always, never"),
                a("bad size", "app: a\ntarget:\n  image: a\n  port: 1\n  resources:\n    memory: lots\n", "target.resources.memory", 6, "must be a size like 512m"),
                a("size too small", "app: a\ntarget:\n  image: a\n  port: 1\n  resources:\n    memory: 4m\n", "target.resources.memory", 6, "must be at least 6m"),
                a("cpus 0", "app: a\ntarget:\n  image: a\n  port: 1\n  resources:\n    cpus: 0\n", "target.resources.cpus", 6, "at least 0.01 and at most 64 CPUs, like 0.5 or 2, got 0"),
                a("pids 8", "app: a\ntarget:\n  image: a\n  port: 1\n  resources:\n    pids: 8\n", "target.resources.pids", 6, "at least 16, got 8"),
                // --- readiness
                a("readiness unknown strategy", HEAD + "readiness:\n  tcp: {}\n", "readiness.tcp", 4, "unknown readiness strategy"),
                a("readiness strategy typo", HEAD + "readiness:\n  htpt: { path: / }\n", "readiness.htpt", 4, "did you mean \"http\"?"),
                a("readiness http without path", HEAD + "readiness:\n  http:\n    status: 200\n", "readiness.http.path", 4, "required"),
                a("readiness http path without slash", HEAD + "readiness:\n  http: { path: health }\n", "readiness.http.path", 4, "must be a path starting with \"/\""),
                a("bad regex in log pattern", HEAD + "readiness:\n  log:\n    pattern: \"Started (\"\n", "readiness.log.pattern", 5, "not a valid regular expression"),
                a("log times 0", HEAD + "readiness:\n  log: { pattern: x, times: 0 }\n", "readiness.log.times", 4, "at least 1"),
                a("port false", HEAD + "readiness:\n  port: false\n", "readiness.port", 4, "must be {} or true"),
                a("list item with two strategies", HEAD + "readiness:\n  - port: {}\n  - http: { path: / }\n    log: { pattern: x }\n", "readiness[1]", 5, "exactly one strategy"),
                a("log readiness on url target", "app: a\ntarget: { url: 'http://x' }\nreadiness:\n  log: { pattern: x }\n", "readiness.log", 4, "only for an image target"),
                a("readiness a string", HEAD + "readiness: port\n", "readiness", 3, "must be a mapping of strategies"),
                // --- checks
                a("checks not a list", HEAD + "checks:\n  name: x\n", "checks", 3, "must be a list of checks"),
                a("check without request", HEAD + "checks:\n  - name: a\n    request: { path: / }\n  - name: b\n", "checks[1].request", 6, "required"),
                a("request without path", HEAD + "checks:\n  - name: a\n    request:\n      method: GET\n", "checks[0].request.path", 5, "required"),
                a("request path without slash", HEAD + "checks:\n  - name: a\n    request: { path: api/items }\n", "checks[0].request.path", 5, "must be a path starting with \"/\", like /health, got \"api/items\""),
                a("duplicate check names", HEAD + "checks:\n  - name: a\n    request: { path: / }\n  - name: a\n    request: { path: / }\n",
                        "checks[1].name", 6, "duplicate check name \"a\"; checks[0] already has it"),
                a("method FETCH", HEAD + "checks:\n  - name: a\n    request: { method: FETCH, path: / }\n", "checks[0].request.method", 5, "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got \"FETCH\""),
                a("both body and json", HEAD + "checks:\n  - name: a\n    request:\n      path: /\n      body: x\n      json: { a: 1 }\n",
                        "checks[0].request.json", 8, "not allowed together with body"),
                a("request typo", HEAD + "checks:\n  - name: a\n    request:\n      path: /\n      header: { A: b }\n", "checks[0].request.header", 7, "did you mean \"headers\"?"),
                a("check typo", HEAD + "checks:\n  - name: a\n    request: { path: / }\n    expects: {}\n", "checks[0].expects", 6, "did you mean \"expect\"?"),
                // --- expectations
                a("bad status 700", check("status: 700"), "checks[0].expect.status", 7,
                        "must be an HTTP status 100-599, a class like 2xx, or a list of them, got 700"),
                a("status 6xx", check("status: 6xx"), "checks[0].expect.status", 7, "a class like 2xx, or a list of them, got \"6xx\""),
                a("status list with a bad item", check("status:\n  - 200\n  - 99\n"), "checks[0].expect.status[1]", 9,
                        "must be an HTTP status 100-599 or a class like 2xx, got 99"),
                a("status empty list", check("status: []"), "checks[0].expect.status", 7, "got an empty list"),
                a("bad regex in header expectation", check("headers:\n  Content-Type: \"application/json[\"\n"), "checks[0].expect.headers.Content-Type", 8,
                        "not a valid regular expression"),
                a("bad JSONPath", check("json:\n  \"$.items[\": { minSize: 1 }\n"), "checks[0].expect.json[\"$.items[\"]", 8, "not a valid JSONPath"),
                a("JSONPath Jayway rejects", check("json:\n  \"$.items[0\": { minSize: 1 }\n"), "checks[0].expect.json[\"$.items[0\"]", 8, "not a valid JSONPath: Could not parse"),
                a("JSONPath not starting with $", check("json:\n  items: { minSize: 1 }\n"), "checks[0].expect.json.items", 8, "must be a JSONPath starting with $"),
                a("assertion with unknown key", check("json:\n  \"$.items\": { minSzie: 1 }\n"), "checks[0].expect.json[\"$.items\"].minSzie", 8,
                        "did you mean \"minSize\"?"),
                a("empty assertion", check("json:\n  \"$.items\": {}\n"), "checks[0].expect.json[\"$.items\"]", 8, "must have at least one of equals, type"),
                a("type numbr", check("json:\n  \"$.id\":\n    type: numbr\n"), "checks[0].expect.json[\"$.id\"].type", 9, "did you mean \"number\"?"),
                a("minSize negative", check("json:\n  \"$.items\": { minSize: -1 }\n"), "checks[0].expect.json[\"$.items\"].minSize", 8, "at least 0, got -1"),
                a("minSize above maxSize", check("json:\n  \"$.items\": { minSize: 3, maxSize: 1 }\n"), "checks[0].expect.json[\"$.items\"].maxSize", 8,
                        "must not be less than minSize"),
                a("assertion as a list", check("json:\n  \"$.items\": [1, 2]\n"), "checks[0].expect.json[\"$.items\"]", 8, "must be an assertion like"),
                a("empty body expectation", check("body: {}"), "checks[0].expect.body", 7, "must have contains and/or matches"),
                a("bad maxDuration", check("maxDuration: 300"), "checks[0].expect.maxDuration", 7, "must be a duration like 300ms"),
                // --- the text itself
                a("empty document", "", "", 1, "the spec is empty"),
                a("comments only", "# nothing here\n", "", 1, "the spec is empty"),
                a("scalar document", "hello\n", "", 1, "must be a mapping with at least app and target, got \"hello\""),
                a("list document", "- app: a\n", "", 1, "got a list"),
                a("YAML unclosed quote", "app: a\ntarget:\n  image: \"hello\n  port: 1\n", "", 5, "quoted scalar that starts at line 3"),
                a("YAML bad indentation", "app: a\ntarget:\n  image: a\n   port: 1\n", "", 4, "invalid YAML at line 4"),
                a("YAML tab indentation", "app: a\ntarget:\n\timage: a\n", "", 3, "invalid YAML at line 3"),
                a("JSON syntax error", "{\n  \"app\": \"a\",\n  \"target\": { \"image\": \"a\" \"port\": 1 }\n}\n", "", 3, "invalid JSON at line 3, column"),
                a("JSON unclosed object", "{\n  \"app\": \"a\",\n  \"target\": {\"image\": \"a\"\n", "", 4, "invalid JSON at line 4"),
                a("duplicate keys", "app: a\ntarget: { image: a, port: 1 }\napp: b\n", "app", 3, "duplicate key \"app\" (first at line 1)"),
                a("duplicate keys in JSON", "{\"app\": \"a\",\n \"target\": {\"image\": \"a\", \"port\": 1},\n \"app\": \"b\"}", "app", 3, "duplicate key \"app\""),
                a("multi-document", HEAD + "---\napp: b\n", "", 3, "must be a single YAML document"),
                a("unknown YAML tag", "app: !secret a\ntarget: { image: a, port: 1 }\n", "", 1, "unsupported YAML tag !secret"));
    }

    private static Arguments a(String name, String yaml, String path, Integer line, String fragment) {
        return Arguments.of(name, yaml, path, line, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void reportsThePathAndLine(String name, String yaml, String path, Integer line, String fragment) {
        List<DocumentError> errors = errors(yaml);
        DocumentError error = errors.stream().filter(e -> e.path().equals(path)).findFirst()
                .orElseGet(() -> fail("no error at path '" + path + "' in:\n" + errors.stream().map(DocumentError::toString).reduce("", (x, y) -> x + y + "\n")));
        assertEquals(line, error.line(), () -> "line of " + error);
        assertTrue(error.message().contains(fragment), () -> "expected '" + fragment + "' in: " + error);
        for (DocumentError e : errors) {
            assertFalse(e.message().contains("spec schema"), () -> "the schema found something the field checks missed: " + e);
            assertFalse(e.message().matches("(?s).*(Exception|com\\.fasterxml|org\\.yaml|snakeyaml|networknt|\\$ref|#/).*"),
                    () -> "internal detail leaked into: " + e);
        }
    }

    /** Problems a JSON Schema cannot express: the parser checks them in code. Everything else the schema rejects too. */
    private static final Set<String> BEYOND_SCHEMA = Set.of(
            "duration out of range", "size too small", "bad regex in log pattern", "bad regex in header expectation",
            "bad JSONPath", "JSONPath Jayway rejects", "duplicate check names", "minSize above maxSize",
            "log readiness on url target", "duplicate keys", "duplicate keys in JSON");

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void schemaAgreesOnStructuralProblems(String name, String yaml, String path, Integer line, String fragment) {
        DocumentReader.Document doc = DocumentReader.read(yaml);
        if (doc.root() == null || !doc.root().isObject()) return; // syntax-level: no tree to validate
        boolean schemaRejects = !SpecSchema.accepts(doc.root());
        assertEquals(!BEYOND_SCHEMA.contains(name), schemaRejects,
                () -> name + ": the schema " + (schemaRejects ? "rejects" : "accepts") + " it");
    }

    @Test
    void targetLongerThanItsStoredColumnIsRefusedNamingTheField() {
        // validation_run.target is varchar(2048): a longer ?url= or spec URL used to fail the insert with a 500
        List<DocumentError> url = errors("app: a\ntarget: { url: \"http://127.0.0.1:9/" + "a".repeat(2048) + "\" }\n");
        assertEquals("target.url", url.get(0).path());
        assertTrue(url.get(0).message().contains("at most 2048 characters"), url.get(0).message());
        List<DocumentError> image = errors("app: a\ntarget: { image: \"registry.example.com/team/" + "b".repeat(2048) + "\", port: 80 }\n");
        assertEquals("target.image", image.get(0).path());
        assertTrue(image.get(0).message().contains("at most 2048 characters"), image.get(0).message());
    }

    @Test
    void reportsEveryErrorInSourceOrder() {
        List<DocumentError> errors = errors("""
                app: hello api
                target:
                  image: hello-api:1.4.2
                  port: eighty
                  startupTimeout: 60
                readiness:
                  http: { status: 200 }
                checks:
                  - name: list
                    request: { path: /items, method: FETCH }
                    expect:
                      status: 700
                """);
        assertEquals(List.of(
                "app: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit, got \"hello api\" (line 1)",
                "target.port: must be an integer 1-65535, got \"eighty\" (line 4)",
                "target.startupTimeout: must be a duration like 300ms, 60s or 2m, got 60 (line 5)",
                "readiness.http.path: required (line 7)",
                "checks[0].request.method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got \"FETCH\" (line 10)",
                "checks[0].expect.status: must be an HTTP status 100-599, a class like 2xx, or a list of them, got 700 (line 12)"),
                errors.stream().map(DocumentError::toString).toList());
    }

    @Test
    void eachFieldGetsOneMessage() {
        // the schema would also flag these; the reader must not repeat them in schema words
        List<DocumentError> errors = errors(HEAD + "checks:\n  - name: c\n    request: { path: /x }\n    expect: { status: [200, 6xx], body: {} }\n");
        assertEquals(2, errors.size(), errors::toString);
    }
}
