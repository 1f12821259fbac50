package io.shakedown.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.Report.ContractViolation;
import io.shakedown.spec.ContractSpec.Severities;
import io.shakedown.spec.ContractSpec.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds one response to its operation's documented responses, the way Schemathesis's deterministic checks do:
 * not a server error, a documented status (or {@code default}), a documented content type, a body that conforms to
 * the documented schema, and the documented required headers. Each class has the severity the spec gives it; a null
 * the schema's type does not allow is its own class ("null"), apart from other schema violations.
 */
final class ResponseJudge {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_CHARS = 120;

    private final OpenApiDocument document;
    private final ContractSchemas schemas;
    private final Severities severity;

    ResponseJudge(OpenApiDocument document, ContractSchemas schemas, Severities severity) {
        this.document = document;
        this.schemas = schemas;
        this.severity = severity;
    }

    /** A response as seen: its status, headers (names in any case) and body; {@code body} null when it was not kept whole. */
    record Seen(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    List<ContractViolation> judge(Operation op, Seen seen) {
        var out = new ArrayList<ContractViolation>();
        if (seen.status() >= 500) {
            add(out, "server-error", severity.serverError(), null, "not a server error (no 5xx)", String.valueOf(seen.status()));
        }
        String key = documentedResponse(op, seen.status());
        if (key == null) {
            add(out, "status", severity.status(), null, "a documented status: " + String.join(", ", responseKeys(op)), String.valueOf(seen.status()));
            return out;
        }
        OpenApiDocument.Located response = document.resolve(op.pointer() + "/responses/" + OpenApiDocument.escape(key));
        headers(out, response, seen);
        JsonNode content = response.node().path("content");
        if (!content.isObject() || content.isEmpty() || "HEAD".equals(op.method()) || seen.status() == 204 || seen.status() == 304) return out;
        String contentType = seen.header("content-type");
        String mediaKey = contentType == null ? null : mediaKey(content, contentType);
        if (mediaKey == null) {
            if (contentType != null || (seen.body() != null && seen.body().length > 0)) {
                add(out, "content-type", severity.contentType(), null, "Content-Type " + String.join(" or ", names(content)),
                        contentType == null ? "(absent)" : contentType);
            }
            return out;
        }
        if (seen.body() == null || !isJson(mediaKey, contentType)) return out; // a body not kept whole, or not JSON
        JsonNode schema = content.path(mediaKey).get("schema");
        if (schema == null) return out;
        schema(out, response.pointer() + "/content/" + OpenApiDocument.escape(mediaKey) + "/schema", seen.body());
        return out;
    }

    private void schema(List<ContractViolation> out, String pointer, byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
            if (tree == null || tree.isMissingNode()) throw new IOException("empty body");
        } catch (IOException e) {
            add(out, "schema", severity.schema(), "", "a JSON body", "not JSON (" + shorten(String.valueOf(e.getMessage())) + ")");
            return;
        }
        for (var v : schemas.violations(pointer, tree)) {
            add(out, v.undocumentedNull() ? "null" : "schema", v.undocumentedNull() ? severity.nulls() : severity.schema(), v.pointer(), shorten(v.message()) + " (schema " + v.schemaPath() + ")",
                    v.found() == null ? "(absent)" : shorten(v.found().toString()));
        }
    }

    private void headers(List<ContractViolation> out, OpenApiDocument.Located response, Seen seen) {
        for (Map.Entry<String, JsonNode> h : response.node().path("headers").properties()) {
            JsonNode header = document.deref(h.getValue());
            if (!header.path("required").asBoolean(false) || h.getKey().equalsIgnoreCase("content-type")) continue;
            if (seen.header(h.getKey()) == null) add(out, "header", severity.headers(), null, "header " + h.getKey() + " (documented as required)", "(absent)");
        }
    }

    /** The response key documenting {@code status}: the code itself, its class ("4XX"), or default; null when none does. */
    static String documentedResponse(Operation op, int status) {
        JsonNode responses = op.node().path("responses");
        String code = String.valueOf(status);
        if (responses.has(code)) return code;
        for (String range : List.of(status / 100 + "XX", status / 100 + "xx")) if (responses.has(range)) return range;
        return responses.has("default") ? "default" : null;
    }

    private static List<String> responseKeys(Operation op) {
        var keys = new ArrayList<String>();
        op.node().path("responses").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The documented media type a Content-Type matches: exact, then a wildcard (application/*, *&#47;*); parameters ignored. */
    static String mediaKey(JsonNode content, String contentType) {
        String actual = essence(contentType);
        String best = null;
        for (String key : names(content)) {
            String documented = essence(key);
            if (documented.equals(actual)) return key;
            if (best == null && (documented.equals("*/*")
                    || documented.endsWith("/*") && actual.startsWith(documented.substring(0, documented.length() - 1)))) best = key;
        }
        return best;
    }

    private static boolean isJson(String mediaKey, String contentType) {
        String t = essence(contentType == null ? mediaKey : contentType);
        return t.equals("application/json") || t.endsWith("+json");
    }

    private static String essence(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> names(JsonNode content) {
        var names = new ArrayList<String>();
        content.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void add(List<ContractViolation> out, String kind, Severity severity, String pointer, String expected, String actual) {
        if (severity == Severity.OFF) return;
        out.add(new ContractViolation(kind, severity.name().toLowerCase(Locale.ROOT), pointer, expected, actual));
    }

    static String shorten(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > SHOWN_CHARS ? flat.substring(0, SHOWN_CHARS - 1) + "…" : flat;
    }
}
