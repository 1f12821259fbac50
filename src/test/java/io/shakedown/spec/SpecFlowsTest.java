package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import static io.shakedown.spec.SpecTestSupport.errors;
import static io.shakedown.spec.SpecTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flows, captures, templates, secrets, assets, expect.schema and lint, as the parser reads them. */
class SpecFlowsTest {

    static final String HEAD = """
            app: demo
            target: { image: demo:1, port: 8080 }
            """;

    static String one(List<DocumentError> errors) {
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0).toString();
    }

    @Test
    void aBrowserStepsTemplatesAreCheckedWhenTheSpecIsRead() {
        List<DocumentError> errors = errors(HEAD + """
                secrets: [ADA_PASSWORD]
                browser:
                  flows:
                    - name: sign in
                      steps:
                        - open: /login
                        - fill: { selector: "#password", value: "${secrets.ADA_PASWORD}" }
                        - expect: { selector: "#greeting", text: "Hello ${who}" }
                        - capture: { who: { selector: "#user" } }
                        - open: "/users/${steps[0].response.json.id}"
                        - expect: { text: "${who} ${uuid}" }
                """);
        assertEquals(3, errors.size(), errors.toString());
        assertEquals("browser.flows[0].steps[1].fill.value: uses ${secrets.ADA_PASWORD}, but \"ADA_PASWORD\" is not declared under secrets; "
                + "did you mean \"ADA_PASSWORD\"? (line 9)", errors.get(0).toString());
        assertTrue(errors.get(1).toString().startsWith("browser.flows[0].steps[2].expect.text: uses ${who}, but \"who\" is captured only later, by steps[3]"),
                errors.toString());
        assertTrue(errors.get(2).toString().startsWith("browser.flows[0].steps[4].open: uses ${steps[0].response.json.id}, but a browser step has no HTTP request"),
                errors.toString());
    }

    @Test
    void theIssueExampleParses() {
        ValidationSpec spec = parse(HEAD + """
                secrets: [ADMIN_PASSWORD]
                flows:
                  - name: sign-up and read my profile
                    steps:
                      - request: { method: POST, path: /api/register, json: { email: "${random.email}", password: "${random.password}" } }
                        expect: { status: 201 }
                        capture: { userId: { json: "$.id" } }
                      - request: { method: POST, path: /api/login, json: { email: "${steps[0].request.json.email}", password: "${steps[0].request.json.password}" } }
                        expect: { status: 200 }
                        capture: { token: { json: "$.access_token" }, session: { cookie: session }, loc: { header: Location }, n: { regex: "id=(\\\\d+)" } }
                      - request: { method: GET, path: "/api/users/${userId}", headers: { Authorization: "Bearer ${token}", X-Admin: "${secrets.ADMIN_PASSWORD}" }, query: { s: "${session}", l: "${loc}", n: "${n}" } }
                        expect: { status: 200, json: { "$.id": { equals: "${userId}" } }, schema: { type: object, required: [id] } }
                assets:
                  pages: [/]
                  spaRoutes: [/orders/42, /settings]
                """);
        assertEquals(List.of("ADMIN_PASSWORD"), spec.secrets());
        FlowSpec flow = spec.flows().get(0);
        assertEquals(3, flow.steps().size());
        assertEquals("POST /api/register", flow.steps().get(0).name());
        assertEquals(List.of(new FlowSpec.Capture("userId", FlowSpec.Source.JSON, "$.id")), flow.steps().get(0).captures());
        assertEquals(FlowSpec.Source.COOKIE, flow.steps().get(1).captures().get(1).source());
        assertEquals("/api/users/${userId}", flow.steps().get(2).request().path(), "templates are kept as written");
        assertNotNull(flow.steps().get(2).expect().schema());
        assertEquals(new AssetsSpec(List.of("/"), List.of("/orders/42", "/settings"), "/"), spec.assets());
        assertEquals(List.of(), spec.lint());
    }

    @Test
    void anUncapturedVariableIsRefusedNamingFieldAndLine() {
        String e = one(errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { method: POST, path: /login }
                        expect: { status: 200 }
                        capture: { token: { json: "$.token" } }
                      - request: { path: /me, headers: { Authorization: "Bearer ${tokne}" } }
                        expect: { status: 200 }
                """));
        assertEquals("flows[0].steps[1].request.headers.Authorization: uses ${tokne}, but no earlier step of this flow captures \"tokne\"; "
                + "did you mean \"token\"? (line 9)", e);
    }

    @Test
    void aVariableCapturedOnlyLaterIsRefused() {
        String e = one(errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { path: "/users/${id}" }
                        expect: { status: 200 }
                      - request: { path: /x }
                        expect: { status: 200 }
                        capture: { id: { json: "$.id" } }
                      - request: { path: "/y/${id}" }
                        expect: { status: 200 }
                """));
        assertEquals("flows[0].steps[0].request.path: uses ${id}, but \"id\" is captured only later, by steps[1]; "
                + "a step can use only what earlier steps captured (line 6)", e);
    }

    @Test
    void stepReferencesMustPointBackwardsAtSomethingThatWasSent() {
        List<DocumentError> errors = errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { method: POST, path: /r, json: { email: a@b.c } }
                        expect: { status: 201, json: { "$.email": "${steps[0].request.json.email}" } }
                      - request: { path: "/x/${steps[1].response.status}", query: { e: "${steps[0].request.json.mail}" } }
                        expect: { status: 200 }
                """);
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("flows[0].steps[1].request.path: uses ${steps[1].response.status}, but a step can only refer to earlier steps "
                + "(this is steps[1]); its own request only in its expect (line 8)", errors.get(0).toString());
        assertEquals("flows[0].steps[1].request.query.e: uses ${steps[0].request.json.mail}, but steps[0].request json has no field mail (line 8)",
                errors.get(1).toString());
    }

    @Test
    void secretsMustBeDeclaredAndChecksHaveNoCaptures() {
        List<DocumentError> errors = errors(HEAD + """
                secrets: [API_TOKEN]
                checks:
                  - name: a
                    request: { path: /a, headers: { Authorization: "Bearer ${secrets.API_TOKN}" } }
                    expect: { status: 200 }
                  - name: b
                    request: { path: "/b/${userId}" }
                    expect: { status: 200 }
                  - name: c
                    request: { path: "/c/${random.name}" }
                    expect: { status: 200 }
                """);
        assertEquals(3, errors.size(), errors.toString());
        assertEquals("checks[0].request.headers.Authorization: uses ${secrets.API_TOKN}, but \"API_TOKN\" is not declared under secrets; "
                + "did you mean \"API_TOKEN\"? (line 6)", errors.get(0).toString());
        assertTrue(errors.get(1).toString().startsWith("checks[1].request.path: uses ${userId}, but an endpoint check has no captures"), errors.toString());
        assertEquals("checks[2].request.path: uses ${random.name}; the generators are uuid, random.email, random.password, timestamp (line 12)",
                errors.get(2).toString());
    }

    @Test
    void badCapturesAndTemplates() {
        List<DocumentError> errors = errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { path: "/a/${unterminated" }
                        expect: { status: 200 }
                        capture: { steps: { json: "$.x" }, t: { json: "$.a", header: X }, u: { xpath: "//a" } }
                """);
        // the structure (the schema) first: what it finds is all that is reported
        String all = errors.toString();
        assertTrue(all.contains("flows[0].steps[0].capture.t: must have exactly one of json"), all);
        assertTrue(all.contains("flows[0].steps[0].capture.u.xpath: unknown field"), all);
        all = errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { path: "/a" }
                        expect: { status: 200 }
                        capture: { steps: { json: "$.x" } }
                """).toString();
        assertTrue(all.contains("flows[0].steps[0].capture.steps: must be a name"), all);
        all = errors(HEAD + """
                flows:
                  - name: f
                    steps:
                      - request: { path: "/a/${unterminated" }
                        expect: { status: 200 }
                """).toString();
        assertTrue(all.contains("flows[0].steps[0].request.path: has an unterminated ${ at position 3"), all);
    }

    @Test
    void lintWarnsAboutGatesThatCannotFail() {
        ValidationSpec spec = parse(HEAD + """
                checks:
                  - name: no expect
                    request: { path: /a }
                flows:
                  - name: lenient
                    steps:
                      - request: { path: /x }
                        expect: { status: [1xx, 2xx, 3xx, 4xx, 5xx] }
                        capture: { unused: { json: "$.id" } }
                """);
        List<String> lint = spec.lint().stream().map(DocumentError::toString).toList();
        assertEquals(List.of(
                "checks[0]: this check has no expect: only the default 2xx status is checked; add expect (status, json, body or schema) (line 4)",
                "flows[0].steps[0].expect: accepts any status and asserts nothing else: this step cannot fail (line 10)",
                "flows[0].steps[0].capture.unused: is captured but no later step uses ${unused}; use it or remove the capture (line 11)",
                "flows[0]: every step accepts any status, so this flow cannot fail on a status; give its steps an expect.status (line 7)"), lint);
    }

    @Test
    void strictTurnsLintIntoErrors() {
        List<DocumentError> errors = errors(HEAD + """
                strict: true
                checks:
                  - name: no expect
                    request: { path: /a }
                """);
        assertEquals("checks[0]: this check has no expect: only the default 2xx status is checked; add expect (status, json, body or schema) (strict: true) (line 5)",
                one(errors));
    }

    @Test
    void schemasInlineOrFromFilesNextToTheSpec(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/user.json"), "{\"type\": \"object\", \"required\": [\"id\"]}");
        String text = HEAD + """
                checks:
                  - name: user
                    request: { path: /u }
                    expect: { status: 200, schema: schemas/user.json }
                """;
        ValidationSpec spec = new SpecParser().parse(text, SpecFiles.folder(dir));
        assertEquals("object", spec.checks().get(0).expect().schema().get("type").asText());

        // without files (a plain service submission) the name cannot be read
        String e = one(errors(text));
        assertTrue(e.startsWith("checks[0].expect.schema: no schema file \"schemas/user.json\" (no files were given with the spec"), e);

        // an invalid schema is refused when the spec is read, not when the response comes
        String bad = one(errors(HEAD + """
                checks:
                  - name: user
                    request: { path: /u }
                    expect: { status: 200, schema: { type: objekt } }
                """));
        assertTrue(bad.startsWith("checks[0].expect.schema: is not a valid JSON Schema:"), bad);
        assertTrue(bad.endsWith("(line 6)"), bad);
    }

    @Test
    void responseSchemaViolationsAreReported() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"}}}");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(List.of(), ResponseSchemas.violations(schema, mapper.readTree("{\"id\": 7}")));
        List<String> v = ResponseSchemas.violations(schema, mapper.readTree("{\"id\": \"7\"}"));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("$.id") && v.get(0).contains("integer"), v.toString());
    }

    @Test
    void assetsNeedPagesOrRoutes() {
        assertEquals("assets: must have pages (HTML pages whose assets must load) and/or spaRoutes (deep links that must serve the app shell) (line 3)",
                one(errors(HEAD + "assets: {}\n")));
        assertEquals("assets.pages[0]: must be a path starting with \"/\", like /health, got \"index.html\" (line 3)",
                one(errors(HEAD + "assets: { pages: [index.html] }\n")));
    }

    @Test
    void templatesReadBackTheWayTheyWereWritten() throws Exception {
        Template t = Template.parse("Bearer ${token} and $${literal}");
        assertEquals(List.of(new Template.Literal("Bearer "), new Template.Capture("token", "token"), new Template.Literal(" and ${literal}")), t.parts());
        assertEquals(new Template.StepRef("steps[2].response.headers.Location", 2, "response", "headers", "Location"),
                Template.parse("${steps[2].response.headers.Location}").soleRef());
        try {
            Template.parse("${steps[0].request.cookies.x}");
            fail("accepted an unknown step field");
        } catch (Template.Invalid e) {
            assertEquals("uses ${steps[0].request.cookies.x}; steps[N].request has path, body, json, headers, query, not cookies", e.getMessage());
        }
    }
}
