package io.shakedown.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.rules.PackErrors.At;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a condition of a rule pack into a {@link Condition}: compiles its regular expressions and checks what the
 * rule-pack schema cannot say (which fields exclude or need each other). The tree it reads has passed the schema,
 * so its shape and types are known; a problem is added to the file's errors and the condition is unusable.
 */
final class ConditionCompiler {
    private static final List<String> ADDRESS_WORDS = List.of("loopback", "wildcard", "any", "non-loopback");

    private final PackErrors errors;

    ConditionCompiler(PackErrors errors) {
        this.errors = errors;
    }

    Condition compile(At p, JsonNode n) {
        if (n.isArray()) return new Condition.All(list(p, n));
        String kind = n.fieldNames().next();
        JsonNode v = n.get(kind);
        At q = p.key(kind);
        return switch (kind) {
            case "all" -> new Condition.All(list(q, v));
            case "any" -> new Condition.Any(list(q, v));
            case "not" -> new Condition.Not(compile(q, v), null);
            case "file" -> new Condition.File(texts(v.get("path")), text(v, "inJar"), texts(v.get("property")), regex(q, v, "matches"));
            case "imageConfig" -> imageConfig(q, v);
            case "log" -> new Condition.Log(v.isTextual() ? regex(q, v) : regex(q, v, "matches"));
            case "http" -> http(q, v);
            case "listening" -> listening(q, v);
            case "process" -> new Condition.Process(regex(q, v, "cmdline"), regex(q, v, "user"));
            case "env" -> env(q, v);
            case "jvmHeap" -> new Condition.JvmHeap(v.has("ratio") ? v.get("ratio").asDouble() : 1.0);
            case "oomKilled" -> new Condition.OomKilled();
            default -> throw new IllegalStateException("the rule-pack schema admits no condition " + kind);
        };
    }

    private List<Condition> list(At p, JsonNode list) {
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) out.add(compile(p.index(i), list.get(i)));
        return List.copyOf(out);
    }

    private Condition imageConfig(At p, JsonNode o) {
        String field = o.get("field").textValue();
        Pattern key = regex(p, o, "key");
        Pattern matches = regex(p, o, "matches");
        boolean absent = flag(o, "absent");
        if (o.has("key") && !field.equals("Env") && !field.equals("Labels")) errors.add(p.key("key"), "only Env and Labels have keys");
        if (absent && o.has("matches")) errors.add(p, "absent and matches exclude each other");
        if (!absent && !o.has("matches") && !o.has("key")) errors.add(p, "needs matches (a regex), key, or absent: true");
        return new Condition.ImageConfig(field, key, matches, absent);
    }

    private Condition env(At p, JsonNode o) {
        boolean absent = flag(o, "absent");
        if (absent && o.has("matches")) errors.add(p, "absent and matches exclude each other");
        return new Condition.Env(regex(p, o, "key"), regex(p, o, "matches"), absent);
    }

    private Condition listening(At p, JsonNode o) {
        String address = o.has("address") ? o.get("address").textValue() : "any";
        if (!ADDRESS_WORDS.contains(address)) regex(p.key("address"), address);
        JsonNode n = o.get("port");
        String port = n == null ? "declared" : n.isNumber() ? String.valueOf(n.intValue()) : n.textValue(); // 8080.0 is a port too
        return new Condition.Listening(address, port);
    }

    private Condition http(At p, JsonNode o) {
        Condition.Http.Request request = null;
        if (o.has("request")) {
            JsonNode r = o.get("request");
            Map<String, String> headers = new LinkedHashMap<>();
            if (r.has("headers")) r.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            request = new Condition.Http.Request(r.has("method") ? r.get("method").textValue() : "GET", r.get("path").textValue(),
                    Map.copyOf(headers), text(r, "body"));
        }
        JsonNode s = o.get("status");
        Pattern status = s == null ? null : s.isNumber() ? Pattern.compile(String.valueOf(s.intValue())) : regex(p.key("status"), s);
        Map<String, Pattern> headers = new LinkedHashMap<>();
        if (o.has("headers")) o.get("headers").properties().forEach(e -> headers.put(e.getKey(), regex(p.key("headers").key(e.getKey()), e.getValue())));
        List<String> absent = texts(o.get("headersAbsent"));
        Pattern body = regex(p, o, "body");
        boolean stackTrace = flag(o, "stackTrace");
        JsonValues.Expectation json = null;
        if (o.has("jsonValues")) {
            JsonNode j = o.get("jsonValues");
            At q = p.key("jsonValues");
            json = new JsonValues.Expectation(regex(q, j, "key"), regex(q, j, "value"), flag(j, "secret"), flag(j, "masked"));
        }
        if (s == null && headers.isEmpty() && absent.isEmpty() && !o.has("body") && !stackTrace && json == null) {
            errors.add(p, "needs at least one of status, headers, headersAbsent, body, stackTrace, jsonValues");
        }
        return new Condition.Http(request, status, Map.copyOf(headers), absent, body, stackTrace, json);
    }

    /** The field's text, or null when it is not given. */
    static String text(JsonNode o, String field) {
        return o.has(field) ? o.get(field).textValue() : null;
    }

    /** A text or a list of texts (both spellings the schema allows); empty when not given. */
    static List<String> texts(JsonNode n) {
        if (n == null) return List.of();
        if (n.isTextual()) return List.of(n.textValue());
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.textValue()));
        return List.copyOf(out);
    }

    private static boolean flag(JsonNode o, String field) {
        return o.has(field) && o.get(field).booleanValue();
    }

    private Pattern regex(At p, JsonNode o, String field) {
        return o.has(field) ? regex(p.key(field), o.get(field)) : null;
    }

    private Pattern regex(At p, JsonNode n) {
        return regex(p, n.textValue());
    }

    /** Compiles a regular expression; one that does not compile is an error naming where it breaks. */
    Pattern regex(At p, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            errors.add(p, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex() + " in \"" + text + "\"");
            return null;
        }
    }
}
