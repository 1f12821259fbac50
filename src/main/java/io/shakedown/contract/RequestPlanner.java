package io.shakedown.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Fills an operation's parameters to make a request, or says why it cannot. A parameter's value comes from, in order:
 * {@code contract.parameters} (by name), a value a flow captured under the same name, the document's examples, the
 * schema's default, its first enum value, or a value generated from its schema (type, format, minimum, minLength).
 * Optional parameters are sent only when the spec gives a value. A request body (unsafe methods only) comes from the
 * media type's example or is generated from its schema.
 */
final class RequestPlanner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 6;

    /** A request to send: the path with its query, headers, and a JSON body (or null). */
    record Plan(String pathAndQuery, Map<String, String> headers, JsonNode json) {}

    /** The request, or why the operation cannot be called. */
    record Planned(Plan plan, String skipReason) {}

    /** An invalid value for one constrained parameter, for a negative check. */
    record Invalid(String parameter, String in, String value, String why) {}

    private final OpenApiDocument document;
    private final Map<String, String> given;

    /** {@code given}: values by parameter name, the spec's first, then what flows captured. */
    RequestPlanner(OpenApiDocument document, Map<String, String> given) {
        this.document = document;
        this.given = given;
    }

    Planned plan(Operation op) {
        return plan(op, null);
    }

    /** The request with {@code invalid} (may be null) in place of its parameter's value. */
    Planned plan(Operation op, Invalid invalid) {
        String path = op.path();
        var query = new LinkedHashMap<String, String>();
        var headers = new LinkedHashMap<String, String>();
        var cookies = new LinkedHashMap<String, String>();
        for (Operation.Parameter p : op.parameters()) {
            String value = invalid != null && invalid.parameter().equals(p.name()) && invalid.in().equals(p.in()) ? invalid.value() : value(p);
            if (value == null) {
                if (p.required()) return new Planned(null, "no value for the required " + p.in() + " parameter " + p.name()
                        + " (no example, default or enum, and none can be generated from its schema); give one in contract.parameters");
                continue;
            }
            switch (p.in()) {
                case "path" -> path = path.replace("{" + p.name() + "}", encode(value));
                case "query" -> query.put(p.name(), value);
                case "header" -> headers.put(p.name(), value);
                case "cookie" -> cookies.put(p.name(), value);
                default -> { }
            }
        }
        if (!cookies.isEmpty()) {
            headers.put("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        JsonNode body = null;
        JsonNode requestBody = document.deref(op.node().get("requestBody"));
        if (requestBody != null && !op.safe()) {
            JsonNode media = requestBody.path("content").path("application/json");
            if (media.isMissingNode()) {
                if (requestBody.path("required").asBoolean(false)) return new Planned(null, "its request body is not application/json");
            } else {
                body = example(media);
                if (body == null) body = generate(document.deref(media.get("schema")), 0);
                if (body == null) return new Planned(null, "no example of its request body, and none can be generated from its schema");
            }
        }
        String qs = query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .reduce((a, b) -> a + "&" + b).map(s -> "?" + s).orElse("");
        return new Planned(new Plan(path + qs, headers, body), null);
    }

    /** The first path or query parameter whose schema lets an invalid value be told apart (a type, an enum, a format). */
    Invalid invalidValue(Operation op) {
        for (Operation.Parameter p : op.parameters()) {
            if (!p.in().equals("path") && !p.in().equals("query") || p.schema() == null) continue;
            JsonNode s = p.schema();
            if (s.has("enum")) return new Invalid(p.name(), p.in(), "shakedown-not-in-enum", "a value outside its enum");
            switch (type(s)) {
                case "integer", "number" -> { return new Invalid(p.name(), p.in(), "not-a-number", "a non-numeric value for a " + type(s)); }
                case "boolean" -> { return new Invalid(p.name(), p.in(), "not-a-boolean", "a non-boolean value"); }
                default -> {
                    if ("uuid".equals(s.path("format").asText())) return new Invalid(p.name(), p.in(), "not-a-uuid", "a value that is not a UUID");
                }
            }
        }
        return null;
    }

    private String value(Operation.Parameter p) {
        if (given.containsKey(p.name())) return given.get(p.name());
        if (!p.required()) return null;
        JsonNode v = example(p.node());
        if (v == null && p.schema() != null) v = generate(p.schema(), 0);
        if (v == null || v.isContainerNode() && !v.isArray()) return null;
        if (v.isArray()) return v.isEmpty() ? null : v.get(0).asText(); // one value of a list parameter
        return v.asText();
    }

    /** An example written on a parameter or media type: example, then the first of examples. */
    private JsonNode example(JsonNode node) {
        if (node.has("example")) return node.get("example");
        for (JsonNode e : node.path("examples")) {
            JsonNode ex = document.deref(e);
            if (ex.has("value")) return ex.get("value");
        }
        return null;
    }

    /** A value the schema accepts, or null when one cannot be told (a pattern not met, an object without properties...). */
    JsonNode generate(JsonNode schema, int depth) {
        if (schema == null || depth > MAX_DEPTH) return null;
        schema = document.deref(schema);
        if (schema.has("example")) return schema.get("example");
        if (schema.path("examples").isArray() && !schema.path("examples").isEmpty()) return schema.path("examples").get(0);
        if (schema.has("default")) return schema.get("default");
        if (schema.has("const")) return schema.get("const");
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) return schema.path("enum").get(0);
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.path(combinator).isArray() && !schema.path(combinator).isEmpty() && !schema.has("type")) {
                return generate(schema.path(combinator).get(0), depth + 1);
            }
        }
        return switch (type(schema)) {
            case "integer" -> NODES.numberNode(lowest(schema).longValue());
            case "number" -> NODES.numberNode(lowest(schema));
            case "boolean" -> NODES.booleanNode(true);
            case "string" -> string(schema);
            case "array" -> {
                JsonNode item = generate(schema.get("items"), depth + 1);
                ArrayNode a = NODES.arrayNode();
                if (item != null) a.add(item);
                yield item == null && schema.path("minItems").asInt(0) > 0 ? null : a;
            }
            case "object" -> object(schema, depth);
            default -> null;
        };
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode o = NODES.objectNode();
        for (JsonNode name : schema.path("required")) {
            JsonNode prop = document.deref(schema.path("properties").get(name.asText()));
            if (prop != null && prop.path("readOnly").asBoolean(false)) continue;
            JsonNode v = generate(prop, depth + 1);
            if (v == null) return null;
            o.set(name.asText(), v);
        }
        return o;
    }

    private static JsonNode string(JsonNode schema) {
        String value = switch (schema.path("format").asText("")) {
            case "uuid" -> "00000000-0000-4000-8000-000000000001";
            case "date" -> "2024-01-01";
            case "date-time" -> "2024-01-01T00:00:00Z";
            case "email" -> "shakedown@example.com";
            case "uri", "url" -> "https://example.com/";
            default -> "a".repeat(Math.max(1, schema.path("minLength").asInt(1)));
        };
        if (schema.has("pattern")) {
            try {
                if (!Pattern.compile(schema.path("pattern").asText()).matcher(value).find()) return null;
            } catch (PatternSyntaxException e) {
                return null;
            }
        }
        return NODES.textNode(value);
    }

    /** The smallest value the bounds allow, 1 when unbounded (ids start at 1 more often than at 0). */
    private static Double lowest(JsonNode s) {
        double v = 1;
        if (s.path("minimum").isNumber()) v = s.path("minimum").asDouble() + (s.path("exclusiveMinimum").asBoolean(false) ? 1 : 0);
        if (s.path("exclusiveMinimum").isNumber()) v = s.path("exclusiveMinimum").asDouble() + 1;
        if (s.path("maximum").isNumber() && v > s.path("maximum").asDouble()) v = s.path("maximum").asDouble();
        return v;
    }

    /** The schema's type; of a 3.1 type list, the first that is not "null". */
    static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) if (!"null".equals(x.asText())) return x.asText();
            return "";
        }
        if (t.isTextual()) return t.asText();
        return schema.has("properties") ? "object" : "";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
