package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a spec tree field by field, collecting every problem with its path and line, and builds the
 * records with defaults filled in. Each field gets one clear message.
 */
final class SpecBuilder {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern IMAGE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
                    + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
    /** validation_run.target (the listings' copy of the image or URL) is varchar(2048). */
    static final int MAX_TARGET_CHARS = 2048;
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    static final Pattern STATUS_CLASS = Pattern.compile("([1-5])[xX][xX]");
    static final Pattern STATUS_CODE = Pattern.compile("[1-5][0-9][0-9]");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final List<String> JSON_TYPES = List.of("string", "number", "integer", "boolean", "object", "array", "null");
    static final long MIN_MEMORY = 6L * 1024 * 1024;

    static final List<String> TOP_FIELDS = List.of("version", "app", "environment", "target", "readiness", "checks", "settings", "rules", "performance",
            "secrets", "flows", "assets", "strict");
    static final List<String> TARGET_FIELDS = List.of("image", "url", "port", "env", "command", "resources", "startupTimeout", "pull");
    static final List<String> IMAGE_ONLY_FIELDS = List.of("port", "env", "command", "resources", "pull");
    static final List<String> RESOURCE_FIELDS = List.of("memory", "cpus", "pids");
    static final List<String> STRATEGIES = List.of("http", "log", "port", "healthcheck");
    static final List<String> HTTP_FIELDS = List.of("path", "status", "timeout");
    static final List<String> LOG_FIELDS = List.of("pattern", "times");
    static final List<String> CHECK_FIELDS = List.of("name", "request", "expect");
    static final List<String> REQUEST_FIELDS = List.of("method", "path", "headers", "query", "body", "json", "timeout");
    static final List<String> EXPECT_FIELDS = List.of("status", "headers", "json", "body", "maxDuration", "schema");
    static final List<String> ASSERTION_FIELDS = List.of("equals", "type", "exists", "minSize", "maxSize", "matches");
    static final List<String> BODY_FIELDS = List.of("contains", "matches");
    static final List<String> SETTINGS_FIELDS = List.of("parallelism");
    static final List<String> RULES_FIELDS = List.of("failOn", "waive");
    static final List<String> WAIVER_FIELDS = List.of("rule", "reason");
    static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    static final Duration MS = Duration.ofMillis(1);
    static final Duration SECOND = Duration.ofSeconds(1);
    static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
    static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(2);

    private static final String STATUS_MESSAGE = "must be an HTTP status 100-599, a class like 2xx, or a list of them";
    private static final String STATUS_ITEM_MESSAGE = "must be an HTTP status 100-599 or a class like 2xx";
    private static final String DURATION_MESSAGE = "must be a duration like 300ms, 60s or 2m";

    private final Map<String, Integer> lines;
    private final Map<String, String> raw;
    private final List<SpecError> errors = new ArrayList<>();
    private final List<SpecError> warnings = new ArrayList<>();
    private final SpecFiles files; // where schema files named in the spec are read from
    private Set<String> secretNames = Set.of();

    SpecBuilder(Map<String, Integer> lines, Map<String, String> raw) {
        this(lines, raw, SpecFiles.NONE);
    }

    SpecBuilder(Map<String, Integer> lines, Map<String, String> raw, SpecFiles files) {
        this.lines = lines;
        this.raw = raw;
        this.files = files;
    }

    List<SpecError> errors() {
        return errors;
    }

    // ------------------------------------------------------------------ spec

    ValidationSpec build(JsonNode root) {
        SpecPath p = SpecPath.ROOT;
        if (!(root instanceof ObjectNode obj)) {
            error(p, "must be a mapping with at least app and target, got " + describe(root));
            return null;
        }
        known(p, obj, TOP_FIELDS, "");
        int version = 1;
        if (obj.has("version")) {
            JsonNode v = obj.get("version");
            if (!isIntegral(v) || v.asLong() != 1) error(p.key("version"), "must be 1 (the only spec version), got " + describe(v));
        }
        String app = required(p, obj, "app") ? name(p.key("app"), obj.get("app")) : null;
        String environment = obj.has("environment") ? name(p.key("environment"), obj.get("environment")) : "default";
        TargetSpec target = required(p, obj, "target") ? target(p.key("target"), obj.get("target")) : null;
        boolean urlTarget = target != null ? !target.isImage() : obj.path("target").has("url") && !obj.path("target").has("image");
        ReadinessSpec readiness = obj.has("readiness")
                ? readiness(p.key("readiness"), obj.get("readiness"), urlTarget)
                : new ReadinessSpec(List.of(new ReadinessSpec.Port()));
        // secrets first: the templates of checks and flows may refer to them
        List<String> secrets = obj.has("secrets") ? secrets(p.key("secrets"), obj.get("secrets")) : List.of();
        List<CheckSpec> checks = obj.has("checks") ? checks(p.key("checks"), obj.get("checks")) : List.of();
        ValidationSpec.Settings settings = obj.has("settings")
                ? settings(p.key("settings"), obj.get("settings"))
                : new ValidationSpec.Settings(ValidationSpec.Settings.DEFAULT_PARALLELISM);
        ValidationSpec.RulesSpec rules = obj.has("rules") ? rules(p.key("rules"), obj.get("rules")) : ValidationSpec.RulesSpec.DEFAULT;
        PerformanceSpec performance = obj.has("performance") ? performance(p.key("performance"), obj.get("performance"), target) : null;
        List<FlowSpec> flows = obj.has("flows") ? flows(p.key("flows"), obj.get("flows")) : List.of();
        AssetsSpec assets = obj.has("assets") ? assets(p.key("assets"), obj.get("assets")) : null;
        boolean strict = false;
        if (obj.has("strict")) {
            if (obj.get("strict").isBoolean()) strict = obj.get("strict").booleanValue();
            else error(p.key("strict"), "must be true or false, got " + describe(obj.get("strict")));
        }
        if (strict) {
            // strict: a gate that cannot fail is an error, not a warning
            warnings.forEach(w -> errors.add(new SpecError(w.path(), w.message() + " (strict: true)", w.line())));
            warnings.clear();
        }
        if (!errors.isEmpty()) return null;
        return new ValidationSpec(version, app, environment, target, readiness, checks, settings, rules, performance,
                secrets, flows, assets, strict, List.copyOf(warnings));
    }

    private String name(SpecPath p, JsonNode n) {
        if (n.isTextual() && NAME.matcher(n.textValue()).matches()) return n.textValue();
        error(p, "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit, got " + describe(n));
        return null;
    }

    // ---------------------------------------------------------------- target

    private TargetSpec target(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        int before = errors.size();
        boolean hasImage = obj.has("image");
        boolean hasUrl = obj.has("url");
        known(p, obj, TARGET_FIELDS, "");
        if (hasImage && hasUrl) {
            error(p, "must have exactly one of image or url, not both");
        } else if (!hasImage && !hasUrl && !misspelled(obj, List.of("image", "url"))) {
            error(p, "must have image (a Docker image Shakedown starts) or url (an already running deployment)");
        }
        String image = null;
        URI url = null;
        if (hasImage) {
            JsonNode v = obj.get("image");
            if (v.isTextual() && v.textValue().length() > MAX_TARGET_CHARS) {
                error(p.key("image"), "must be at most " + MAX_TARGET_CHARS + " characters, got " + v.textValue().length());
            } else if (v.isTextual() && IMAGE.matcher(v.textValue()).matches()) {
                image = v.textValue();
            } else {
                error(p.key("image"), "must be a Docker image reference like hello-api:1.4.2 or registry.example.com/team/app@sha256:..., got " + describe(v));
            }
        }
        if (hasUrl) {
            url = url(p.key("url"), obj.get("url"));
        }
        if (hasUrl && !hasImage) {
            for (String f : IMAGE_ONLY_FIELDS) {
                if (obj.has(f)) error(p.key(f), "not allowed with a url target (Shakedown starts nothing for a url; only an image target has " + f + ")");
            }
        }
        Integer port = null;
        if (obj.has("port")) {
            port = intRange(p.key("port"), obj.get("port"), 1, 65535, "an integer 1-65535");
        } else if (hasImage) {
            error(p.key("port"), "required with image: the container port the app serves HTTP on");
        }
        Map<String, String> env = obj.has("env") ? env(p.key("env"), obj.get("env")) : Map.of();
        List<String> command = obj.has("command") ? command(p.key("command"), obj.get("command")) : null;
        TargetSpec.Resources resources = obj.has("resources")
                ? resources(p.key("resources"), obj.get("resources"))
                : new TargetSpec.Resources(null, null, TargetSpec.Resources.DEFAULT_PIDS);
        Duration startup = obj.has("startupTimeout")
                ? duration(p.key("startupTimeout"), obj.get("startupTimeout"), SECOND, THIRTY_MINUTES)
                : TargetSpec.DEFAULT_STARTUP_TIMEOUT;
        TargetSpec.PullPolicy pull = TargetSpec.PullPolicy.MISSING;
        if (obj.has("pull")) {
            JsonNode v = obj.get("pull");
            pull = switch (v.isTextual() ? v.textValue() : "") {
                case "missing" -> TargetSpec.PullPolicy.MISSING;
                case "always" -> TargetSpec.PullPolicy.ALWAYS;
                case "never" -> TargetSpec.PullPolicy.NEVER;
                default -> {
                    error(p.key("pull"), "must be one of missing, always, never, got " + describe(v));
                    yield null;
                }
            };
        }
        if (errors.size() != before) return null;
        if (url != null) {
            return new TargetSpec(null, url, null, Map.of(), null, null, startup, null);
        }
        return new TargetSpec(image, null, port, env, command, resources, startup, pull);
    }

    private URI url(SpecPath p, JsonNode v) {
        String message = "must be an absolute http or https URL like https://staging.example.com, got " + describe(v);
        if (!v.isTextual()) {
            error(p, message);
            return null;
        }
        if (v.textValue().length() > MAX_TARGET_CHARS) {
            error(p, "must be at most " + MAX_TARGET_CHARS + " characters, got " + v.textValue().length());
            return null;
        }
        try {
            URI uri = new URI(v.textValue());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(p, message);
        return null;
    }

    private Map<String, String> env(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return Map.of();
        var env = new LinkedHashMap<String, String>();
        obj.properties().forEach(e -> {
            SpecPath child = p.key(e.getKey());
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                error(child, "is not a valid environment variable name (letters, digits and '_', not starting with a digit)");
            }
            String value = scalarText(child, e.getValue());
            if (value != null) env.put(e.getKey(), value);
        });
        return Collections.unmodifiableMap(env);
    }

    private List<String> command(SpecPath p, JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            error(p, "must be a non-empty list of arguments, like [java, -jar, app.jar], got " + describe(n));
            return null;
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < n.size(); i++) {
            String s = scalarText(p.index(i), n.get(i));
            if (s != null) out.add(s);
        }
        return List.copyOf(out);
    }

    private TargetSpec.Resources resources(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, RESOURCE_FIELDS, "");
        Long memory = obj.has("memory") ? size(p.key("memory"), obj.get("memory")) : null;
        Double cpus = null;
        if (obj.has("cpus")) {
            JsonNode v = obj.get("cpus");
            if (v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 64) {
                cpus = v.asDouble();
            } else {
                error(p.key("cpus"), "must be a number greater than 0 and at most 64, like 0.5 or 2, got " + describe(v));
            }
        }
        Long pids = obj.has("pids")
                ? longRange(p.key("pids"), obj.get("pids"), 16, Long.MAX_VALUE, "an integer of at least 16")
                : Long.valueOf(TargetSpec.Resources.DEFAULT_PIDS);
        return new TargetSpec.Resources(memory, cpus, pids);
    }

    private Long size(SpecPath p, JsonNode v) {
        String message = "must be a size like 512m, 1g or 256Mi (or an integer number of bytes), got " + describe(v);
        BigDecimal bytes;
        if (isIntegral(v)) {
            bytes = v.decimalValue();
        } else if (v.isTextual() && Units.SIZE.matcher(v.textValue().strip()).matches()) {
            Long parsed = Units.bytes(v.textValue());
            if (parsed == null) {
                error(p, "is too large, got " + describe(v));
                return null;
            }
            bytes = BigDecimal.valueOf(parsed);
        } else {
            error(p, message);
            return null;
        }
        if (bytes.compareTo(BigDecimal.valueOf(MIN_MEMORY)) < 0) {
            error(p, "must be at least 6m (" + MIN_MEMORY + " bytes), got " + describe(v));
            return null;
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            error(p, "is too large, got " + describe(v));
            return null;
        }
        return bytes.longValueExact();
    }

    // ------------------------------------------------------------- readiness

    private ReadinessSpec readiness(SpecPath p, JsonNode n, boolean urlTarget) {
        var strategies = new ArrayList<ReadinessSpec.Strategy>();
        if (n instanceof ObjectNode obj) {
            if (obj.isEmpty()) error(p, "must name at least one strategy: http, log, port or healthcheck");
            strategies(p, obj, urlTarget, strategies);
        } else if (n.isArray()) {
            if (n.isEmpty()) error(p, "must list at least one strategy: http, log, port or healthcheck");
            for (int i = 0; i < n.size(); i++) {
                SpecPath item = p.index(i);
                ObjectNode obj = mapping(item, n.get(i));
                if (obj == null) continue;
                if (obj.size() != 1) {
                    error(item, "each list item must hold exactly one strategy (http, log, port or healthcheck), found " + obj.size());
                }
                strategies(item, obj, urlTarget, strategies);
            }
        } else {
            error(p, "must be a mapping of strategies (http, log, port, healthcheck) or a list of them, got " + describe(n));
        }
        return new ReadinessSpec(List.copyOf(strategies));
    }

    private void strategies(SpecPath p, ObjectNode obj, boolean urlTarget, List<ReadinessSpec.Strategy> out) {
        obj.properties().forEach(e -> {
            SpecPath s = p.key(e.getKey());
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "http" -> {
                    var h = httpReadiness(s, v);
                    if (h != null) out.add(h);
                }
                case "log" -> {
                    if (urlTarget) error(s, "only for an image target (a url target has no container log)");
                    var l = logReadiness(s, v);
                    if (l != null) out.add(l);
                }
                case "port" -> {
                    if (toggle(s, v)) out.add(new ReadinessSpec.Port());
                }
                case "healthcheck" -> {
                    if (urlTarget) error(s, "only for an image target (a url target has no HEALTHCHECK)");
                    if (toggle(s, v)) out.add(new ReadinessSpec.Healthcheck());
                }
                default -> error(s, "unknown readiness strategy" + suggestion(e.getKey(), STRATEGIES, "; use http, log, port or healthcheck"));
            }
        });
    }

    private ReadinessSpec.Http httpReadiness(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, HTTP_FIELDS, "");
        String path = required(p, obj, "path") ? requestPath(p.key("path"), obj.get("path")) : null;
        StatusMatcher status = obj.has("status") ? status(p.key("status"), obj.get("status")) : StatusMatcher.ANY_2XX;
        Duration timeout = obj.has("timeout") ? duration(p.key("timeout"), obj.get("timeout"), MS, THIRTY_MINUTES) : DEFAULT_READINESS_TIMEOUT;
        return new ReadinessSpec.Http(path, status, timeout);
    }

    private ReadinessSpec.Log logReadiness(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, LOG_FIELDS, "");
        Pattern pattern = required(p, obj, "pattern") ? regex(p.key("pattern"), obj.get("pattern")) : null;
        Integer times = obj.has("times") ? intRange(p.key("times"), obj.get("times"), 1, Integer.MAX_VALUE, "an integer of at least 1") : Integer.valueOf(1);
        return new ReadinessSpec.Log(pattern, times == null ? 1 : times);
    }

    /** port / healthcheck: {}, true or nothing. */
    private boolean toggle(SpecPath p, JsonNode v) {
        if (v.isNull() || (v.isBoolean() && v.booleanValue())) return true;
        if (v instanceof ObjectNode obj) {
            obj.fieldNames().forEachRemaining(f -> error(p.key(f), "unknown field; this strategy takes no settings (write {} or true)"));
            return true;
        }
        if (v.isBoolean()) {
            error(p, "write {} or true to use this strategy, or leave it out");
        } else {
            error(p, "must be {} or true, got " + describe(v));
        }
        return false;
    }

    // ---------------------------------------------------------------- checks

    private List<CheckSpec> checks(SpecPath p, JsonNode n) {
        if (!n.isArray()) {
            error(p, "must be a list of checks, got " + describe(n));
            return List.of();
        }
        var out = new ArrayList<CheckSpec>();
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < n.size(); i++) {
            SpecPath c = p.index(i);
            ObjectNode obj = mapping(c, n.get(i));
            if (obj == null) continue;
            known(c, obj, CHECK_FIELDS, "");
            String name = null;
            if (required(c, obj, "name")) {
                JsonNode v = obj.get("name");
                if (v.isTextual() && !v.textValue().isBlank()) {
                    name = v.textValue();
                    Integer first = names.putIfAbsent(name, i);
                    if (first != null) {
                        error(c.key("name"), "duplicate check name \"" + name + "\"; checks[" + first + "] already has it");
                    }
                } else {
                    error(c.key("name"), "must be a non-empty string, got " + describe(v));
                }
            }
            CheckSpec.RequestSpec request = required(c, obj, "request") ? request(c.key("request"), obj.get("request")) : null;
            CheckSpec.Expect expect = obj.has("expect")
                    ? expect(c.key("expect"), obj.get("expect"))
                    : new CheckSpec.Expect(StatusMatcher.ANY_2XX, Map.of(), List.of(), null, null, null);
            new TemplateScope(secretNames, null, -1, List.of()).check(c, obj);
            lintExpectation(c, obj, expect, "check");
            out.add(new CheckSpec(name, request, expect));
        }
        return List.copyOf(out);
    }

    private CheckSpec.RequestSpec request(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, REQUEST_FIELDS, "");
        String method = "GET";
        if (obj.has("method")) {
            JsonNode v = obj.get("method");
            String m = v.isTextual() ? v.textValue().toUpperCase(Locale.ROOT) : "";
            if (METHODS.contains(m)) {
                method = m;
            } else {
                error(p.key("method"), "must be one of " + String.join(", ", METHODS) + ", got " + describe(v));
            }
        }
        String path = required(p, obj, "path") ? requestPath(p.key("path"), obj.get("path")) : null;
        Map<String, String> headers = obj.has("headers") ? textMap(p.key("headers"), obj.get("headers"), true) : Map.of();
        Map<String, String> query = obj.has("query") ? textMap(p.key("query"), obj.get("query"), false) : Map.of();
        String body = null;
        if (obj.has("body")) {
            JsonNode v = obj.get("body");
            if (v.isTextual()) {
                body = v.textValue();
            } else {
                error(p.key("body"), "must be a string (use json to send a JSON value), got " + describe(v));
            }
        }
        JsonNode json = obj.has("json") ? obj.get("json").deepCopy() : null;
        if (obj.has("body") && obj.has("json")) {
            error(p.key("json"), "not allowed together with body; send either a raw body or json");
        }
        Duration timeout = obj.has("timeout")
                ? duration(p.key("timeout"), obj.get("timeout"), MS, THIRTY_MINUTES)
                : CheckSpec.RequestSpec.DEFAULT_TIMEOUT;
        return new CheckSpec.RequestSpec(method, path, headers, query, body, json, timeout);
    }

    private Map<String, String> textMap(SpecPath p, JsonNode n, boolean headerNames) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return Map.of();
        var out = new LinkedHashMap<String, String>();
        obj.properties().forEach(e -> {
            SpecPath child = p.key(e.getKey());
            if (headerNames && !HEADER_NAME.matcher(e.getKey()).matches()) {
                error(child, "is not a valid HTTP header name");
            }
            String value = scalarText(child, e.getValue());
            if (value != null) out.put(e.getKey(), value);
        });
        return Collections.unmodifiableMap(out);
    }

    private CheckSpec.Expect expect(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, EXPECT_FIELDS, "");
        StatusMatcher status = obj.has("status") ? status(p.key("status"), obj.get("status")) : StatusMatcher.ANY_2XX;
        Map<String, Pattern> headers = Map.of();
        if (obj.has("headers")) {
            SpecPath hp = p.key("headers");
            ObjectNode h = mapping(hp, obj.get("headers"));
            if (h != null) {
                var map = new TreeMap<String, Pattern>(String.CASE_INSENSITIVE_ORDER);
                var firstSpelling = new HashMap<String, String>();
                h.properties().forEach(e -> {
                    SpecPath child = hp.key(e.getKey());
                    if (!HEADER_NAME.matcher(e.getKey()).matches()) error(child, "is not a valid HTTP header name");
                    String previous = firstSpelling.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
                    if (previous != null) {
                        error(child, "duplicate header (names are case-insensitive): \"" + previous + "\" is already expected");
                    }
                    Pattern re = regex(child, e.getValue());
                    if (re != null && previous == null) map.put(e.getKey(), re);
                });
                headers = Collections.unmodifiableMap(map);
            }
        }
        List<CheckSpec.JsonAssertion> json = obj.has("json") ? jsonAssertions(p.key("json"), obj.get("json")) : List.of();
        CheckSpec.BodyExpect body = null;
        if (obj.has("body")) {
            SpecPath bp = p.key("body");
            ObjectNode b = mapping(bp, obj.get("body"));
            if (b != null) {
                known(bp, b, BODY_FIELDS, "");
                if (!b.has("contains") && !b.has("matches")) error(bp, "must have contains and/or matches");
                String contains = null;
                if (b.has("contains")) {
                    JsonNode v = b.get("contains");
                    if (v.isTextual()) contains = v.textValue();
                    else error(bp.key("contains"), "must be a string, got " + describe(v));
                }
                Pattern matches = b.has("matches") ? regex(bp.key("matches"), b.get("matches")) : null;
                body = new CheckSpec.BodyExpect(contains, matches);
            }
        }
        Duration maxDuration = obj.has("maxDuration") ? duration(p.key("maxDuration"), obj.get("maxDuration"), MS, THIRTY_MINUTES) : null;
        JsonNode schema = obj.has("schema") ? responseSchema(p.key("schema"), obj.get("schema")) : null;
        return new CheckSpec.Expect(status, headers, json, body, maxDuration, schema);
    }

    private List<CheckSpec.JsonAssertion> jsonAssertions(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return List.of();
        var out = new ArrayList<CheckSpec.JsonAssertion>();
        obj.properties().forEach(e -> {
            String path = e.getKey();
            SpecPath a = p.key(path);
            boolean pathOk = jsonPath(a, path);
            JsonNode v = e.getValue();
            CheckSpec.JsonAssertion assertion;
            if (v.isValueNode()) {
                assertion = new CheckSpec.JsonAssertion(path, v.deepCopy(), null, null, null, null, null);
            } else if (v instanceof ObjectNode o) {
                assertion = assertion(a, path, o);
            } else {
                error(a, "must be an assertion like { equals: ..., type: ..., minSize: ... } or a scalar to compare with, got " + describe(v));
                assertion = null;
            }
            if (pathOk && assertion != null) out.add(assertion);
        });
        return List.copyOf(out);
    }

    private boolean jsonPath(SpecPath p, String path) {
        if (!path.startsWith("$")) {
            error(p, "must be a JSONPath starting with $, like $.items[0].id");
            return false;
        }
        try {
            JsonPath.compile(path);
            if (!balanced(path)) {
                error(p, "is not a valid JSONPath: unbalanced brackets, parentheses or quotes");
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? "syntax error" : e.getMessage().strip();
            error(p, "is not a valid JSONPath: " + why);
            return false;
        }
    }

    /** Jayway accepts some unterminated paths ("$.items["); catch those here. */
    private static boolean balanced(String path) {
        var open = new ArrayDeque<Character>();
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                open.push(c);
            } else if (c == ']' || c == ')') {
                if (open.isEmpty() || open.pop() != (c == ']' ? '[' : '(')) return false;
            }
        }
        return quote == 0 && open.isEmpty();
    }

    private CheckSpec.JsonAssertion assertion(SpecPath p, String path, ObjectNode o) {
        known(p, o, ASSERTION_FIELDS, "");
        if (o.isEmpty()) {
            error(p, "must have at least one of " + String.join(", ", ASSERTION_FIELDS));
        }
        JsonNode equals = o.has("equals") ? o.get("equals").deepCopy() : null;
        String type = null;
        if (o.has("type")) {
            JsonNode v = o.get("type");
            if (v.isTextual() && JSON_TYPES.contains(v.textValue())) {
                type = v.textValue();
            } else {
                String s = v.isTextual() ? v.textValue() : "";
                error(p.key("type"), "must be one of " + String.join(", ", JSON_TYPES) + ", got " + describe(v) + suggestion(s, JSON_TYPES, ""));
            }
        }
        Boolean exists = null;
        if (o.has("exists")) {
            JsonNode v = o.get("exists");
            if (v.isBoolean()) exists = v.booleanValue();
            else error(p.key("exists"), "must be true or false, got " + describe(v));
        }
        Integer minSize = o.has("minSize") ? intRange(p.key("minSize"), o.get("minSize"), 0, Integer.MAX_VALUE, "an integer of at least 0") : null;
        Integer maxSize = o.has("maxSize") ? intRange(p.key("maxSize"), o.get("maxSize"), 0, Integer.MAX_VALUE, "an integer of at least 0") : null;
        if (minSize != null && maxSize != null && minSize > maxSize) {
            error(p.key("maxSize"), "must not be less than minSize (" + minSize + "), got " + maxSize);
        }
        Pattern matches = o.has("matches") ? regex(p.key("matches"), o.get("matches")) : null;
        return new CheckSpec.JsonAssertion(path, equals, type, exists, minSize, maxSize, matches);
    }

    // ----------------------------------------------------------- performance

    static final List<String> PERFORMANCE_FIELDS = List.of("scenarios", "baseline");
    static final List<String> SCENARIO_FIELDS = List.of("name", "requests", "load", "warmUp", "samples", "thresholds", "regression");
    static final List<String> WEIGHTED_FIELDS = List.of("request", "weight");
    static final List<String> LOAD_FIELDS = List.of("rate", "users", "duration", "rampUp");
    static final List<String> THRESHOLD_FIELDS = List.of("p50", "p95", "p99", "max", "mean", "errorRate", "minThroughput");
    static final List<String> REGRESSION_FIELDS = List.of("p50", "p95", "p99", "mean", "max", "throughput");
    static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private PerformanceSpec performance(SpecPath p, JsonNode n, TargetSpec target) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, PERFORMANCE_FIELDS, "");
        var scenarios = new ArrayList<PerformanceSpec.Scenario>();
        if (required(p, obj, "scenarios")) {
            SpecPath sp = p.key("scenarios");
            JsonNode list = obj.get("scenarios");
            if (!list.isArray() || list.isEmpty()) {
                error(sp, "must be a non-empty list of scenarios, got " + describe(list));
            } else {
                var names = new HashMap<String, Integer>();
                for (int i = 0; i < list.size(); i++) {
                    var s = scenario(sp.index(i), list.get(i));
                    if (s == null) continue;
                    Integer first = names.putIfAbsent(s.name(), i);
                    if (first != null) error(sp.index(i).key("name"), "duplicate scenario name \"" + s.name() + "\"; scenarios[" + first + "] already has it");
                    scenarios.add(s);
                }
            }
        }
        PerformanceSpec.Baseline baseline = new PerformanceSpec.History(PerformanceSpec.DEFAULT_HISTORY_RUNS);
        if (obj.has("baseline")) {
            SpecPath bp = p.key("baseline");
            JsonNode b = obj.get("baseline");
            if (b.isTextual() && b.textValue().equals("history")) {
                // default
            } else if (b instanceof ObjectNode bo && bo.size() == 1 && bo.has("history")) {
                Integer runs = intRange(bp.key("history"), bo.get("history"), 1, 100, "an integer 1-100 (how many passing runs the median is taken over)");
                if (runs != null) baseline = new PerformanceSpec.History(runs);
            } else if (b instanceof ObjectNode bo && bo.size() == 1 && bo.has("image")) {
                JsonNode v = bo.get("image");
                if (v.isTextual() && IMAGE.matcher(v.textValue()).matches()) {
                    baseline = new PerformanceSpec.Image(v.textValue());
                    if (target != null && !target.isImage()) {
                        error(bp.key("image"), "needs an image target: side-by-side mode starts both images next to each other");
                    }
                } else {
                    error(bp.key("image"), "must be a Docker image reference like hello-api:1.4.1, got " + describe(v));
                }
            } else if (b instanceof ObjectNode bo) {
                known(bp, bo, List.of("history", "image"), "");
                error(bp, "must be history, { history: N } or { image: previous-image:tag }");
            } else {
                error(bp, "must be history, { history: N } or { image: previous-image:tag }, got " + describe(b));
            }
        }
        return new PerformanceSpec(List.copyOf(scenarios), baseline);
    }

    private PerformanceSpec.Scenario scenario(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, SCENARIO_FIELDS, "");
        String name = required(p, obj, "name") ? name(p.key("name"), obj.get("name")) : null;
        var requests = new ArrayList<PerformanceSpec.WeightedRequest>();
        if (required(p, obj, "requests")) {
            SpecPath rp = p.key("requests");
            JsonNode list = obj.get("requests");
            if (!list.isArray() || list.isEmpty()) {
                error(rp, "must be a non-empty list of { request: {...}, weight: N }, got " + describe(list));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    SpecPath ip = rp.index(i);
                    ObjectNode item = mapping(ip, list.get(i));
                    if (item == null) continue;
                    known(ip, item, WEIGHTED_FIELDS, "");
                    CheckSpec.RequestSpec request = required(ip, item, "request") ? request(ip.key("request"), item.get("request")) : null;
                    Integer weight = item.has("weight") ? intRange(ip.key("weight"), item.get("weight"), 1, 1000, "an integer 1-1000") : Integer.valueOf(1);
                    if (request != null && weight != null) requests.add(new PerformanceSpec.WeightedRequest(request, weight));
                }
            }
        }
        PerformanceSpec.Load load = required(p, obj, "load") ? load(p.key("load"), obj.get("load")) : null;
        Duration warmUp = obj.has("warmUp") ? durationOrZero(p.key("warmUp"), obj.get("warmUp"), TEN_MINUTES) : Duration.ZERO;
        boolean samplesGiven = obj.has("samples");
        Integer samples = samplesGiven ? intRange(p.key("samples"), obj.get("samples"), 1, 20, "an integer 1-20") : Integer.valueOf(1);
        PerformanceSpec.Thresholds thresholds = obj.has("thresholds") ? thresholds(p.key("thresholds"), obj.get("thresholds"))
                : new PerformanceSpec.Thresholds(null, null, null, null, null, null, null);
        PerformanceSpec.Regression regression = obj.has("regression") ? regression(p.key("regression"), obj.get("regression"))
                : new PerformanceSpec.Regression(null, null, null, null, null, null);
        if (name == null || load == null || samples == null || thresholds == null || regression == null || warmUp == null) return null;
        return new PerformanceSpec.Scenario(name, List.copyOf(requests), load, warmUp, samples, samplesGiven, thresholds, regression);
    }

    private PerformanceSpec.Load load(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, LOAD_FIELDS, "");
        boolean hasRate = obj.has("rate");
        boolean hasUsers = obj.has("users");
        if (hasRate == hasUsers) {
            error(p, hasRate ? "must have rate (open model) or users (closed model), not both"
                    : "must have rate (open model, like 50/s) or users (closed model, like 10)");
            return null;
        }
        double rate = 0;
        int users = 0;
        if (hasRate) {
            JsonNode v = obj.get("rate");
            Double perSecond = v.isTextual() ? Units.perSecond(v.textValue()) : null;
            if (perSecond != null && perSecond > 0 && perSecond <= 10_000) {
                rate = perSecond;
            } else if (v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 10_000) {
                rate = v.asDouble();
            } else {
                error(p.key("rate"), "must be requests per second greater than 0 and at most 10000, like 50/s, got " + describe(v));
            }
        } else {
            Integer u = intRange(p.key("users"), obj.get("users"), 1, 1000, "an integer 1-1000");
            if (u != null) users = u;
        }
        Duration duration = required(p, obj, "duration") ? duration(p.key("duration"), obj.get("duration"), SECOND, TEN_MINUTES) : null;
        Duration rampUp = obj.has("rampUp") ? durationOrZero(p.key("rampUp"), obj.get("rampUp"), TEN_MINUTES) : Duration.ZERO;
        if (rampUp != null && !rampUp.isZero() && rampUp.toMillis() % 1000 != 0) {
            error(p.key("rampUp"), "must be whole seconds (Gatling ramps in steps of a second), like 5s, got " + describe(obj.get("rampUp")));
            return null;
        }
        if (duration == null || rampUp == null || (rate == 0 && users == 0)) return null;
        return new PerformanceSpec.Load(hasRate ? PerformanceSpec.Model.OPEN : PerformanceSpec.Model.CLOSED, rate, users, duration, rampUp);
    }

    private Duration durationOrZero(SpecPath p, JsonNode v, Duration max) {
        if (v.isIntegralNumber() && v.asLong() == 0) return Duration.ZERO;
        if (v.isTextual() && v.textValue().matches("0+(\\.0+)?(ms|s|m|h)")) return Duration.ZERO;
        return duration(p, v, MS, max);
    }

    private PerformanceSpec.Thresholds thresholds(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, THRESHOLD_FIELDS, "");
        Duration p50 = obj.has("p50") ? duration(p.key("p50"), obj.get("p50"), MS, TEN_MINUTES) : null;
        Duration p95 = obj.has("p95") ? duration(p.key("p95"), obj.get("p95"), MS, TEN_MINUTES) : null;
        Duration p99 = obj.has("p99") ? duration(p.key("p99"), obj.get("p99"), MS, TEN_MINUTES) : null;
        Duration max = obj.has("max") ? duration(p.key("max"), obj.get("max"), MS, TEN_MINUTES) : null;
        Duration mean = obj.has("mean") ? duration(p.key("mean"), obj.get("mean"), MS, TEN_MINUTES) : null;
        Double errorRate = null;
        if (obj.has("errorRate")) {
            JsonNode v = obj.get("errorRate");
            Units.Percent pct = v.isTextual() ? Units.percent(v.textValue()) : null;
            if (pct != null && pct.sign().isEmpty() && pct.value() <= 100) {
                errorRate = pct.value();
            } else {
                error(p.key("errorRate"), "must be a percentage 0%-100%, like 1% or 0.5%, got " + describe(v));
            }
        }
        Double minThroughput = null;
        if (obj.has("minThroughput")) {
            JsonNode v = obj.get("minThroughput");
            minThroughput = v.isTextual() ? Units.perSecond(v.textValue()) : null;
            if (minThroughput == null) {
                error(p.key("minThroughput"), "must be requests per second, like 45/s, got " + describe(v));
            }
        }
        return new PerformanceSpec.Thresholds(p50, p95, p99, max, mean, errorRate, minThroughput);
    }

    private PerformanceSpec.Regression regression(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, REGRESSION_FIELDS, "");
        Double p50 = obj.has("p50") ? change(p.key("p50"), obj.get("p50"), "+") : null;
        Double p95 = obj.has("p95") ? change(p.key("p95"), obj.get("p95"), "+") : null;
        Double p99 = obj.has("p99") ? change(p.key("p99"), obj.get("p99"), "+") : null;
        Double mean = obj.has("mean") ? change(p.key("mean"), obj.get("mean"), "+") : null;
        Double max = obj.has("max") ? change(p.key("max"), obj.get("max"), "+") : null;
        Double throughput = obj.has("throughput") ? change(p.key("throughput"), obj.get("throughput"), "-") : null;
        return new PerformanceSpec.Regression(p50, p95, p99, mean, max, throughput);
    }

    /** "+20%" (latency may grow by 20 %) or "-15%" (throughput may drop by 15 %); the sign may be left out. */
    private Double change(SpecPath p, JsonNode v, String sign) {
        String example = sign.equals("+") ? "+20%" : "-15%";
        String meaning = sign.equals("+") ? "the allowed increase" : "the allowed decrease";
        Units.Percent percent = v.isTextual() ? Units.percent(v.textValue()) : null;
        if (percent == null) {
            error(p, "must be a percentage like " + example + " (" + meaning + " against the baseline), got " + describe(v));
            return null;
        }
        if (!percent.sign().isEmpty() && !percent.sign().equals(sign)) {
            error(p, "must be " + meaning + " against the baseline, written " + example + ", got " + describe(v));
            return null;
        }
        double pct = percent.value();
        if (sign.equals("-") && pct >= 100) {
            error(p, "must be less than 100% (a drop of 100% or more would allow no throughput at all), got " + describe(v));
            return null;
        }
        return pct;
    }

    // ------------------------------------------------ secrets, flows, assets

    private List<String> secrets(SpecPath p, JsonNode n) {
        if (!n.isArray()) {
            error(p, "must be a list of secret names, like [ADMIN_PASSWORD, API_TOKEN], got " + describe(n));
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode v = n.get(i);
            if (!v.isTextual() || !ENV_NAME.matcher(v.textValue()).matches()) {
                error(p.index(i), "must be a name of letters, digits and '_', not starting with a digit, like ADMIN_PASSWORD, got " + describe(v));
            } else if (out.contains(v.textValue())) {
                error(p.index(i), "duplicate secret \"" + v.textValue() + "\"");
            } else {
                out.add(v.textValue());
            }
        }
        secretNames = Set.copyOf(out);
        return List.copyOf(out);
    }

    static final List<String> FLOW_FIELDS = List.of("name", "steps");
    static final List<String> STEP_FIELDS = List.of("name", "request", "expect", "capture");
    static final List<String> CAPTURE_SOURCES = List.of("json", "header", "regex", "cookie");
    static final List<String> ASSETS_FIELDS = List.of("pages", "spaRoutes", "shell");
    /** Words a capture may not be called: they mean something else inside ${...}. */
    static final List<String> RESERVED = List.of("steps", "secrets", "random", "uuid", "timestamp");

    private List<FlowSpec> flows(SpecPath p, JsonNode n) {
        if (!n.isArray()) {
            error(p, "must be a list of flows, got " + describe(n));
            return List.of();
        }
        var out = new ArrayList<FlowSpec>();
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < n.size(); i++) {
            SpecPath f = p.index(i);
            ObjectNode obj = mapping(f, n.get(i));
            if (obj == null) continue;
            known(f, obj, FLOW_FIELDS, "");
            String name = null;
            if (required(f, obj, "name")) {
                JsonNode v = obj.get("name");
                if (v.isTextual() && !v.textValue().isBlank()) {
                    name = v.textValue();
                    Integer first = names.putIfAbsent(name, i);
                    if (first != null) error(f.key("name"), "duplicate flow name \"" + name + "\"; flows[" + first + "] already has it");
                } else {
                    error(f.key("name"), "must be a non-empty string, got " + describe(v));
                }
            }
            if (!required(f, obj, "steps")) continue;
            SpecPath sp = f.key("steps");
            JsonNode steps = obj.get("steps");
            if (!steps.isArray() || steps.isEmpty()) {
                error(sp, "must be a non-empty list of steps, got " + describe(steps));
                continue;
            }
            out.add(new FlowSpec(name, flowSteps(f, sp, steps)));
        }
        return List.copyOf(out);
    }

    private List<FlowSpec.Step> flowSteps(SpecPath flowPath, SpecPath p, JsonNode steps) {
        // every capture of the flow, with its step, so "captured only later" can be told from "never captured"
        var allCaptures = new LinkedHashMap<String, Integer>();
        var capturePaths = new LinkedHashMap<String, SpecPath>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof ObjectNode s && s.get("capture") instanceof ObjectNode c) {
                for (var it = c.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    Integer first = allCaptures.putIfAbsent(name, i);
                    if (first != null) {
                        error(p.index(i).key("capture").key(name), "\"" + name + "\" is already captured by steps[" + first + "]; use another name");
                    } else {
                        capturePaths.put(name, p.index(i).key("capture").key(name));
                    }
                }
            }
        }
        var used = new HashSet<String>();
        var out = new ArrayList<FlowSpec.Step>();
        var rawSteps = new ArrayList<ObjectNode>();
        boolean everyStepToleratesAnyStatus = true;
        for (int i = 0; i < steps.size(); i++) {
            SpecPath s = p.index(i);
            ObjectNode obj = mapping(s, steps.get(i));
            rawSteps.add(obj);
            if (obj == null) continue;
            known(s, obj, STEP_FIELDS, "");
            CheckSpec.RequestSpec request = required(s, obj, "request") ? request(s.key("request"), obj.get("request")) : null;
            CheckSpec.Expect expect = obj.has("expect")
                    ? expect(s.key("expect"), obj.get("expect"))
                    : new CheckSpec.Expect(StatusMatcher.ANY_2XX, Map.of(), List.of(), null, null, null);
            String name = null;
            if (obj.has("name")) {
                JsonNode v = obj.get("name");
                if (v.isTextual() && !v.textValue().isBlank()) name = v.textValue();
                else error(s.key("name"), "must be a non-empty string, got " + describe(v));
            } else if (request != null) {
                name = request.method() + " " + request.path();
            }
            var before = new HashMap<String, Integer>();
            for (var e : allCaptures.entrySet()) if (e.getValue() < i) before.put(e.getKey(), e.getValue());
            new TemplateScope(secretNames, new FlowScope(before, allCaptures, used, rawSteps), i, List.of()).check(s, obj);
            List<FlowSpec.Capture> captures = obj.has("capture") ? captures(s.key("capture"), obj.get("capture")) : List.of();
            lintExpectation(s, obj, expect, "step");
            if (expect != null && !toleratesAnyStatus(expect.status())) everyStepToleratesAnyStatus = false;
            out.add(new FlowSpec.Step(name, request, expect, captures));
        }
        capturePaths.forEach((name, at) -> {
            if (!used.contains(name)) warn(at, "is captured but no later step uses ${" + name + "}; use it or remove the capture");
        });
        if (everyStepToleratesAnyStatus) {
            warn(flowPath, "every step accepts any status, so this flow cannot fail on a status; give its steps an expect.status");
        }
        return List.copyOf(out);
    }

    private List<FlowSpec.Capture> captures(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return List.of();
        var out = new ArrayList<FlowSpec.Capture>();
        obj.properties().forEach(e -> {
            SpecPath c = p.key(e.getKey());
            String name = e.getKey();
            if (!Template.IDENTIFIER.matcher(name).matches() || RESERVED.contains(name)) {
                error(c, "must be a name of letters, digits and '_' (not starting with a digit, not one of "
                        + String.join(", ", RESERVED) + ") so that ${" + name + "} can use it");
                return;
            }
            ObjectNode src = mapping(c, e.getValue());
            if (src == null) return;
            known(c, src, CAPTURE_SOURCES, "");
            var given = CAPTURE_SOURCES.stream().filter(src::has).toList();
            if (given.size() != 1) {
                if (src.isEmpty() || given.size() > 1) {
                    error(c, "must have exactly one of json (a JSONPath), header (a name), regex (over the body) or cookie (a name), like { json: \"$.id\" }");
                }
                return;
            }
            String kind = given.get(0);
            JsonNode v = src.get(kind);
            SpecPath at = c.key(kind);
            if (!v.isTextual() || v.textValue().isEmpty()) {
                error(at, "must be a non-empty string, got " + describe(v));
                return;
            }
            String expr = v.textValue();
            FlowSpec.Source source = switch (kind) {
                case "json" -> jsonPath(at, expr) ? FlowSpec.Source.JSON : null;
                case "header" -> {
                    if (HEADER_NAME.matcher(expr).matches()) yield FlowSpec.Source.HEADER;
                    error(at, "is not a valid HTTP header name");
                    yield null;
                }
                case "regex" -> regex(at, v) != null ? FlowSpec.Source.REGEX : null;
                default -> FlowSpec.Source.COOKIE;
            };
            if (source != null) out.add(new FlowSpec.Capture(name, source, expr));
        });
        return List.copyOf(out);
    }

    private AssetsSpec assets(SpecPath p, JsonNode n) {
        if (n.isBoolean()) return n.booleanValue() ? null : AssetsSpec.OFF; // true: the default (crawl what the run sees)
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, ASSETS_FIELDS, "");
        List<String> pages = obj.has("pages") ? pathList(p.key("pages"), obj.get("pages")) : List.of();
        List<String> routes = obj.has("spaRoutes") ? pathList(p.key("spaRoutes"), obj.get("spaRoutes")) : List.of();
        String shell = obj.has("shell") ? requestPath(p.key("shell"), obj.get("shell")) : AssetsSpec.DEFAULT_SHELL;
        if (pages.isEmpty() && routes.isEmpty() && !obj.has("pages") && !obj.has("spaRoutes")) {
            error(p, "must have pages (HTML pages whose assets must load) and/or spaRoutes (deep links that must serve the app shell)");
        }
        return new AssetsSpec(pages, routes, shell);
    }

    private List<String> pathList(SpecPath p, JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            error(p, "must be a non-empty list of paths, like [/, /about], got " + describe(n));
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < n.size(); i++) {
            String path = requestPath(p.index(i), n.get(i));
            if (path != null) out.add(path);
        }
        return List.copyOf(out);
    }

    /** expect.schema: an inline JSON Schema, or the name of a schema file next to the spec. */
    private JsonNode responseSchema(SpecPath p, JsonNode v) {
        JsonNode schema;
        if (v.isObject() || v.isBoolean()) {
            schema = v.deepCopy();
        } else if (v.isTextual()) {
            try {
                String text = files.read(v.textValue());
                schema = (text.stripLeading().startsWith("{") ? new ObjectMapper()
                        : new YAMLMapper()).readTree(text);
            } catch (NoSuchFileException e) {
                error(p, "no schema file " + describe(v) + " (" + files.where(v.textValue()) + ")");
                return null;
            } catch (IOException | RuntimeException e) {
                error(p, "cannot read the schema file " + describe(v) + ": " + Excerpt.of(e.getMessage()));
                return null;
            }
        } else {
            error(p, "must be a JSON Schema (a mapping) or the name of a schema file next to the spec, got " + describe(v));
            return null;
        }
        String problem = ResponseSchemas.problem(schema);
        if (problem != null) {
            error(p, "is not a valid JSON Schema: " + problem);
            return null;
        }
        return schema;
    }

    /** Lint: a check or step that cannot catch a wrong answer. */
    private void lintExpectation(SpecPath at, ObjectNode obj, CheckSpec.Expect expect, String kind) {
        if (!obj.has("expect")) {
            warn(at, "this " + kind + " has no expect: only the default 2xx status is checked; add expect (status, json, body or schema)");
        } else if (expect != null && toleratesAnyStatus(expect.status()) && expect.headers().isEmpty() && expect.json().isEmpty()
                && expect.body() == null && expect.maxDuration() == null && expect.schema() == null) {
            warn(at.key("expect"), "accepts any status and asserts nothing else: this " + kind + " cannot fail");
        }
    }

    private static boolean toleratesAnyStatus(StatusMatcher m) {
        if (m == null) return false;
        for (int s = 100; s <= 599; s++) if (!m.matches(s)) return false;
        return true;
    }

    private void warn(SpecPath p, String message) {
        warnings.add(new SpecError(p.toString(), message, lineOf(p)));
    }

    /** What a flow step's templates may refer to. */
    private record FlowScope(Map<String, Integer> capturedBefore, Map<String, Integer> allCaptures,
                             Set<String> used, List<ObjectNode> rawSteps) {}

    /**
     * Checks every {@code ${...}} in a check's or step's request and expectations: it must read, and what it
     * names must exist (a declared secret, a capture of an earlier step, an earlier step's field).
     */
    private final class TemplateScope {
        private final Set<String> secrets;
        private final FlowScope flow; // null for an endpoint check
        private final int step;
        private boolean inExpect; // a step's expect may also use what this very step sent

        TemplateScope(Set<String> secrets, FlowScope flow, int step, List<String> unused) {
            this.secrets = secrets;
            this.flow = flow;
            this.step = step;
        }

        void check(SpecPath at, ObjectNode obj) {
            if (obj.get("request") instanceof ObjectNode req) {
                SpecPath r = at.key("request");
                strings(r.key("path"), req.get("path"));
                strings(r.key("body"), req.get("body"));
                strings(r.key("json"), req.get("json"));
                if (req.get("headers") instanceof ObjectNode h) h.properties().forEach(e -> strings(r.key("headers").key(e.getKey()), e.getValue()));
                if (req.get("query") instanceof ObjectNode q) q.properties().forEach(e -> strings(r.key("query").key(e.getKey()), e.getValue()));
            }
            if (obj.get("expect") instanceof ObjectNode exp) {
                inExpect = true;
                SpecPath e = at.key("expect");
                if (exp.get("json") instanceof ObjectNode j) {
                    j.properties().forEach(a -> {
                        if (a.getValue().isValueNode()) strings(e.key("json").key(a.getKey()), a.getValue());
                        else strings(e.key("json").key(a.getKey()).key("equals"), a.getValue().get("equals"));
                    });
                }
                if (exp.get("body") instanceof ObjectNode b) strings(e.key("body").key("contains"), b.get("contains"));
            }
        }

        private void strings(SpecPath p, JsonNode v) {
            if (v == null) return;
            if (v.isTextual()) {
                if (!Template.mayHaveRefs(v.textValue())) return;
                try {
                    for (Template.Ref ref : Template.parse(v.textValue()).refs()) ref(p, ref);
                } catch (Template.Invalid e) {
                    error(p, e.getMessage());
                }
            } else if (v.isObject()) {
                v.properties().forEach(e -> strings(p.key(e.getKey()), e.getValue()));
            } else if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) strings(p.index(i), v.get(i));
            }
        }

        private void ref(SpecPath p, Template.Ref ref) {
            String used = "uses ${" + ref.expression() + "}";
            switch (ref) {
                case Template.Generator g -> { }
                case Template.Secret s -> {
                    if (!secrets.contains(s.name())) {
                        error(p, used + ", but " + describeName(s.name()) + " is not declared under secrets"
                                + (secrets.isEmpty() ? "; add secrets: [" + s.name() + "]"
                                : suggestion(s.name(), List.copyOf(secrets), "; declared: " + String.join(", ", new TreeSet<>(secrets)))));
                    }
                }
                case Template.Capture c -> {
                    if (flow == null) {
                        error(p, used + ", but an endpoint check has no captures; captures exist in flows "
                                + "(checks may use ${uuid}, ${random.email}, ${random.password}, ${timestamp} and ${secrets.NAME})");
                    } else if (flow.capturedBefore().containsKey(c.name())) {
                        flow.used().add(c.name());
                    } else if (flow.allCaptures().containsKey(c.name())) {
                        int at = flow.allCaptures().get(c.name());
                        error(p, used + ", but \"" + c.name() + "\" is captured only " + (at == step ? "by this step" : "later, by steps[" + at + "]")
                                + "; a step can use only what earlier steps captured");
                    } else {
                        var before = new TreeSet<>(flow.capturedBefore().keySet());
                        error(p, used + ", but no earlier step of this flow captures \"" + c.name() + "\""
                                + suggestion(c.name(), List.copyOf(flow.allCaptures().keySet()),
                                before.isEmpty() ? "; nothing is captured before this step" : "; captured before this step: " + String.join(", ", before)));
                    }
                }
                case Template.StepRef s -> {
                    if (flow == null) {
                        error(p, used + ", but an endpoint check has no steps; step references exist in flows");
                    } else if (s.index() > step || (s.index() == step && !(inExpect && s.side().equals("request")))) {
                        error(p, used + ", but a step can only refer to earlier steps (this is steps[" + step + "])"
                                + (s.index() == step ? "; its own request only in its expect" : ""));
                    } else if (s.side().equals("request")) {
                        ObjectNode earlier = flow.rawSteps().get(s.index());
                        JsonNode req = earlier == null ? null : earlier.get("request");
                        String missing = missingRequestField(req, s);
                        if (missing != null) error(p, used + ", but steps[" + s.index() + "].request " + missing);
                    }
                }
            }
        }

        private String missingRequestField(JsonNode req, Template.StepRef s) {
            if (!(req instanceof ObjectNode r)) return null; // its own error is reported where it is
            switch (s.field()) {
                case "json" -> {
                    JsonNode node = r.get("json");
                    if (node == null) return "sends no json";
                    if (s.rest() == null) return null;
                    for (String key : s.rest().split("\\.")) {
                        node = node.isArray() && key.matches("[0-9]+") ? node.get(Integer.parseInt(key)) : node.get(key);
                        if (node == null) return "json has no field " + s.rest();
                    }
                    return null;
                }
                case "body" -> {
                    return r.has("body") ? null : "sends no body (a json body is steps[N].request.json)";
                }
                case "headers", "query" -> {
                    JsonNode m = r.get(s.field());
                    boolean found = false;
                    if (m instanceof ObjectNode o) {
                        for (var it = o.fieldNames(); it.hasNext(); ) {
                            String k = it.next();
                            if (s.field().equals("headers") ? k.equalsIgnoreCase(s.rest()) : k.equals(s.rest())) found = true;
                        }
                    }
                    return found ? null : "has no " + (s.field().equals("headers") ? "header " : "query parameter ") + s.rest();
                }
                default -> {
                    return null;
                }
            }
        }
    }

    private static String describeName(String name) {
        return "\"" + name + "\"";
    }

    /** Short exception text for messages. */
    private static final class Excerpt {
        static String of(String s) {
            if (s == null) return "unreadable";
            String flat = s.replaceAll("\\s+", " ").strip();
            return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
        }
    }

    // -------------------------------------------------------------- settings

    private ValidationSpec.Settings settings(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, SETTINGS_FIELDS, "");
        Integer parallelism = obj.has("parallelism")
                ? intRange(p.key("parallelism"), obj.get("parallelism"), 1, 32, "an integer 1-32")
                : Integer.valueOf(ValidationSpec.Settings.DEFAULT_PARALLELISM);
        return new ValidationSpec.Settings(parallelism == null ? ValidationSpec.Settings.DEFAULT_PARALLELISM : parallelism);
    }

    // ----------------------------------------------------------------- rules

    private ValidationSpec.RulesSpec rules(SpecPath p, JsonNode n) {
        ObjectNode obj = mapping(p, n);
        if (obj == null) return null;
        known(p, obj, RULES_FIELDS, "");
        var failOn = ValidationSpec.RulesSpec.FailOn.ERROR;
        if (obj.has("failOn")) {
            JsonNode v = obj.get("failOn");
            switch (v.isTextual() ? v.textValue() : "") {
                case "error" -> failOn = ValidationSpec.RulesSpec.FailOn.ERROR;
                case "warning" -> failOn = ValidationSpec.RulesSpec.FailOn.WARNING;
                case "never" -> failOn = ValidationSpec.RulesSpec.FailOn.NEVER;
                default -> error(p.key("failOn"), "must be error, warning or never, got " + describe(v));
            }
        }
        Map<String, String> waivers = new LinkedHashMap<>();
        if (obj.has("waive")) {
            SpecPath w = p.key("waive");
            JsonNode list = obj.get("waive");
            if (!list.isArray()) {
                error(w, "must be a list of { rule, reason }, got " + describe(list));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    SpecPath q = w.index(i);
                    ObjectNode item = mapping(q, list.get(i));
                    if (item == null) continue;
                    known(q, item, WAIVER_FIELDS, "");
                    String rule = null;
                    String reason = null;
                    if (required(q, item, "rule")) {
                        JsonNode r = item.get("rule");
                        if (r.isTextual() && RULE_ID.matcher(r.textValue()).matches()) rule = r.textValue();
                        else error(q.key("rule"), "must be a rule id like image-runs-as-root, got " + describe(r));
                    }
                    if (required(q, item, "reason")) {
                        JsonNode r = item.get("reason");
                        if (r.isTextual() && !r.textValue().isBlank()) reason = r.textValue();
                        else error(q.key("reason"), "must say why the rule is waived (a waiver is never silent), got " + describe(r));
                    }
                    if (rule != null && waivers.containsKey(rule)) error(q.key("rule"), "rule " + rule + " is already waived above");
                    if (rule != null && reason != null) waivers.put(rule, reason);
                }
            }
        }
        return new ValidationSpec.RulesSpec(failOn, Map.copyOf(waivers));
    }

    // ------------------------------------------------------------ primitives

    private String requestPath(SpecPath p, JsonNode v) {
        if (v.isTextual() && v.textValue().startsWith("/")) return v.textValue();
        error(p, "must be a path starting with \"/\", like /health, got " + describe(v));
        return null;
    }

    private StatusMatcher status(SpecPath p, JsonNode n) {
        var codes = new ArrayList<Integer>();
        var classes = new ArrayList<Integer>();
        if (n.isArray()) {
            if (n.isEmpty()) {
                error(p, STATUS_MESSAGE + ", got an empty list");
                return null;
            }
            boolean ok = true;
            for (int i = 0; i < n.size(); i++) {
                ok &= statusItem(p.index(i), n.get(i), STATUS_ITEM_MESSAGE, codes, classes);
            }
            if (!ok) return null;
        } else if (!statusItem(p, n, STATUS_MESSAGE, codes, classes)) {
            return null;
        }
        return new StatusMatcher(List.copyOf(codes.stream().distinct().toList()), List.copyOf(classes.stream().distinct().toList()));
    }

    private boolean statusItem(SpecPath p, JsonNode v, String message, List<Integer> codes, List<Integer> classes) {
        if (isIntegral(v) && v.asLong() >= 100 && v.asLong() <= 599) {
            codes.add(v.asInt());
            return true;
        }
        if (v.isTextual()) {
            Matcher m = STATUS_CLASS.matcher(v.textValue());
            if (m.matches()) {
                classes.add(Integer.parseInt(m.group(1)));
                return true;
            }
            if (STATUS_CODE.matcher(v.textValue()).matches()) {
                codes.add(Integer.parseInt(v.textValue()));
                return true;
            }
        }
        error(p, message + ", got " + describe(v));
        return false;
    }

    private Duration duration(SpecPath p, JsonNode v, Duration min, Duration max) {
        Duration d = v.isTextual() ? Units.duration(v.textValue()) : null;
        if (d == null) {
            error(p, DURATION_MESSAGE + ", got " + describe(v));
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            error(p, "must be between " + format(min) + " and " + format(max) + ", got " + describe(v));
            return null;
        }
        return d;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    private Pattern regex(SpecPath p, JsonNode v) {
        if (!v.isTextual()) {
            error(p, "must be a regular expression (a string), got " + describe(v));
            return null;
        }
        try {
            return Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            String at = e.getIndex() >= 0 ? " at position " + e.getIndex() : "";
            error(p, "is not a valid regular expression: " + e.getDescription() + at + ", in " + describe(v));
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            error(p, "is not a valid regular expression: " + describe(v));
            return null;
        }
    }

    /** A string value; numbers and booleans become their text as written. */
    private String scalarText(SpecPath p, JsonNode v) {
        if (v.isTextual()) return v.textValue();
        if (v.isNumber() || v.isBoolean()) {
            String written = raw.get(p.pointer());
            return written != null ? written : v.asText();
        }
        error(p, "must be a string (numbers and booleans are turned into text), got " + describe(v));
        return null;
    }

    private Integer intRange(SpecPath p, JsonNode v, int min, int max, String what) {
        Long l = longRange(p, v, min, max, what);
        return l == null ? null : l.intValue();
    }

    private Long longRange(SpecPath p, JsonNode v, long min, long max, String what) {
        if (isIntegral(v) && v.canConvertToLong() && v.asLong() >= min && v.asLong() <= max) {
            return Long.valueOf(v.asLong());
        }
        error(p, "must be " + what + ", got " + describe(v));
        return null;
    }

    private static boolean isIntegral(JsonNode v) {
        return v.isIntegralNumber() || (v.isNumber() && v.canConvertToExactIntegral());
    }

    private ObjectNode mapping(SpecPath p, JsonNode n) {
        if (n instanceof ObjectNode obj) return obj;
        error(p, "must be a mapping, got " + describe(n));
        return null;
    }

    private boolean required(SpecPath p, ObjectNode obj, String field) {
        if (obj.has(field)) return true;
        error(p.key(field), "required");
        return false;
    }

    /** Every field not in {@code allowed} is an error, with the closest allowed name as a suggestion. */
    private void known(SpecPath p, ObjectNode obj, List<String> allowed, String context) {
        obj.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                error(p.key(f), "unknown field" + context + suggestion(f, allowed, "; allowed here: " + String.join(", ", allowed)));
            }
        });
    }

    /** True if some unknown field of {@code obj} looks like a typo of one of {@code names}. */
    private static boolean misspelled(ObjectNode obj, List<String> names) {
        for (var it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f) && suggestion(f, names, null) != null) return true;
        }
        return false;
    }

    static String suggestion(String given, List<String> candidates, String otherwise) {
        return DidYouMean.suggestion(given, candidates, otherwise);
    }

    /** How a value reads in a message: "eighty" quoted, numbers as written, containers by kind. */
    String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.length() > 60) s = s.substring(0, 57) + "...";
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        if (v.isObject()) return v.isEmpty() ? "an empty mapping" : "a mapping";
        if (v.isArray()) return v.isEmpty() ? "an empty list" : "a list";
        if (v.isNull()) return "null";
        return v.asText();
    }

    private void error(SpecPath p, String message) {
        errors.add(new SpecError(p.toString(), message, lineOf(p)));
    }

    /** The line of the value at {@code p}, or of its nearest ancestor that has one; a missing top-level field has none. */
    Integer lineOf(SpecPath p) {
        if (p.isRoot()) return lines.get("");
        for (SpecPath q = p; !q.isRoot(); q = q.parent()) {
            Integer l = lines.get(q.pointer());
            if (l != null) return l;
        }
        return null;
    }
}
