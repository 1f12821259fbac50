package io.shakedown.spec;

import io.shakedown.document.DocumentPath;
import io.shakedown.document.DocumentError;
import io.shakedown.document.SchemaCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.regex.PatternSyntaxException;

/**
 * What the schema cannot say about a spec whose structure it accepted: ranges of durations and sizes, regexes
 * and JSONPaths that must compile, names that must be unique, fields that depend on each other, template scope,
 * response-schema files, and the lint of gates that cannot fail. Works on the document tree, so every problem
 * has its path and line. Two small edits prepare the tree for binding: numbers and booleans written where text
 * is expected become their text as written, and {@code expect.schema: file.json} becomes the schema read.
 */
final class SpecSemantics {

    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

    private final Map<String, Integer> lines;
    private final Map<String, String> raw;
    private final SpecFiles files;
    final List<DocumentError> errors = new ArrayList<>();
    final List<DocumentError> lint = new ArrayList<>();
    private Set<String> secrets = Set.of();
    private Set<String> services = Set.of();

    SpecSemantics(Map<String, Integer> lines, Map<String, String> raw, SpecFiles files) {
        this.lines = lines;
        this.raw = raw;
        this.files = files;
    }

    /** Checks {@code root}; problems land in {@link #errors}, warnings in {@link #lint} (errors too when strict). */
    void check(ObjectNode root) {
        DocumentPath top = DocumentPath.ROOT;
        ObjectNode target = (ObjectNode) root.get("target");
        boolean urlTarget = target.has("url");
        secrets = root.has("secrets") ? Set.copyOf(texts(root.get("secrets"))) : Set.of();
        if (root.get("services") instanceof ObjectNode declared) services = declared.properties().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        target(top.key("target"), target);
        if (root.get("readiness") != null) readiness(top.key("readiness"), root.get("readiness"), urlTarget, false);
        environment(top, root, target);
        forEachItem(root.get("checks"), top.key("checks"), "check", (p, check) -> {
            request(p.key("request"), check.get("request"));
            expect(p.key("expect"), check.get("expect"));
            new TemplateScope(secrets, null, -1, this::error).check(p, check);
            lintExpectation(p, check, "check");
        });
        forEachItem(root.get("flows"), top.key("flows"), "flow", (p, flow) -> steps(p, (ArrayNode) flow.get("steps")));
        if (root.get("performance") instanceof ObjectNode perf) performance(top.key("performance"), perf, urlTarget);
        if (root.get("browser") instanceof ObjectNode browser) browser(top.key("browser"), browser);
        if (root.get("contract") instanceof ObjectNode contract) {
            DocumentPath p = top.key("contract");
            asText(p.key("parameters"), contract.get("parameters"));
            asText(p.key("headers"), contract.get("headers"));
            duration(p.key("budget").key("duration"), contract.path("budget").get("duration"), SECOND, THIRTY_MINUTES);
            new ContractSemantics(files, secrets, this::error).check(p, contract);
        }
        if (root.path("rules").get("waive") != null) {
            var waived = new HashSet<String>();
            JsonNode list = root.path("rules").get("waive");
            for (int i = 0; i < list.size(); i++) {
                String rule = list.get(i).get("rule").textValue();
                if (!waived.add(rule)) error(top.key("rules").key("waive").index(i).key("rule"), "rule " + rule + " is already waived above");
            }
        }
        // what the HTTP client or Docker would refuse mid-run is refused now
        for (DocumentError e : SendableRequests.check(root, p -> SchemaCheck.lineOf(p, lines))) {
            if (errors.stream().noneMatch(x -> x.path().equals(e.path()))) errors.add(e);
        }
        if (root.path("strict").asBoolean(false)) {
            // strict: a gate that cannot fail is an error, not a warning
            lint.forEach(w -> errors.add(new DocumentError(w.path(), w.message() + " (strict: true)", w.line())));
            lint.clear();
        }
    }

    // ----------------------------------------------------------------- target

    private void target(DocumentPath p, ObjectNode t) {
        duration(p.key("startupTimeout"), t.get("startupTimeout"), SECOND, THIRTY_MINUTES);
        if (t.has("url")) {
            String url = t.get("url").textValue();
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null || uri.getHost().isEmpty()) throw new URISyntaxException(url, "no host");
            } catch (URISyntaxException e) {
                error(p.key("url"), "must be an absolute http or https URL like https://staging.example.com, got " + SchemaCheck.describe(t.get("url")));
            }
        }
        container(p, t);
    }

    /** What the target, a service and a job share: memory limit, env and command as text, their templates. */
    private void container(DocumentPath p, ObjectNode c) {
        JsonNode memory = c.path("resources").get("memory");
        if (memory != null && memory.isTextual()) {
            Long bytes = Units.bytes(memory.textValue());
            if (bytes == null) error(p.key("resources").key("memory"), "is too large, got " + SchemaCheck.describe(memory));
            else if (bytes < MIN_MEMORY) error(p.key("resources").key("memory"), "must be at least 6m (" + MIN_MEMORY + " bytes), got " + SchemaCheck.describe(memory));
        }
        JsonNode disk = c.path("resources").get("disk");
        if (disk != null && disk.isTextual()) {
            Long bytes = Units.bytes(disk.textValue());
            if (bytes == null) error(p.key("resources").key("disk"), "is too large, got " + SchemaCheck.describe(disk));
            else if (bytes < 1024 * 1024) error(p.key("resources").key("disk"), "must be at least 1m, got " + SchemaCheck.describe(disk));
        }
        if (c.get("tmpfs") instanceof ArrayNode mounts) {
            for (int i = 0; i < mounts.size(); i++) {
                TmpfsMount mount = TmpfsMount.of(mounts.get(i).asText());
                String size = mount.option("size");
                if (size != null && mount.sizeBytes() == null) {
                    error(p.key("tmpfs").index(i), "size must be a size like 64m or 1g (both runtimes give the mount that many bytes), got \"" + size + "\"");
                }
            }
        }
        asText(p.key("env"), c.get("env"));
        asText(p.key("command"), c.get("command"));
        EnvTemplates.check(p.key("env"), c.get("env"), secrets, services, this::error);
        EnvTemplates.check(p.key("command"), c.get("command"), secrets, services, this::error);
    }

    // ------------------------------------------------------- services, jobs

    /** services and jobs: only beside an image target; jobs not in race mode; race mode only with services. */
    private void environment(DocumentPath top, ObjectNode root, ObjectNode target) {
        boolean urlTarget = target.has("url");
        boolean race = !target.path("waitForServices").asBoolean(true);
        if (root.get("services") instanceof ObjectNode declared) {
            if (urlTarget) error(top.key("services"), "not allowed with a url target: Shakedown starts nothing for a url, so there is no network to start services on");
            declared.properties().forEach(e -> {
                DocumentPath at = top.key("services").key(e.getKey());
                ObjectNode service = (ObjectNode) e.getValue();
                duration(at.key("startupTimeout"), service.get("startupTimeout"), SECOND, THIRTY_MINUTES);
                if (service.get("readiness") != null) readiness(at.key("readiness"), service.get("readiness"), false, true);
                container(at, service);
            });
        } else if (race && !urlTarget) {
            error(top.key("target").key("waitForServices"), "false (race mode) needs services to race with; declare them under services");
        }
        if (root.get("jobs") != null) {
            if (urlTarget) error(top.key("jobs"), "not allowed with a url target: Shakedown starts nothing for a url, so there is no network to run jobs on");
            if (race) error(top.key("jobs"), "not allowed in race mode (target.waitForServices: false): jobs run after the services are ready and before the app, and race mode starts the app at once");
            forEachItem(root.get("jobs"), top.key("jobs"), "job", (at, job) -> {
                duration(at.key("timeout"), job.get("timeout"), SECOND, THIRTY_MINUTES);
                container(at, job);
            });
        }
    }

    private void readiness(DocumentPath p, JsonNode n, boolean urlTarget, boolean service) {
        for (int i = 0; i < (n.isArray() ? n.size() : 1); i++) {
            DocumentPath at = n.isArray() ? p.index(i) : p;
            JsonNode strategies = n.isArray() ? n.get(i) : n;
            if (strategies.get("http") instanceof ObjectNode http) duration(at.key("http").key("timeout"), http.get("timeout"), MS, THIRTY_MINUTES);
            if (strategies.get("log") instanceof ObjectNode log) regex(at.key("log").key("pattern"), log.get("pattern"));
            if (urlTarget && strategies.has("log")) error(at.key("log"), "only for an image target (a url target has no container log)");
            if (urlTarget && strategies.has("healthcheck")) error(at.key("healthcheck"), "only for an image target (a url target has no HEALTHCHECK)");
            if (strategies.get("healthcheck") instanceof ObjectNode hc) {
                duration(at.key("healthcheck").key("interval"), hc.get("interval"), MS, THIRTY_MINUTES);
                if (!service && hc.has("test")) error(at.key("healthcheck").key("test"), "a health check command is for services: the app is "
                        + "judged by its image's own HEALTHCHECK (healthcheck: true) as production runs it");
            }
        }
    }

    // ------------------------------------------------------- requests, expects

    private void request(DocumentPath p, JsonNode request) {
        duration(p.key("timeout"), request.get("timeout"), MS, THIRTY_MINUTES);
        asText(p.key("headers"), request.get("headers"));
        asText(p.key("query"), request.get("query"));
    }

    private void expect(DocumentPath p, JsonNode expect) {
        if (!(expect instanceof ObjectNode e)) return;
        if (e.get("headers") instanceof ObjectNode headers) {
            var seen = new HashMap<String, String>();
            headers.properties().forEach(h -> {
                DocumentPath at = p.key("headers").key(h.getKey());
                String previous = seen.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getKey());
                if (previous != null) error(at, "duplicate header (names are case-insensitive): \"" + previous + "\" is already expected");
                regex(at, h.getValue());
            });
        }
        if (e.get("json") instanceof ObjectNode json) {
            json.properties().forEach(a -> {
                DocumentPath at = p.key("json").key(a.getKey());
                jsonPath(at, a.getKey());
                if (a.getValue() instanceof ObjectNode o) {
                    if (o.has("minSize") && o.has("maxSize") && o.get("minSize").asLong() > o.get("maxSize").asLong()) {
                        error(at.key("maxSize"), "must not be less than minSize (" + o.get("minSize") + "), got " + o.get("maxSize"));
                    }
                    regex(at.key("matches"), o.get("matches"));
                }
            });
        }
        regex(p.key("body").key("matches"), e.path("body").get("matches"));
        duration(p.key("maxDuration"), e.get("maxDuration"), MS, THIRTY_MINUTES);
        if (e.has("schema")) responseSchema(p.key("schema"), e);
    }

    /** expect.schema: an inline JSON Schema, or the name of a schema file next to the spec (read into the tree). */
    private void responseSchema(DocumentPath p, ObjectNode expect) {
        JsonNode v = expect.get("schema");
        JsonNode schema = v;
        if (v.isTextual()) {
            try {
                String text = files.read(v.textValue());
                schema = (text.stripLeading().startsWith("{") ? JSON : YAML).readTree(text);
            } catch (NoSuchFileException e) {
                error(p, "no schema file " + SchemaCheck.describe(v) + " (" + files.where(v.textValue()) + ")");
                return;
            } catch (IOException | RuntimeException e) {
                error(p, "cannot read the schema file " + SchemaCheck.describe(v) + ": " + excerpt(e.getMessage()));
                return;
            }
        }
        String problem = ResponseSchemas.problem(schema);
        if (problem != null) error(p, "is not a valid JSON Schema: " + problem);
        else expect.set("schema", schema);
    }

    // ------------------------------------------------------------------ flows

    private void steps(DocumentPath flow, ArrayNode steps) {
        DocumentPath p = flow.key("steps");
        // every capture of the flow, with its step, so "captured only later" can be told from "never captured"
        var allCaptures = new LinkedHashMap<String, Integer>();
        var capturePaths = new LinkedHashMap<String, DocumentPath>();
        var rawSteps = new ArrayList<ObjectNode>();
        for (int i = 0; i < steps.size(); i++) {
            rawSteps.add((ObjectNode) steps.get(i));
            if (!(steps.get(i).get("capture") instanceof ObjectNode c)) continue;
            for (var e : c.properties()) {
                DocumentPath at = p.index(i).key("capture").key(e.getKey());
                Integer first = allCaptures.putIfAbsent(e.getKey(), i);
                if (first != null) error(at, "\"" + e.getKey() + "\" is already captured by steps[" + first + "]; use another name");
                else capturePaths.put(e.getKey(), at);
                capture(at, e.getValue());
            }
        }
        var used = new HashSet<String>();
        boolean everyStepToleratesAnyStatus = true;
        for (int i = 0; i < steps.size(); i++) {
            DocumentPath s = p.index(i);
            ObjectNode step = rawSteps.get(i);
            request(s.key("request"), step.get("request"));
            expect(s.key("expect"), step.get("expect"));
            var before = new HashMap<String, Integer>();
            for (var e : allCaptures.entrySet()) if (e.getValue() < i) before.put(e.getKey(), e.getValue());
            new TemplateScope(secrets, new TemplateScope.FlowScope(before, allCaptures, used, rawSteps), i, this::error).check(s, step);
            lintExpectation(s, step, "step");
            JsonNode status = step.path("expect").get("status"); // absent: the default 2xx
            if (everyStepToleratesAnyStatus && (status == null || !toleratesAnyStatus(status))) everyStepToleratesAnyStatus = false;
        }
        capturePaths.forEach((name, at) -> {
            if (!used.contains(name)) warn(at, "is captured but no later step uses ${" + name + "}; use it or remove the capture");
        });
        if (everyStepToleratesAnyStatus) {
            warn(flow, "every step accepts any status, so this flow cannot fail on a status; give its steps an expect.status");
        }
    }

    private void capture(DocumentPath at, JsonNode source) {
        if (source.get("json") != null) jsonPath(at.key("json"), source.get("json").textValue());
        regex(at.key("regex"), source.get("regex"));
    }

    // ------------------------------------------------------------ performance

    private void performance(DocumentPath p, ObjectNode perf, boolean urlTarget) {
        forEachItem(perf.get("scenarios"), p.key("scenarios"), "scenario", (s, scenario) -> {
            JsonNode requests = scenario.get("requests");
            for (int i = 0; i < requests.size(); i++) request(s.key("requests").index(i).key("request"), requests.get(i).get("request"));
            ObjectNode load = (ObjectNode) scenario.get("load");
            DocumentPath l = s.key("load");
            JsonNode rate = load.get("rate");
            Double perSecond = rate == null ? null : rate.isNumber() ? rate.doubleValue() : Units.perSecond(rate.textValue());
            if (perSecond != null && (perSecond <= 0 || perSecond > 10_000)) {
                error(l.key("rate"), "must be requests per second greater than 0 and at most 10000, like 50/s, got " + SchemaCheck.describe(rate));
            }
            duration(l.key("duration"), load.get("duration"), SECOND, TEN_MINUTES);
            Duration rampUp = duration(l.key("rampUp"), load.get("rampUp"), Duration.ZERO, TEN_MINUTES);
            if (rampUp != null && rampUp.toMillis() % 1000 != 0) {
                error(l.key("rampUp"), "must be whole seconds (Gatling ramps in steps of a second), like 5s, got " + SchemaCheck.describe(load.get("rampUp")));
            }
            duration(s.key("warmUp"), scenario.get("warmUp"), Duration.ZERO, TEN_MINUTES);
            JsonNode thresholds = scenario.path("thresholds");
            for (String f : List.of("p50", "p95", "p99", "max", "mean")) duration(s.key("thresholds").key(f), thresholds.get(f), MS, TEN_MINUTES);
        });
        JsonNode image = perf.path("baseline").get("image");
        if (image != null) {
            DocumentPath at = p.key("baseline").key("image");
            if (urlTarget) {
                error(at, "needs an image target: side-by-side mode starts both images next to each other");
            }
        }
    }

    // --------------------------------------------------------------- lint

    /** Lint: a check or step that cannot catch a wrong answer. */
    private void lintExpectation(DocumentPath at, ObjectNode obj, String kind) {
        JsonNode expect = obj.get("expect");
        if (expect == null) {
            warn(at, "this " + kind + " has no expect: only the default 2xx status is checked; add expect (status, json, body or schema)");
        } else if (expect.size() == 1 && expect.has("status") && toleratesAnyStatus(expect.get("status"))) {
            warn(at.key("expect"), "accepts any status and asserts nothing else: this " + kind + " cannot fail");
        }
    }

    private static boolean toleratesAnyStatus(JsonNode status) {
        StatusMatcher m = SpecBinding.status(status);
        for (int s = 100; s <= 599; s++) if (!m.matches(s)) return false;
        return true;
    }

    // ------------------------------------------------------------- primitives

    /** A duration within [min, max] (already a well-formed duration, or 0 where the schema allows none); null if absent or out of range. */
    // ---------------------------------------------------------------- browser

    private void browser(DocumentPath p, ObjectNode b) {
        JsonNode ignore = b.get("ignore");
        if (ignore != null) for (int i = 0; i < ignore.size(); i++) regex(p.key("ignore").index(i), ignore.get(i));
        JsonNode flows = b.get("flows");
        if (flows != null) {
            var names = new HashSet<String>();
            for (int i = 0; i < flows.size(); i++) {
                String name = flows.get(i).path("name").asText();
                if (!names.add(name)) error(p.key("flows").index(i).key("name"), "browser flow " + name + " is already declared above");
                browserSteps(p.key("flows").index(i).key("steps"), flows.get(i).get("steps"));
            }
        }
        JsonNode t = b.get("thresholds");
        if (t != null) {
            for (String timing : List.of("lcp", "load", "domContentLoaded")) duration(p.key("thresholds").key(timing), t.get(timing), MS, TEN_MINUTES);
        }
    }

    /** The templates of a browser flow's steps, like an HTTP flow's: declared secrets, earlier captures. */
    private void browserSteps(DocumentPath p, JsonNode steps) {
        if (!(steps instanceof ArrayNode list)) return;
        var allCaptures = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("capture") instanceof ObjectNode c) {
                final int at = i;
                c.fieldNames().forEachRemaining(n -> allCaptures.putIfAbsent(n, at));
            }
        }
        var before = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof ObjectNode step)) continue;
            var scope = new TemplateScope.FlowScope(Map.copyOf(before), allCaptures, new HashSet<>(), List.of());
            new TemplateScope(secrets, scope, i, this::error).checkBrowserStep(p.index(i), step);
            if (step.get("capture") instanceof ObjectNode c) {
                final int at = i;
                c.fieldNames().forEachRemaining(n -> before.putIfAbsent(n, at));
            }
        }
    }

    private Duration duration(DocumentPath p, JsonNode v, Duration min, Duration max) {
        if (v == null) return null;
        Duration d = v.isNumber() ? Duration.ZERO : Units.duration(v.textValue());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            error(p, "must be between " + Units.format(min) + " and " + Units.format(max) + ", got " + SchemaCheck.describe(v));
            return null;
        }
        return d;
    }

    private void regex(DocumentPath p, JsonNode v) {
        if (v == null) return;
        try {
            Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            String at = e.getIndex() >= 0 ? " at position " + e.getIndex() : "";
            error(p, "is not a valid regular expression: " + e.getDescription() + at + ", in " + SchemaCheck.describe(v));
        } catch (RuntimeException | StackOverflowError e) {
            error(p, "is not a valid regular expression: " + SchemaCheck.describe(v));
        }
    }

    private void jsonPath(DocumentPath p, String path) {
        try {
            JsonPath.compile(path);
            if (!balanced(path)) error(p, "is not a valid JSONPath: unbalanced brackets, parentheses or quotes");
        } catch (RuntimeException e) {
            error(p, "is not a valid JSONPath: " + (e.getMessage() == null ? "syntax error" : e.getMessage().strip()));
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

    /** Numbers and booleans where text is expected become their text as written ("1.10" stays "1.10"). */
    private void asText(DocumentPath p, JsonNode container) {
        if (container == null) return;
        if (container instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                if (!e.getValue().isTextual()) e.setValue(text(p.key(e.getKey()), e.getValue()));
            });
        } else if (container instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) if (!a.get(i).isTextual()) a.set(i, text(p.index(i), a.get(i)));
        }
    }

    private TextNode text(DocumentPath p, JsonNode v) {
        String written = raw.get(p.pointer());
        return TextNode.valueOf(written != null ? written : v.asText());
    }

    private interface ItemCheck {
        void check(DocumentPath p, ObjectNode item);
    }

    /** Each item of a list of named things; a repeated name is an error at the second one. */
    private void forEachItem(JsonNode list, DocumentPath p, String kind, ItemCheck check) {
        if (list == null) return;
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < list.size(); i++) {
            ObjectNode item = (ObjectNode) list.get(i);
            String name = item.get("name").textValue();
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                error(p.index(i).key("name"), "duplicate " + kind + " name \"" + name + "\"; " + p.toString().replaceAll(".*\\.", "") + "[" + first + "] already has it");
            }
            check.check(p.index(i), item);
        }
    }

    private static List<String> texts(JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(v -> out.add(v.textValue()));
        return out;
    }

    private static String excerpt(String s) {
        if (s == null) return "unreadable";
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }

    private void error(DocumentPath p, String message) {
        errors.add(new DocumentError(p.toString(), message, SchemaCheck.lineOf(p, lines)));
    }

    private void warn(DocumentPath p, String message) {
        lint.add(new DocumentError(p.toString(), message, SchemaCheck.lineOf(p, lines)));
    }
}
