package io.shakedown.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shakedown.probe.CappedBody;
import io.shakedown.spec.CheckSpec;
import io.shakedown.spec.StatusMatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Filling in ${...} at run time: secrets, captures (keeping their JSON type), earlier steps, generators; what is missing. */
class TemplateResolverTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final TemplateResolver resolver = new TemplateResolver(Map.of("API_KEY", "k-123"));

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static CheckSpec.RequestSpec get(String path, Map<String, String> headers, Map<String, String> query) {
        return new CheckSpec.RequestSpec("GET", path, headers, query, null, null, CheckSpec.RequestSpec.DEFAULT_TIMEOUT);
    }

    @Test
    void textJoinsLiteralsAndValuesAndLeavesPlainTextAlone() throws Exception {
        resolver.capture("id", IntNode.valueOf(42));
        resolver.capture("name", TextNode.valueOf("ada"));
        assertEquals("/users/42?who=ada&key=k-123", resolver.text("/users/${id}?who=${name}&key=${secrets.API_KEY}"));
        assertEquals("price: ${amount}", resolver.text("price: $${amount}"));
        String plain = "no template here";
        assertTrue(plain == resolver.text(plain), "a string without ${ is returned as it is");
    }

    @Test
    void aSoleReferenceInJsonKeepsItsTypeAndAMixedOneBecomesText() throws Exception {
        resolver.capture("id", IntNode.valueOf(42));
        resolver.capture("tags", json("[\"a\",\"b\"]"));
        JsonNode out = resolver.json(json("{\"id\":\"${id}\",\"label\":\"item ${id}\",\"tags\":\"${tags}\",\"nested\":[{\"k\":\"${secrets.API_KEY}\"}],\"n\":7}"));
        assertEquals(json("{\"id\":42,\"label\":\"item 42\",\"tags\":[\"a\",\"b\"],\"nested\":[{\"k\":\"k-123\"}],\"n\":7}"), out);
        assertTrue(out.get("id").isInt(), out.toString());
        assertEquals("[\"a\",\"b\"]", resolver.text("${tags}"), "non-text values are written as JSON in text");
    }

    @Test
    void requestAndExpectAreFilledInEveryPlaceATemplateMayStand() throws Exception {
        resolver.capture("token", TextNode.valueOf("t0k"));
        var r = resolver.request(new CheckSpec.RequestSpec("POST", "/orders/${token}", Map.of("Authorization", "Bearer ${token}"),
                Map.of("q", "${secrets.API_KEY}"), "raw ${token}", null, CheckSpec.RequestSpec.DEFAULT_TIMEOUT));
        assertEquals("/orders/t0k", r.path());
        assertEquals(Map.of("Authorization", "Bearer t0k"), r.headers());
        assertEquals(Map.of("q", "k-123"), r.query());
        assertEquals("raw t0k", r.body());
        var e = resolver.expect(new CheckSpec.Expect(null, Map.of(), List.of(
                new CheckSpec.JsonAssertion("$.token", TextNode.valueOf("${token}"), null, null, null, null, null),
                new CheckSpec.JsonAssertion("$.id", null, "integer", null, null, null, null)),
                new CheckSpec.BodyExpect("hello ${token}", Pattern.compile("x")), null, null));
        assertEquals(TextNode.valueOf("t0k"), e.json().get(0).equals());
        assertEquals("integer", e.json().get(1).type());
        assertEquals("hello t0k", e.body().contains());
    }

    @Test
    void earlierStepsAnswerForTheirRequestAndResponse() throws Exception {
        resolver.beginStep(new CheckSpec.RequestSpec("POST", "/login", Map.of("X-Trace", "abc"), Map.of("page", "2"), null,
                json("{\"user\":{\"name\":\"ada\"}}"), CheckSpec.RequestSpec.DEFAULT_TIMEOUT));
        assertEquals("/login ada abc 2", resolver.text("${steps[0].request.path} ${steps[0].request.json.user.name} "
                + "${steps[0].request.headers.x-trace} ${steps[0].request.query.page}"), "header names ignore case");
        var missing = assertThrows(TemplateResolver.Unresolvable.class, () -> resolver.text("${steps[0].response.status}"));
        assertEquals("${steps[0].response.status} has no value", missing.getMessage(), "no response yet");

        resolver.endStep(response(201, "{\"items\":[{\"id\":7},{\"id\":8}]}", Map.of("Location", List.of("/orders/8"))));
        assertEquals(IntNode.valueOf(201), resolver.json(TextNode.valueOf("${steps[0].response.status}")));
        assertEquals(IntNode.valueOf(8), resolver.json(TextNode.valueOf("${steps[0].response.json.items.1.id}")));
        assertEquals("/orders/8", resolver.text("${steps[0].response.headers.Location}"));
        assertEquals("{\"items\":[{\"id\":7},{\"id\":8}]}", resolver.text("${steps[0].response.body}"));
    }

    @Test
    void whatIsMissingAtRunTimeIsNamed() throws Exception {
        record Case(String template, String message) {}
        resolver.beginStep(get("/a", Map.of(), Map.of()));
        resolver.endStep(response(200, "not json", Map.of()));
        for (var c : List.of(
                new Case("${secrets.OTHER}", "secret OTHER has no value"),
                new Case("${token}", "${token} has no value (its capture did not run)"),
                new Case("${steps[1].response.status}", "${steps[1].response.status}: steps[1] has not run"),
                new Case("${steps[0].response.json.id}", "${steps[0].response.json.id}: the response of steps[0] is not JSON"),
                new Case("${steps[0].response.headers.Location}", "${steps[0].response.headers.Location} has no value"),
                new Case("${steps[0].request.query.page}", "${steps[0].request.query.page} has no value"))) {
            var e = assertThrows(TemplateResolver.Unresolvable.class, () -> resolver.text(c.template()), c.template());
            assertEquals(c.message(), e.getMessage(), c.template());
        }
    }

    @Test
    void checksAreResolvedWithGeneratorsAndSecretsAndAMissingSecretNamesTheCheck() {
        var ok = TemplateResolver.resolveChecks(List.of(new CheckSpec("items", get("/items", Map.of("X-Key", "${secrets.API_KEY}"), Map.of()),
                new CheckSpec.Expect(StatusMatcher.ANY_2XX, Map.of(), List.of(), null, null, null))), Map.of("API_KEY", "k-1"));
        assertEquals("k-1", ok.getFirst().request().headers().get("X-Key"));
        var e = assertThrows(IllegalStateException.class, () -> TemplateResolver.resolveChecks(List.of(new CheckSpec("items",
                get("/items", Map.of("X-Key", "${secrets.API_KEY}"), Map.of()),
                new CheckSpec.Expect(null, Map.of(), List.of(), null, null, null))), Map.of()));
        assertEquals("check items: secret API_KEY has no value", e.getMessage());
    }

    @Test
    void generatorsGiveFreshValuesOfTheirForm() {
        String a = TemplateResolver.generate("uuid"), b = TemplateResolver.generate("uuid");
        assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), a);
        assertNotEquals(a, b);
        String email = TemplateResolver.generate("random.email");
        assertTrue(email.matches("shakedown\\+[0-9a-f]{12}@example\\.com"), email);
        for (int i = 0; i < 50; i++) {
            String p = TemplateResolver.generate("random.password");
            assertEquals(20, p.length(), p);
            assertTrue(p.matches(".*[A-Z].*") && p.matches(".*[a-z].*") && p.matches(".*[0-9].*") && p.matches(".*[!#%+=_-].*"), p);
        }
        long now = System.currentTimeMillis();
        long ts = Long.parseLong(TemplateResolver.generate("timestamp"));
        assertTrue(Math.abs(ts - now) < 60_000, ts + " vs " + now);
        assertThrows(IllegalArgumentException.class, () -> TemplateResolver.generate("random.name"));
    }

    /** A response as the flow runner keeps it, without a server. */
    static HttpResponse<CappedBody> response(int status, String body, Map<String, List<String>> headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build();
            }

            @Override
            public Optional<HttpResponse<CappedBody>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (k, v) -> true);
            }

            @Override
            public CappedBody body() {
                return new CappedBody(bytes, bytes.length);
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return URI.create("http://127.0.0.1:9/");
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
