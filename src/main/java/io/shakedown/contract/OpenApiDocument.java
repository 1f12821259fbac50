package io.shakedown.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.converter.SwaggerConverter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An app's OpenAPI 3.0 or 3.1 document — or a Swagger 2.0 one, converted to OpenAPI 3.0 by swagger-parser's own
 * converter (so every check is the same; pointers then point into the converted document): the tree as published (so every schema keeps its JSON pointer, which the
 * schema validator resolves {@code $ref}s against), what swagger-parser says is wrong with it, and its operations.
 * swagger-parser reads the document and reports its problems (warnings in the report: an app may publish a slightly
 * invalid document and still be held to what it says); operations are read from the tree, following local {@code $ref}s.
 */
public final class OpenApiDocument {
    private static final YAMLMapper YAML = new YAMLMapper(); // JSON is YAML
    static final List<String> METHODS = List.of("get", "head", "post", "put", "patch", "delete", "options", "trace");

    /** The text is not an OpenAPI 3 document: why. */
    public static final class NotOpenApi extends Exception {
        NotOpenApi(String message) {
            super(message);
        }
    }

    private final JsonNode root;
    private final String version;
    private final String convertedFrom;
    private final List<String> problems;
    private final List<Operation> operations;

    private OpenApiDocument(JsonNode root, String convertedFrom, List<String> problems) {
        this.root = root;
        this.version = root.path("openapi").asText();
        this.convertedFrom = convertedFrom;
        this.problems = List.copyOf(problems);
        this.operations = List.copyOf(readOperations());
    }

    /** Reads {@code text} (JSON or YAML). */
    public static OpenApiDocument parse(String text) throws NotOpenApi {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw new NotOpenApi("neither JSON nor YAML: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof ObjectNode)) throw new NotOpenApi("not a JSON/YAML object");
        if (root.has("swagger")) return convertSwagger2(text, root.path("swagger").asText());
        if (!root.path("openapi").asText("").startsWith("3.")) throw new NotOpenApi("no \"openapi\": \"3.x\" field");
        if (!root.path("paths").isObject()) throw new NotOpenApi("no paths object");
        var options = new ParseOptions();
        options.setResolve(false); // local $refs are followed here; nothing is fetched from elsewhere
        var result = new OpenAPIV3Parser().readContents(text, null, options);
        List<String> problems = result.getMessages() == null ? List.of() : result.getMessages().stream().limit(20).toList();
        return new OpenApiDocument(root, null, problems);
    }

    /** A Swagger 2.0 document as the OpenAPI 3.0 document swagger-parser's converter makes of it. */
    private static OpenApiDocument convertSwagger2(String text, String swagger) throws NotOpenApi {
        if (!swagger.startsWith("2.")) throw new NotOpenApi("a Swagger " + swagger + " document; OpenAPI 3.0 and 3.1 and Swagger 2.0 are checked");
        var options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result;
        try {
            result = new SwaggerConverter().readContents(text, null, options);
        } catch (RuntimeException e) {
            throw new NotOpenApi("a Swagger 2.0 document swagger-parser could not convert: " + firstLine(e.getMessage()));
        }
        if (result == null || result.getOpenAPI() == null || result.getOpenAPI().getPaths() == null) {
            throw new NotOpenApi("a Swagger 2.0 document swagger-parser could not convert"
                    + (result == null || result.getMessages() == null || result.getMessages().isEmpty() ? "" : ": " + result.getMessages().getFirst()));
        }
        ObjectNode converted = Json.mapper().valueToTree(result.getOpenAPI());
        converted.remove("x-original-swagger-version"); // the whole document is one schema resource: no unknown keyword at its root
        List<String> problems = result.getMessages() == null ? List.of() : result.getMessages().stream().limit(20).toList();
        return new OpenApiDocument(converted, swagger, problems);
    }

    public JsonNode root() {
        return root;
    }

    /** "3.0.3", "3.1.0". */
    public String version() {
        return version;
    }

    /** "3.0.3"; a converted Swagger document: "2.0 (Swagger, checked as converted to OpenAPI 3.0.1)". */
    public String describedVersion() {
        return convertedFrom == null ? version : convertedFrom + " (Swagger, checked as converted to OpenAPI " + version + ")";
    }

    public boolean isOpenApi31() {
        return version.startsWith("3.1");
    }

    public String title() {
        return root.path("info").path("title").asText(null);
    }

    public String apiVersion() {
        return root.path("info").path("version").asText(null);
    }

    /** What swagger-parser found wrong with the document (at most 20). */
    public List<String> problems() {
        return problems;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** A node and its JSON pointer in the document, after following local {@code $ref}s. */
    public record Located(JsonNode node, String pointer) {}

    /** The node at {@code pointer}, following {@code $ref: "#/..."} (at most 16 hops, so a cycle ends). */
    public Located resolve(String pointer) {
        JsonNode n = root.at(pointer);
        String at = pointer;
        for (int hops = 0; hops < 16 && n.path("$ref").isTextual() && n.path("$ref").asText().startsWith("#"); hops++) {
            at = n.path("$ref").asText().substring(1);
            n = root.at(at);
        }
        return new Located(n, at);
    }

    /** {@code node} itself, or what its local {@code $ref} points at. */
    public JsonNode deref(JsonNode node) {
        if (node == null || !node.path("$ref").isTextual() || !node.path("$ref").asText().startsWith("#")) return node;
        return resolve(node.path("$ref").asText().substring(1)).node();
    }

    private List<Operation> readOperations() {
        var out = new ArrayList<Operation>();
        for (Map.Entry<String, JsonNode> p : root.path("paths").properties()) {
            if (!p.getKey().startsWith("/")) continue; // x- extensions
            String itemPointer = "/paths/" + escape(p.getKey());
            Located item = resolve(itemPointer);
            for (String method : METHODS) {
                JsonNode op = item.node().get(method);
                if (!(op instanceof ObjectNode)) continue;
                var params = new LinkedHashMap<String, Operation.Parameter>(); // operation's override the path item's
                for (JsonNode list : List.of(item.node().path("parameters"), op.path("parameters"))) {
                    for (JsonNode raw : list) {
                        JsonNode param = deref(raw);
                        String name = param.path("name").asText();
                        String in = param.path("in").asText();
                        params.put(in + ":" + name, new Operation.Parameter(name, in,
                                param.path("required").asBoolean(in.equals("path")), param, deref(param.get("schema"))));
                    }
                }
                out.add(new Operation(method.toUpperCase(Locale.ROOT), p.getKey(), op.path("operationId").asText(null),
                        item.pointer() + "/" + method, op, List.copyOf(params.values())));
            }
        }
        return out;
    }

    /** A JSON pointer token: ~ and / escaped. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
