package io.shakedown.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shakedown.probe.HttpProbe;
import io.shakedown.report.Report;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.ContractSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract checks against a real HTTP server in this JVM (the framework tests are ContractFrameworksTest): what the
 * OpenAPI 3.0 and 3.1 keywords mean for a response (nullable, oneOf with a discriminator, readOnly/writeOnly, $ref
 * across the document), each class of violation with its JSON pointer, the budget, ignore, unsafe and negative checks.
 */
class ContractRunnerTest {
    private static HttpServer server;
    private static URI base;

    static final String DOC_30 = """
            openapi: 3.0.3
            info: { title: shop, version: "1.2" }
            paths:
              /items:
                get:
                  operationId: listItems
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Item" } } } } }
                post:
                  operationId: createItem
                  requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
                  responses: { "201": { description: created } }
              /items/{id}:
                parameters: [ { name: id, in: path, required: true, schema: { type: integer, minimum: 1 } } ]
                get:
                  operationId: getItem
                  responses:
                    "200": { $ref: "#/components/responses/OneItem" }
                    "4XX": { description: not found, content: { application/json: { schema: { type: object } } } }
              /pets/{petId}:
                get:
                  operationId: getPet
                  parameters: [ { name: petId, in: path, required: true, schema: { type: string }, example: rex } ]
                  responses:
                    "200":
                      description: a cat or a dog
                      content:
                        application/json:
                          schema:
                            oneOf: [ { $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" } ]
                            discriminator: { propertyName: petType }
              /stats:
                get:
                  operationId: getStats
                  responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } }
              /drift:
                get:
                  operationId: getDrift
                  responses: { "200": { $ref: "#/components/responses/OneItem" } }
              /accepted:
                get:
                  operationId: getAccepted
                  responses: { "200": { description: ok } }
              /text:
                get:
                  operationId: getText
                  responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } }
              /search:
                get:
                  operationId: search
                  parameters: [ { name: code, in: query, required: true, schema: { type: string, pattern: "^[0-9]{3}$" } } ]
                  responses: { "200": { description: ok } }
              /traced:
                get:
                  operationId: getTraced
                  responses:
                    "200":
                      description: ok
                      headers: { X-Trace-Id: { required: true, schema: { type: string } } }
            components:
              responses:
                OneItem: { description: one item, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
              schemas:
                Item:
                  type: object
                  required: [id, name, password]
                  properties:
                    id: { type: integer, readOnly: true }
                    name: { type: string }
                    nickname: { type: string, nullable: true }
                    password: { type: string, writeOnly: true }
                Cat: { type: object, required: [petType, lives], properties: { petType: { type: string }, lives: { type: integer } } }
                Dog: { type: object, required: [petType, bark], properties: { petType: { type: string }, bark: { type: string } } }
            """;

    static final String DOC_31 = """
            {"openapi": "3.1.0", "info": {"title": "shop", "version": "2"},
             "paths": {"/v31/item": {"get": {"operationId": "item31", "responses": {"200": {"description": "ok",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item31"}}}}}}}},
             "components": {"schemas": {"Item31": {"type": "object", "required": ["id", "tag"],
               "properties": {"id": {"type": "integer"}, "tag": {"type": ["string", "null"]}}}}}}
            """;

    /** The same shop as Swagger 2.0 (definitions, produces, a path parameter's type at its top level). */
    static final String SWAGGER_20 = """
            {"swagger": "2.0", "info": {"title": "old shop", "version": "0.9"}, "basePath": "/", "produces": ["application/json"],
             "paths": {
               "/items/{id}": {"get": {"operationId": "getItem", "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer", "minimum": 1}],
                 "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Item"}}}}},
               "/drift": {"get": {"operationId": "getDrift", "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Item"}}}}}},
             "definitions": {"Item": {"type": "object", "required": ["id", "name"],
               "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "password": {"type": "string"}}}}}
            """;

    /** A catalogue whose 40th entry drifted: past the first 2 KiB the report keeps of a body. */
    static final String BIG_LIST = "[" + java.util.stream.IntStream.rangeClosed(1, 40)
            .mapToObj(i -> "{\"id\": " + (i == 40 ? "\"40\"" : i) + ", \"name\": \"item number " + i + " with a longer name\"}")
            .collect(java.util.stream.Collectors.joining(", ")) + "]";

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        route("/openapi.yaml", 200, "application/yaml", DOC_30);
        route("/openapi31.json", 200, "application/json", DOC_31);
        route("/swagger.json", 200, "application/json", SWAGGER_20);
        route("/catalogue", 200, "application/json", BIG_LIST);
        route("/items", 200, "application/json", "[{\"id\": 1, \"name\": \"apple\", \"nickname\": null}, {\"id\": 2, \"name\": null}]");
        route("/pets/rex", 200, "application/json", "{\"petType\": \"Cat\", \"lives\": 9}");
        route("/stats", 500, "application/json", "{\"error\": \"boom\"}");
        route("/drift", 200, "application/json", "{\"id\": \"1\", \"name\": \"apple\"}");
        route("/accepted", 202, "text/plain", "");
        route("/text", 200, "text/plain", "hello");
        route("/traced", 200, "text/plain", "ok");
        route("/v31/item", 200, "application/json", "{\"id\": 1, \"tag\": null}");
        server.createContext("/items/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/items/".length());
            boolean numeric = id.matches("[0-9]+");
            reply(ex, numeric ? 200 : 500, "application/json",
                    numeric ? "{\"id\": " + id + ", \"name\": \"apple\", \"password\": \"leaked\"}" : "{\"error\": \"NumberFormatException\"}");
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void route(String path, int status, String type, String body) {
        server.createContext(path, ex -> reply(ex, status, type, body));
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath()) && !ex.getHttpContext().getPath().endsWith("/")) {
            bytes = "{}".getBytes(StandardCharsets.UTF_8);
            status = 404;
        }
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static Report.Contract run(ContractSpec spec) throws InterruptedException {
        return new ContractRunner(new HttpProbe()).run(spec, base, Map.of(), Map.of(), List.of(), List.of(), new Cancellation());
    }

    private static ContractSpec spec(String openapi, List<String> ignore, boolean negative, ContractSpec.Budget budget) {
        return new ContractSpec(openapi, null, Map.of(), Map.of(), ignore, false, negative, budget, null);
    }

    private static Report.ContractOperation op(Report.Contract c, String operationId, String origin) {
        return c.operations().stream().filter(o -> operationId.equals(o.operationId()) && o.origin().equals(origin)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + origin + " exchange of " + operationId + " in " + c.operations()));
    }

    private static Report.ContractViolation violation(Report.ContractOperation op, String kind) {
        return op.violations().stream().filter(v -> v.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " violation in " + op.violations()));
    }

    private static List<String> kinds(Report.ContractOperation op) {
        return op.violations().stream().map(Report.ContractViolation::kind).toList();
    }

    private static Report.SkippedOperation skipped(Report.Contract c, String operationId) {
        return c.skipped().stream().filter(s -> operationId.equals(s.operationId())).findFirst()
                .orElseThrow(() -> new AssertionError(operationId + " not skipped: " + c.skipped()));
    }

    @Test
    void eachClassOfViolationIsNamedWithItsOperationAndPointer() throws Exception {
        var c = run(spec("/openapi.yaml", List.of(), false, null));

        assertEquals("/openapi.yaml", c.document().location());
        assertEquals("3.0.3", c.document().openapiVersion());
        assertEquals(10, c.document().operations());
        assertEquals(StageStatus.FAILED, c.status());
        // nullable, readOnly in a response, $ref to components: conform; a null the type does not allow is its own class (warns)
        var list = op(c, "listItems", "contract");
        assertEquals(StageStatus.PASSED, list.status());
        assertEquals(List.of("null"), kinds(list));
        assertEquals("/1/name", list.violations().getFirst().pointer());
        assertEquals("warn", list.violations().getFirst().severity());
        // oneOf with a discriminator: the Cat branch conforms
        assertEquals(List.of(), op(c, "getPet", "contract").violations());
        // a 500: a server error, named
        var stats = op(c, "getStats", "contract");
        assertEquals(StageStatus.FAILED, stats.status());
        assertTrue(kinds(stats).contains("server-error"), stats.violations().toString());
        // a drifted field: the JSON pointer, expected vs got
        var drift = violation(op(c, "getDrift", "contract"), "schema");
        assertEquals("/id", drift.pointer());
        assertTrue(drift.expected().contains("integer"), drift.expected());
        assertEquals("\"1\"", drift.actual());
        // a writeOnly property in a response is a violation; the first id a minimum of 1 allows is sent
        var item = op(c, "getItem", "contract");
        assertTrue(item.request().url().endsWith("/items/1"), item.request().url());
        assertEquals("/password", violation(item, "schema").pointer());
        // an undocumented status warns (the default): the exchange still passes
        var accepted = op(c, "getAccepted", "contract");
        assertEquals(StageStatus.PASSED, accepted.status());
        assertEquals(List.of("status"), kinds(accepted));
        assertEquals("warn", accepted.violations().getFirst().severity());
        // an undocumented content type fails; a missing required header warns
        assertEquals(List.of("content-type"), kinds(op(c, "getText", "contract")));
        assertEquals(List.of("header"), kinds(op(c, "getTraced", "contract")));
        assertEquals(StageStatus.PASSED, op(c, "getTraced", "contract").status());
        // unsafe methods and unfillable parameters are skipped, with the reason
        assertTrue(skipped(c, "createItem").reason().contains("contract.unsafe"));
        assertTrue(skipped(c, "search").reason().contains("query parameter code"), skipped(c, "search").reason());
        assertTrue(c.failure().startsWith("4 of 8 contract exchange(s) failed: GET /items/{id} [getItem]"), c.failure());
    }

    @Test
    void openApi31TypeListsAndIgnoreByOperationIdOrPath() throws Exception {
        var c = run(spec("/openapi31.json", List.of(), false, null));
        assertEquals("3.1.0", c.document().openapiVersion());
        assertEquals(StageStatus.PASSED, c.status(), String.valueOf(c.failure()));
        assertEquals(List.of(), op(c, "item31", "contract").violations());

        var ignored = run(spec("/openapi.yaml", List.of("getStats", "/drift", "/items/**", "getText"), false, null));
        assertEquals(List.of("/items", "/items", "/items/{id}", "/stats", "/drift", "/text"), ignored.skipped().stream()
                .filter(s -> s.reason().startsWith("contract.ignore")).map(Report.SkippedOperation::path).toList());
        assertEquals(StageStatus.PASSED, ignored.status(), String.valueOf(ignored.failure()));
    }

    @Test
    void aSwagger20DocumentIsCheckedAsTheOpenApi30ItConvertsTo() throws Exception {
        var c = run(spec("/swagger.json", List.of(), false, null));
        assertEquals("2.0 (Swagger, checked as converted to OpenAPI 3.0.1)", c.document().openapiVersion());
        assertEquals("old shop", c.document().title());
        assertEquals(StageStatus.FAILED, c.status());
        assertEquals(List.of(), op(c, "getItem", "contract").violations());
        var drift = violation(op(c, "getDrift", "contract"), "schema");
        assertEquals("/id", drift.pointer());
        assertEquals("\"1\"", drift.actual());
    }

    @Test
    void aDeclaredChecksWholeBodyIsHeldToTheSchemaNotOnlyItsExcerpt() throws Exception {
        var doc = """
                openapi: 3.0.3
                info: { title: catalogue, version: "1" }
                paths:
                  /catalogue:
                    get:
                      operationId: listCatalogue
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: object, properties: { id: { type: integer } } } } } } }
                """;
        var contract = new ContractSpec("api.yaml", doc, Map.of(), Map.of(), List.of("/**"), false, false, null, null);
        var check = new io.shakedown.spec.CheckSpec("catalogue", new io.shakedown.spec.CheckSpec.RequestSpec("GET", "/catalogue", Map.of(), null, null, null,
                java.time.Duration.ofSeconds(5)), null);
        var bodies = new io.shakedown.probe.KeptBodies(io.shakedown.probe.KeptBodies.DEFAULT_MAX_BYTES);
        var checks = new io.shakedown.probe.CheckRunner(new HttpProbe(), bodies).run(List.of(check), base, 1, new Cancellation(), r -> {});
        assertTrue(checks.getFirst().response().bodyTruncated(), "the body is longer than the report's excerpt");

        var c = new ContractRunner(new HttpProbe()).run(contract, base, Map.of(), Map.of(), checks, List.of(), bodies, new Cancellation());
        var declared = op(c, "listCatalogue", "check catalogue");
        assertEquals(StageStatus.FAILED, declared.status());
        assertEquals("/39/id", violation(declared, "schema").pointer());
        // without the whole body (a run with no contract keeps none) only the excerpt is there: the schema is not checked
        var excerptOnly = new ContractRunner(new HttpProbe()).run(contract, base, Map.of(), Map.of(), checks, List.of(), new Cancellation());
        assertEquals(StageStatus.PASSED, excerptOnly.status());
    }

    @Test
    void theBudgetBoundsTheStageAndNamesWhatItLeftOut() throws Exception {
        var c = run(spec("/openapi.yaml", List.of(), false, new ContractSpec.Budget(2, null)));
        assertEquals(2, c.operations().size());
        assertEquals(2, c.budget().requests());
        assertTrue(c.budget().exhausted());
        assertTrue(c.skipped().stream().filter(s -> s.reason().startsWith("budget spent")).count() >= 5, c.skipped().toString());
    }

    @Test
    void negativeChecksWantA4xxForInvalidInput() throws Exception {
        var c = run(spec("/openapi.yaml", List.of(), true, null));
        var negative = op(c, "getItem", "negative");
        assertTrue(negative.request().url().endsWith("/items/not-a-number"), negative.request().url());
        var v = violation(negative, "negative");
        assertTrue(v.expected().contains("4xx") && v.expected().contains("path parameter id"), v.expected());
        assertEquals("500", v.actual());
    }

    @Test
    void withoutADocumentTheWellKnownPathsAreTriedInOrder() throws Exception {
        var found = run(spec(null, List.of("/**"), false, null));
        assertEquals("discovered", found.document().source());
        assertEquals("/openapi.yaml", found.document().location());
        assertEquals(List.of("/openapi.json (404)", "/v3/api-docs (404)", "/q/openapi (404)"), found.document().tried());

        HttpServer empty = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        empty.start();
        try {
            var none = new ContractRunner(new HttpProbe()).run(spec(null, List.of(), false, null),
                    URI.create("http://127.0.0.1:" + empty.getAddress().getPort()), Map.of(), Map.of(), List.of(), List.of(), new Cancellation());
            assertEquals(StageStatus.FAILED, none.status());
            assertEquals(DocumentLocator.WELL_KNOWN.size(), none.document().tried().size());
            assertTrue(none.failure().contains("no OpenAPI document found"), none.failure());
        } finally {
            empty.stop(0);
        }
    }
}
