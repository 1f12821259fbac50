package io.shakedown.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Severity;
import io.shakedown.spec.DidYouMean;
import io.shakedown.spec.SpecReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one rule pack file (YAML) into a {@link RulePack}, checking every field and collecting every
 * problem with its field path and line, the same way specs are checked (it reuses the spec reader's
 * line table). The format is documented in docs/rules.md.
 */
final class RuleLoader {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final List<String> PACK_FIELDS = List.of("pack", "description", "frameworks", "rules");
    static final List<String> FRAMEWORK_FIELDS = List.of("id", "name", "detect");
    static final List<String> RULE_FIELDS = List.of("id", "title", "severity", "frameworks", "when", "message", "fix",
            "references", "helpUri", "explains", "selfEvident");
    static final List<String> CONDITIONS = List.of("all", "any", "not", "file", "imageConfig", "log", "http", "listening",
            "process", "env", "jvmHeap", "oomKilled");
    static final List<String> FILE_FIELDS = List.of("path", "inJar", "property", "matches");
    static final List<String> IMAGE_CONFIG_FIELDS = List.of("field", "key", "matches", "absent");
    static final List<String> IMAGE_CONFIG_NAMES = List.of("User", "Env", "Cmd", "Entrypoint", "ExposedPorts", "Healthcheck",
            "WorkingDir", "Labels");
    static final List<String> LOG_FIELDS = List.of("matches");
    static final List<String> HTTP_FIELDS = List.of("request", "status", "headers", "headersAbsent", "body", "stackTrace");
    static final List<String> REQUEST_FIELDS = List.of("method", "path", "headers", "body");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final List<String> LISTENING_FIELDS = List.of("address", "port");
    static final List<String> PROCESS_FIELDS = List.of("cmdline", "user");
    static final List<String> ENV_FIELDS = List.of("key", "matches", "absent");
    static final List<String> JVM_HEAP_FIELDS = List.of("ratio");
    private static final Pattern EXPLAINS = Pattern.compile("[A-Z][A-Z_]+");

    private final String file;
    private final Map<String, Integer> lines;
    private final List<RuleError> errors = new ArrayList<>();

    private RuleLoader(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** A path into the file: "rules[2].when.file" for people, "/rules/2/when/file" for the line table. */
    private record P(String display, String pointer) {
        static final P ROOT = new P("", "");

        P key(String k) {
            return new P(display.isEmpty() ? k : display + "." + k, pointer + "/" + k.replace("~", "~0").replace("/", "~1"));
        }

        P index(int i) {
            return new P(display + "[" + i + "]", pointer + "/" + i);
        }
    }

    /** Parses {@code text} (the content of {@code file}); problems are added to {@code errors}. */
    static RulePack load(String file, String text, List<RuleError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new RuleError(file, "", "the rule file is empty; expected a mapping with pack and rules", 1));
            return null;
        }
        var doc = SpecReader.read(text);
        if (doc.root() == null) {
            doc.errors().forEach(e -> errors.add(new RuleError(file, e.path(), e.message(), e.line())));
            return null;
        }
        var loader = new RuleLoader(file, doc.lines());
        RulePack pack = loader.pack(doc.root());
        errors.addAll(loader.errors);
        return loader.errors.isEmpty() ? pack : null;
    }

    private RulePack pack(JsonNode root) {
        P p = P.ROOT;
        if (!(root instanceof ObjectNode obj)) {
            error(p, "must be a mapping with pack and rules");
            return null;
        }
        known(p, obj, PACK_FIELDS);
        String name = obj.has("pack") ? id(p.key("pack"), obj.get("pack")) : null;
        if (!obj.has("pack")) error(p, "missing field pack (the pack's name, e.g. quarkus)");
        List<FrameworkDef> frameworks = new ArrayList<>();
        if (obj.has("frameworks")) {
            ArrayNode list = list(p.key("frameworks"), obj.get("frameworks"));
            if (list != null) for (int i = 0; i < list.size(); i++) {
                FrameworkDef f = framework(p.key("frameworks").index(i), list.get(i), name);
                if (f != null) frameworks.add(f);
            }
        }
        List<Rule> rules = new ArrayList<>();
        if (!obj.has("rules")) {
            error(p, "missing field rules (a list of rules)");
        } else {
            ArrayNode list = list(p.key("rules"), obj.get("rules"));
            if (list != null) for (int i = 0; i < list.size(); i++) {
                Rule r = rule(p.key("rules").index(i), list.get(i), name, frameworks);
                if (r != null) rules.add(r);
            }
        }
        return new RulePack(name, file, List.copyOf(frameworks), List.copyOf(rules));
    }

    private FrameworkDef framework(P p, JsonNode n, String pack) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, FRAMEWORK_FIELDS);
        String id = required(p, obj, "id") ? id(p.key("id"), obj.get("id")) : null;
        String name = required(p, obj, "name") ? text(p.key("name"), obj.get("name")) : null;
        Condition when = required(p, obj, "detect") ? condition(p.key("detect"), obj.get("detect")) : null;
        return new FrameworkDef(id, name, when, pack, file, line(p));
    }

    private Rule rule(P p, JsonNode n, String pack, List<FrameworkDef> packFrameworks) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        int before = errors.size();
        known(p, obj, RULE_FIELDS);
        String id = required(p, obj, "id") ? id(p.key("id"), obj.get("id")) : null;
        String title = required(p, obj, "title") ? text(p.key("title"), obj.get("title")) : null;
        Severity severity = null;
        if (required(p, obj, "severity")) {
            JsonNode s = obj.get("severity");
            severity = s.isTextual() ? Severity.ofId(s.textValue()) : null;
            if (severity == null) error(p.key("severity"), "must be one of error, warning, info, got " + describe(s));
        }
        List<String> frameworks;
        if (obj.has("frameworks")) {
            frameworks = strings(p.key("frameworks"), obj.get("frameworks"), ID, "framework ids like quarkus, or [any]");
            if (frameworks.contains("any")) frameworks = List.of();
        } else {
            frameworks = packFrameworks.stream().map(FrameworkDef::id).filter(x -> x != null).toList();
        }
        Condition when = required(p, obj, "when") ? condition(p.key("when"), obj.get("when")) : null;
        String message = required(p, obj, "message") ? text(p.key("message"), obj.get("message")) : null;
        String fix = required(p, obj, "fix") ? text(p.key("fix"), obj.get("fix")) : null;
        List<String> references = obj.has("references") ? strings(p.key("references"), obj.get("references"), null, "URLs or citations") : List.of();
        String helpUri = null;
        if (obj.has("helpUri")) {
            helpUri = text(p.key("helpUri"), obj.get("helpUri"));
            if (helpUri != null && !isHttpUri(helpUri)) error(p.key("helpUri"), "must be an http(s) URL, got " + describe(obj.get("helpUri")));
        } else {
            helpUri = references.stream().filter(RuleLoader::isHttpUri).findFirst().orElse(null);
            if (helpUri == null) {
                error(obj.has("references") ? p.key("references") : p,
                        "needs at least one http(s) URL in references (the finding's help link), or a helpUri");
            }
        }
        List<DiagnosisKind> explains = obj.has("explains") ? diagnosisKinds(p.key("explains"), obj.get("explains")) : List.of();
        boolean selfEvident = false;
        if (obj.has("selfEvident")) {
            if (obj.get("selfEvident").isBoolean()) selfEvident = obj.get("selfEvident").booleanValue();
            else error(p.key("selfEvident"), "must be true or false, got " + describe(obj.get("selfEvident")));
        }
        if (errors.size() > before) return null;
        if (selfEvident && !onlyHttp(when)) {
            error(p.key("selfEvident"), "only for a rule whose evidence is HTTP responses alone (its when holds only http conditions)");
            return null;
        }
        return new Rule(id, title, severity, List.copyOf(frameworks), when, message, fix, references, helpUri, explains,
                RuleSet.sources(when), pack, file, line(p), selfEvident);
    }

    private static boolean onlyHttp(Condition c) {
        return switch (c) {
            case Condition.Http h -> true;
            case Condition.All a -> a.conditions().stream().allMatch(RuleLoader::onlyHttp);
            case Condition.Any a -> a.conditions().stream().allMatch(RuleLoader::onlyHttp);
            default -> false;
        };
    }

    private static boolean isHttpUri(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------ conditions

    private Condition condition(P p, JsonNode n) {
        if (n instanceof ArrayNode list) return new Condition.All(conditions(p, list));
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        if (obj.size() != 1) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            error(p, obj.isEmpty() ? "must name one condition (" + String.join(", ", CONDITIONS) + ")"
                    : "must name exactly one condition, got " + names + "; combine several with all: [...] or any: [...]");
            return null;
        }
        String kind = obj.fieldNames().next();
        JsonNode v = obj.get(kind);
        P q = p.key(kind);
        return switch (kind) {
            case "all" -> {
                ArrayNode list = list(q, v);
                yield list == null ? null : new Condition.All(conditions(q, list));
            }
            case "any" -> {
                ArrayNode list = list(q, v);
                yield list == null ? null : new Condition.Any(conditions(q, list));
            }
            case "not" -> {
                Condition c = condition(q, v);
                yield c == null ? null : new Condition.Not(c, null);
            }
            case "file" -> file(q, v);
            case "imageConfig" -> imageConfig(q, v);
            case "log" -> {
                if (v.isTextual()) yield new Condition.Log(regex(q, v));
                ObjectNode o = mapping(q, v);
                if (o == null) yield null;
                known(q, o, LOG_FIELDS);
                yield required(q, o, "matches") ? new Condition.Log(regex(q.key("matches"), o.get("matches"))) : null;
            }
            case "http" -> http(q, v);
            case "listening" -> {
                ObjectNode o = mapping(q, v);
                if (o == null) yield null;
                known(q, o, LISTENING_FIELDS);
                String address = o.has("address") ? text(q.key("address"), o.get("address")) : "any";
                if (address != null && !List.of("loopback", "wildcard", "any", "non-loopback").contains(address)) regexText(q.key("address"), address);
                String port = "declared";
                if (o.has("port")) {
                    JsonNode pn = o.get("port");
                    if (pn.isIntegralNumber() && pn.asInt() > 0 && pn.asInt() < 65536) port = pn.asText();
                    else if (pn.isTextual() && List.of("declared", "any", "other").contains(pn.asText())) port = pn.asText();
                    else error(q.key("port"), "must be declared, other, any or a port number 1-65535, got " + describe(pn));
                }
                yield new Condition.Listening(address, port);
            }
            case "process" -> {
                ObjectNode o = mapping(q, v);
                if (o == null) yield null;
                known(q, o, PROCESS_FIELDS);
                if (!o.has("cmdline") && !o.has("user")) error(q, "needs cmdline or user (a regex)");
                yield new Condition.Process(o.has("cmdline") ? regex(q.key("cmdline"), o.get("cmdline")) : null,
                        o.has("user") ? regex(q.key("user"), o.get("user")) : null);
            }
            case "env" -> {
                ObjectNode o = mapping(q, v);
                if (o == null) yield null;
                known(q, o, ENV_FIELDS);
                Pattern key = required(q, o, "key") ? regex(q.key("key"), o.get("key")) : null;
                boolean absent = o.has("absent") && bool(q.key("absent"), o.get("absent"));
                if (absent && o.has("matches")) error(q, "absent and matches exclude each other");
                yield new Condition.Env(key, o.has("matches") ? regex(q.key("matches"), o.get("matches")) : null, absent);
            }
            case "jvmHeap" -> {
                ObjectNode o = mapping(q, v);
                if (o == null) yield null;
                known(q, o, JVM_HEAP_FIELDS);
                double ratio = 1.0;
                if (o.has("ratio")) {
                    JsonNode r = o.get("ratio");
                    if (r.isNumber() && r.asDouble() > 0 && r.asDouble() <= 10) ratio = r.asDouble();
                    else error(q.key("ratio"), "must be a number above 0 (1.0 = the heap alone fills the memory limit), got " + describe(r));
                }
                yield new Condition.JvmHeap(ratio);
            }
            case "oomKilled" -> {
                if (!v.isBoolean() || !v.asBoolean()) error(q, "must be true, got " + describe(v));
                yield new Condition.OomKilled();
            }
            default -> {
                error(q, "unknown condition" + didYouMean(kind, CONDITIONS) + "; expected one of " + String.join(", ", CONDITIONS));
                yield null;
            }
        };
    }

    private List<Condition> conditions(P p, ArrayNode list) {
        if (list.isEmpty()) error(p, "must list at least one condition");
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Condition c = condition(p.index(i), list.get(i));
            if (c != null) out.add(c);
        }
        return List.copyOf(out);
    }

    private Condition file(P p, JsonNode v) {
        ObjectNode o = mapping(p, v);
        if (o == null) return null;
        known(p, o, FILE_FIELDS);
        List<String> paths = required(p, o, "path") ? strings(p.key("path"), o.get("path"), null, "absolute paths or globs") : List.of();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            P at = o.get("path").isArray() ? p.key("path").index(i) : p.key("path");
            String prefix = Globs.literalPrefix(path);
            if (path.equals("{entrypoint}")) continue;
            if (!path.startsWith("/") && !path.startsWith("{workdir}")) {
                error(at, "must be an absolute path in the image (or start with {workdir}, or be {entrypoint}), got \"" + path + "\"");
            } else if (prefix.equals("/") || prefix.isEmpty()) {
                error(at, "must start with a literal folder, not a wildcard at the root (the whole filesystem is not read), got \"" + path + "\"");
            }
        }
        String inJar = o.has("inJar") ? text(p.key("inJar"), o.get("inJar")) : null;
        List<String> props = o.has("property") ? strings(p.key("property"), o.get("property"), null, "property keys") : List.of();
        Pattern matches = o.has("matches") ? regex(p.key("matches"), o.get("matches")) : null;
        return new Condition.File(paths, inJar, props, matches);
    }

    private Condition imageConfig(P p, JsonNode v) {
        ObjectNode o = mapping(p, v);
        if (o == null) return null;
        known(p, o, IMAGE_CONFIG_FIELDS);
        String field = null;
        if (required(p, o, "field")) {
            field = text(p.key("field"), o.get("field"));
            if (field != null && !IMAGE_CONFIG_NAMES.contains(field)) {
                error(p.key("field"), "must be one of " + String.join(", ", IMAGE_CONFIG_NAMES) + didYouMean(field, IMAGE_CONFIG_NAMES) + ", got " + describe(o.get("field")));
            }
        }
        Pattern key = o.has("key") ? regex(p.key("key"), o.get("key")) : null;
        if (key != null && field != null && !field.equals("Env") && !field.equals("Labels")) error(p.key("key"), "only Env and Labels have keys");
        boolean absent = o.has("absent") && bool(p.key("absent"), o.get("absent"));
        Pattern matches = o.has("matches") ? regex(p.key("matches"), o.get("matches")) : null;
        if (absent && matches != null) error(p, "absent and matches exclude each other");
        if (!absent && matches == null && key == null) error(p, "needs matches (a regex), key, or absent: true");
        return new Condition.ImageConfig(field, key, matches, absent);
    }

    private Condition http(P p, JsonNode v) {
        ObjectNode o = mapping(p, v);
        if (o == null) return null;
        known(p, o, HTTP_FIELDS);
        Condition.Http.Request request = null;
        if (o.has("request")) {
            P q = p.key("request");
            ObjectNode r = mapping(q, o.get("request"));
            if (r != null) {
                known(q, r, REQUEST_FIELDS);
                String method = r.has("method") ? text(q.key("method"), r.get("method")) : "GET";
                if (method != null && !METHODS.contains(method)) error(q.key("method"), "must be one of " + String.join(", ", METHODS) + ", got " + describe(r.get("method")));
                String path = required(q, r, "path") ? text(q.key("path"), r.get("path")) : null;
                if (path != null && !path.startsWith("/") && !path.equals(Condition.Http.WRONG_TYPED_PARAM) && !path.equals(Condition.Http.JSON_ENDPOINT)) {
                    error(q.key("path"), "must start with / (or be " + Condition.Http.WRONG_TYPED_PARAM + " or " + Condition.Http.JSON_ENDPOINT
                            + "), got " + describe(r.get("path")));
                }
                String requestBody = r.has("body") ? text(q.key("body"), r.get("body")) : null;
                Map<String, String> headers = new LinkedHashMap<>();
                if (r.has("headers")) {
                    ObjectNode h = mapping(q.key("headers"), r.get("headers"));
                    if (h != null) h.fields().forEachRemaining(e -> {
                        if (!e.getValue().isValueNode()) error(q.key("headers").key(e.getKey()), "must be a text value");
                        else headers.put(e.getKey(), e.getValue().asText());
                    });
                }
                request = new Condition.Http.Request(method, path, Map.copyOf(headers), requestBody);
            }
        }
        Pattern status = null;
        if (o.has("status")) {
            JsonNode s = o.get("status");
            status = s.isIntegralNumber() ? Pattern.compile(s.asText()) : regex(p.key("status"), s);
        }
        Map<String, Pattern> headers = new LinkedHashMap<>();
        if (o.has("headers")) {
            ObjectNode h = mapping(p.key("headers"), o.get("headers"));
            if (h != null) h.fields().forEachRemaining(e -> headers.put(e.getKey(), regex(p.key("headers").key(e.getKey()), e.getValue())));
        }
        List<String> absent = o.has("headersAbsent") ? strings(p.key("headersAbsent"), o.get("headersAbsent"), null, "header names") : List.of();
        Pattern body = o.has("body") ? regex(p.key("body"), o.get("body")) : null;
        boolean stackTrace = false;
        if (o.has("stackTrace")) {
            if (o.get("stackTrace").isBoolean()) stackTrace = o.get("stackTrace").booleanValue();
            else error(p.key("stackTrace"), "must be true or false, got " + describe(o.get("stackTrace")));
        }
        if (status == null && headers.isEmpty() && absent.isEmpty() && body == null && !stackTrace) {
            error(p, "needs at least one of status, headers, headersAbsent, body, stackTrace");
        }
        return new Condition.Http(request, status, Map.copyOf(headers), absent, body, stackTrace);
    }

    // --------------------------------------------------------------- values

    private ObjectNode mapping(P p, JsonNode n) {
        if (n instanceof ObjectNode o) return o;
        error(p, "must be a mapping, got " + describe(n));
        return null;
    }

    private ArrayNode list(P p, JsonNode n) {
        if (n instanceof ArrayNode a) return a;
        error(p, "must be a list, got " + describe(n));
        return null;
    }

    private boolean required(P p, ObjectNode o, String field) {
        if (o.has(field) && !o.get(field).isNull()) return true;
        error(p, "missing field " + field);
        return false;
    }

    private String text(P p, JsonNode n) {
        if (n.isTextual() && !n.textValue().isBlank()) return n.textValue();
        error(p, "must be non-empty text, got " + describe(n));
        return null;
    }

    private String id(P p, JsonNode n) {
        if (n.isTextual() && ID.matcher(n.textValue()).matches()) return n.textValue();
        error(p, "must be 2-63 lower-case letters, digits or '-', got " + describe(n));
        return null;
    }

    private boolean bool(P p, JsonNode n) {
        if (n.isBoolean()) return n.booleanValue();
        error(p, "must be true or false, got " + describe(n));
        return false;
    }

    /** Readiness diagnosis kinds by name; an unknown name is an error naming the known ones. */
    private List<DiagnosisKind> diagnosisKinds(P p, JsonNode n) {
        List<String> known = Arrays.stream(DiagnosisKind.values()).map(Enum::name).toList();
        List<DiagnosisKind> out = new ArrayList<>();
        for (String name : strings(p, n, EXPLAINS, "readiness diagnosis kinds like LOOPBACK_ONLY")) {
            if (known.contains(name)) out.add(DiagnosisKind.valueOf(name));
            else error(p, "names " + name + ", which is no readiness diagnosis kind" + didYouMean(name, known)
                    + "; known: " + String.join(", ", known));
        }
        return out;
    }

    /** A single text or a list of texts, each matching {@code shape} when given. */
    private List<String> strings(P p, JsonNode n, Pattern shape, String what) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            if (shape != null && !shape.matcher(n.textValue()).matches()) error(p, "must be " + what + ", got " + describe(n));
            else out.add(n.textValue());
            return out;
        }
        if (!(n instanceof ArrayNode a) || a.isEmpty()) {
            error(p, "must be a non-empty list of " + what + ", got " + describe(n));
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            if (!x.isTextual() || x.textValue().isBlank() || shape != null && !shape.matcher(x.textValue()).matches()) {
                error(p.index(i), "must be " + what + ", got " + describe(x));
            } else {
                out.add(x.textValue());
            }
        }
        return out;
    }

    private Pattern regex(P p, JsonNode n) {
        if (!n.isTextual()) {
            error(p, "must be a regular expression (text), got " + describe(n));
            return null;
        }
        return regexText(p, n.textValue());
    }

    private Pattern regexText(P p, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            error(p, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex() + " in \"" + text + "\"");
            return null;
        }
    }

    private void known(P p, ObjectNode o, List<String> allowed) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) error(p.key(f), "unknown field" + didYouMean(f, allowed) + "; expected one of " + String.join(", ", allowed));
        }
    }

    private void error(P p, String message) {
        errors.add(new RuleError(file, p.display(), message, line(p)));
    }

    private Integer line(P p) {
        for (String ptr = p.pointer(); ; ptr = ptr.substring(0, ptr.lastIndexOf('/'))) {
            Integer l = lines.get(ptr);
            if (l != null) return l;
            if (ptr.isEmpty()) return null;
        }
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "\"" + n.textValue() + "\"";
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        return n.toString();
    }

    static String didYouMean(String got, List<String> options) {
        return DidYouMean.suggestion(got, options, "");
    }

}
