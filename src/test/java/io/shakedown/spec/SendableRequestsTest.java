package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request the HTTP client cannot send, and every value Docker refuses, is refused when the spec is read. */
class SendableRequestsTest {

    private final SpecParser parser = new SpecParser();

    private static String check(String request) {
        return """
                app: a
                target: { url: "http://127.0.0.1:9" }
                checks:
                  - name: c
                    request: %s
                """.formatted(request);
    }

    private DocumentError onlyError(String spec) {
        try {
            parser.parse(spec);
            fail("accepted: " + spec);
            return null;
        } catch (DocumentException e) {
            assertEquals(1, e.errors().size(), e.errors().toString());
            return e.errors().get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "host", "Content-Length", "Connection", "Expect", "Upgrade"})
    void headersTheClientSetsItselfAreRefused(String name) throws DocumentException {
        DocumentError e = onlyError(check("{ path: /, headers: { " + name + ": x } }"));
        assertEquals("checks[0].request.headers." + name, e.path());
        assertTrue(e.message().startsWith("is set by Shakedown's HTTP client itself"), e.message());
        assertEquals(5, e.line());
    }

    @Test
    void headerValuesWithControlOrNonAsciiCharactersAreRefused() throws DocumentException {
        DocumentError lf = onlyError(check("{ path: /, headers: { X-A: \"a\\nb\" } }"));
        assertTrue(lf.message().contains("control character LF"), lf.message());
        assertTrue(onlyError(check("{ path: /, headers: { X-A: \"a\\rb\" } }")).message().contains("CR"));
        assertTrue(onlyError(check("{ path: /, headers: { X-A: \"a\\0b\" } }")).message().contains("NUL"));
        DocumentError e = onlyError(check("{ path: /, headers: { X-A: \"café\" } }"));
        assertTrue(e.message().contains("non-ASCII character 'é'") && e.message().contains("%C3%A9"), e.message());
        parser.parse(check("{ path: /, headers: { X-A: \"a\\tb ${uuid}\", Date: x, Origin: \"https://e.example\" } }"));
    }

    @Test
    void pathsAndQueriesThatAreNotValidUriPartsAreRefusedWithTheirEncodedForm() throws DocumentException {
        DocumentError space = onlyError(check("{ path: \"/api v1/items\" }"));
        assertEquals("checks[0].request.path", space.path());
        assertTrue(space.message().contains("a space at position 5") && space.message().endsWith("percent-encode it: /api%20v1/items"), space.message());
        assertTrue(onlyError(check("{ path: \"/a\\\\b\" }")).message().contains("a backslash"));
        assertTrue(onlyError(check("{ path: \"/a?q=50%\" }")).message().contains("'%' at position 8"));
        assertTrue(onlyError(check("{ path: \"/a?q=%zz\" }")).message().contains("not followed by two hex digits"));
        assertTrue(onlyError(check("{ path: \"/a?q={x}\" }")).message().contains("move the query into query:"));
        assertTrue(onlyError(check("{ path: \"/straße\" }")).message().contains("/stra%C3%9Fe"));
        assertTrue(onlyError(check("{ path: \"/a#top\" }")).message().contains("fragment"));
        // valid: escapes, sub-delims, templates, and anything in query:
        parser.parse(check("{ path: \"/a%20b/c;v=1/@me?x=1&y=a,b:c\", query: { q: \"a b/ü&%\" } }"));
        parser.parse(check("{ path: \"/users/${uuid}\" }"));
    }

    @Test
    void aSpaceInTheReadinessPathAndInAssetPagesIsRefused() throws DocumentException {
        DocumentError e = onlyError("""
                app: a
                target: { url: "http://127.0.0.1:9" }
                readiness: { http: { path: "/he alth" } }
                """);
        assertEquals("readiness.http.path", e.path());
        assertEquals(3, e.line());
        DocumentError page = onlyError("""
                app: a
                target: { url: "http://127.0.0.1:9" }
                assets: { pages: ["/a b"] }
                """);
        assertEquals("assets.pages[0]", page.path());
    }

    @Test
    void flowStepsAreCheckedLikeChecks() throws DocumentException {
        DocumentError e = onlyError("""
                app: a
                target: { url: "http://127.0.0.1:9" }
                flows:
                  - name: f
                    steps:
                      - request: { path: "/x", headers: { Content-Length: "3" } }
                """);
        assertEquals("flows[0].steps[0].request.headers.Content-Length", e.path());
    }

    @Test
    void templatesInPerformanceRequestsAreRefusedSinceTheyAreSentVerbatim() throws DocumentException {
        String spec = """
                app: a
                target: { url: "http://127.0.0.1:9" }
                performance:
                  scenarios:
                    - name: s
                      requests:
                        - request: { method: POST, path: "/u/${uuid}", headers: { X-Id: "${random.email}" }, json: { a: "${secrets.X}" } }
                      load: { users: 1, duration: 1s }
                """;
        try {
            parser.parse(spec);
            fail("accepted");
        } catch (DocumentException e) {
            List<String> paths = e.errors().stream().map(DocumentError::path).toList();
            assertTrue(paths.containsAll(List.of("performance.scenarios[0].requests[0].request.path",
                    "performance.scenarios[0].requests[0].request.headers.X-Id",
                    "performance.scenarios[0].requests[0].request.json.a")), e.errors().toString());
            assertTrue(e.errors().get(0).message().contains("holds ${uuid}, but performance requests are sent exactly as written"), e.errors().toString());
        }
        parser.parse(spec.replace("${uuid}", "42").replace("${random.email}", "a@example.com").replace("${secrets.X}", "x"));
    }

    @Test
    void cpusBelowDockersMinimumAreRefused() throws DocumentException {
        DocumentError e = onlyError("""
                app: a
                target: { image: "x:1", port: 8080, resources: { cpus: 0.005 } }
                """);
        assertEquals("target.resources.cpus", e.path());
        assertTrue(e.message().contains("at least 0.01"), e.message());
        parser.parse("""
                app: a
                target: { image: "x:1", port: 8080, resources: { cpus: 0.01 } }
                """);
    }
}
