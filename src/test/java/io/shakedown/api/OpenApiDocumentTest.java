package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi parsed as an OpenAPI 3 document by swagger-parser; every endpoint docs/api.md lists (its endpoint
 * table and every inline "`METHOD /api/…`") is in it, so the two cannot drift apart.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static OpenAPI api;

    @BeforeEach
    void parse() {
        if (api != null) return;
        String json = given().accept("application/json").get(Management.url("/q/openapi?format=json")).then().statusCode(200).extract().asString();
        var options = new ParseOptions();
        options.setResolve(false); // every $ref is local; nothing to fetch
        var result = new OpenAPIV3Parser().readContents(json, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "not a valid OpenAPI 3 document: " + result.getMessages());
        api = result.getOpenAPI();
        assertNotNull(api, "swagger-parser read nothing");
        assertTrue(api.getOpenapi().startsWith("3."), api.getOpenapi());
    }

    /** "METHOD path" pairs of docs/api.md: rows of the endpoint table and inline `METHOD /api/...` code. */
    static Set<String> documentedEndpoints() throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        var found = new LinkedHashSet<String>();
        Matcher row = Pattern.compile("(?m)^\\| *((?:GET|POST|PUT|DELETE|PATCH)(?:/(?:GET|POST|PUT|DELETE|PATCH))*) *\\| *`(/api/[^`]+)`").matcher(doc);
        while (row.find()) for (String m : row.group(1).split("/")) found.add(m + " " + normalize(row.group(2)));
        Matcher inline = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/api/[^`\\s]+)").matcher(doc);
        while (inline.find()) found.add(inline.group(1) + " " + normalize(inline.group(2)));
        return found;
    }

    /** Drops query parts ("[?wait=N]", "?app=…") and names of path parameters: /a/{id} and /a/{name} are one path. */
    static String normalize(String path) {
        String p = path.replaceAll("\\[.*$", "").replaceAll("\\?.*$", "");
        p = p.replaceAll("\\{[^}]*}", "{}");
        return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
    }

    static Map<String, Operation> operations() {
        var ops = new java.util.LinkedHashMap<String, Operation>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> ops.put(method.name() + " " + normalize(path), op)));
        return ops;
    }

    @Test
    void everyEndpointOfTheApiDocIsInTheDocument() throws Exception {
        Set<String> documented = documentedEndpoints();
        assertTrue(documented.size() >= 15, "docs/api.md parsing found too few endpoints to mean anything: " + documented);
        var missing = new ArrayList<>(documented);
        missing.removeAll(operations().keySet());
        assertEquals(List.of(), missing, "documented in docs/api.md but not in /q/openapi");
    }

    @Test
    void everyOperationHasASummaryAndTheProblemShapeForErrors() {
        operations().forEach((key, op) -> {
            if (!key.contains(" /api/")) return;
            assertTrue(op.getSummary() != null && !op.getSummary().isBlank(), key + " has no summary");
            var error = op.getResponses().getDefault();
            assertNotNull(error, key + " has no default (error) response");
            var problem = error.getContent().get("application/problem+json");
            assertNotNull(problem, key + ": errors are not application/problem+json");
            assertEquals("#/components/schemas/Problem", problem.getSchema().get$ref(), key);
            assertTrue(op.getResponses().keySet().stream().anyMatch(code -> code.startsWith("2")), key + " documents no success response");
        });
        var problem = api.getComponents().getSchemas().get("Problem");
        assertNotNull(problem);
        assertTrue(problem.getProperties().keySet().containsAll(List.of("type", "title", "status", "detail", "instance", "errors")));
    }

    @Test
    void parametersAndBodiesAreDescribed() {
        PathItem submit = api.getPaths().get("/api/v1/validations");
        var post = submit.getPost();
        assertNotNull(post.getRequestBody(), "POST /api/v1/validations has no request body");
        assertTrue(post.getRequestBody().getContent().keySet().containsAll(List.of("application/yaml", "application/vnd.shakedown.submission+json")),
                post.getRequestBody().getContent().keySet().toString());
        var names = post.getParameters().stream().map(p -> p.getIn() + ":" + p.getName()).toList();
        assertTrue(names.containsAll(List.of("query:wait", "query:image", "query:url")), names.toString());
        var ok = post.getResponses().get("200").getContent().get("application/json").getSchema();
        assertTrue(ok.get$ref() != null && ok.get$ref().endsWith("/RunView"), "200 of a submit is a RunView: " + ok);
        var get = api.getPaths().get("/api/v1/validations/{id}").getGet();
        assertTrue(get.getParameters().stream().anyMatch(p -> p.getName().equals("id") && p.getIn().equals("path") && p.getDescription() != null));
    }

    @Test
    void typedParametersShowTheirTypesAndBounds() {
        var list = api.getPaths().get("/api/v1/validations").getGet();
        var limit = parameter(list, "limit").getSchema();
        assertEquals(Set.of("integer"), types(limit), limit.toString());
        assertEquals(1, limit.getMinimum().intValue(), limit.toString());
        assertEquals(200, limit.getMaximum().intValue(), limit.toString());
        assertEquals("20", String.valueOf(limit.getDefault()), limit.toString());
        var verdict = resolved(parameter(list, "verdict").getSchema());
        assertEquals(List.of("PASSED", "FAILED", "ERROR", "CANCELLED"), verdict.getEnum(), verdict.toString());
        var id = resolved(parameter(api.getPaths().get("/api/v1/validations/{id}").getGet(), "id").getSchema());
        assertEquals("uuid", id.getFormat(), id.toString());
        // ?wait= takes whole seconds or a spec duration (90s, 1.5m): a string with the accepted form
        var wait = parameter(api.getPaths().get("/api/v1/validations/{id}").getGet(), "wait").getSchema();
        assertEquals(Set.of("string"), types(wait), wait.toString());
        assertTrue(java.util.regex.Pattern.compile(wait.getPattern()).matcher("1.5m").matches(), wait.toString());
        assertFalse(java.util.regex.Pattern.compile(wait.getPattern()).matcher("-1").matches(), wait.toString());
        // the envelope's schema shows what a client sends, not what the server derives from it
        assertEquals(Set.of("spec", "secrets", "files"), api.getComponents().getSchemas().get("Submission").getProperties().keySet());
    }

    private static io.swagger.v3.oas.models.parameters.Parameter parameter(Operation op, String name) {
        return op.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " in " + op.getOperationId()));
    }

    private static io.swagger.v3.oas.models.media.Schema<?> resolved(io.swagger.v3.oas.models.media.Schema<?> schema) {
        return schema.get$ref() == null ? schema : api.getComponents().getSchemas().get(schema.get$ref().replaceAll(".*/", ""));
    }

    private static Set<String> types(io.swagger.v3.oas.models.media.Schema<?> schema) {
        return schema.getTypes() != null ? schema.getTypes() : Set.of(schema.getType());
    }

    @Test
    void bearerTokensAndGitHubOidcAreTheSecuritySchemes() {
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertEquals(SecurityScheme.Type.HTTP, schemes.get("bearer").getType());
        assertEquals("bearer", schemes.get("bearer").getScheme().toLowerCase(Locale.ROOT));
        assertEquals(SecurityScheme.Type.OPENIDCONNECT, schemes.get("github-oidc").getType());
        assertTrue(schemes.get("github-oidc").getOpenIdConnectUrl().startsWith("https://token.actions.githubusercontent.com/"));
        var global = api.getSecurity().stream().flatMap(r -> r.keySet().stream()).toList();
        assertTrue(global.containsAll(List.of("bearer", "github-oidc")), global.toString());
        // the spec schema needs no token: its operation overrides the global requirement with none
        var schema = api.getPaths().get("/api/v1/spec/schema").getGet();
        assertNotNull(schema.getSecurity());
        assertFalse(schema.getSecurity().stream().anyMatch(r -> !r.isEmpty()));
    }
}
