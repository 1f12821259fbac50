package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jackson binds a spec tree the schema and {@link SpecSemantics} have accepted to the records; the records' compact
 * constructors fill in the defaults. The deserializers here are the written forms that are not plain JSON: units
 * ({@link Units}), statuses, regexes, and the shorthand shapes (readiness, JSON assertions, captures, baseline).
 * They trust the tree: nothing here reports an error.
 */
final class SpecBinding {
    private SpecBinding() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("shakedown-spec")
                    .addDeserializer(Duration.class, new DurationText())
                    .addDeserializer(Pattern.class, from(n -> Pattern.compile(n.textValue())))
                    .addDeserializer(StatusMatcher.class, from(SpecBinding::status))
                    .addDeserializer(ReadinessSpec.class, new Readiness())
                    .addDeserializer(AssetsSpec.class, new Assets())
                    .addDeserializer(BrowserSpec.class, new Browser())
                    .addDeserializer(PerformanceSpec.Baseline.class, from(SpecBinding::baseline)))
            .build();

    /** Binds a tree touching every record: Jackson's one-time introspection of them, done ahead (see SpecParser). */
    static void warmUp() {
        try {
            bindEveryRecord();
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the real binding reports for itself (a test keeps the tree bindable)
        }
    }

    static ValidationSpec bindEveryRecord() throws IOException {
        return MAPPER.treeToValue(MAPPER.readTree(EVERY_RECORD), ValidationSpec.class);
    }

    /** A tree touching every record and every form the deserializers read. */
    private static final String EVERY_RECORD = """
            {"app": "a", "target": {"image": "a:1", "port": 1, "env": {"A": "b"}, "command": ["x"], "resources": {"memory": "64m", "cpus": 1, "pids": 64},
             "startupTimeout": "1s", "pull": "never", "waitForServices": true},
             "readiness": [{"http": {"path": "/", "status": [200, "2xx"], "timeout": "1s"}}, {"log": {"pattern": "x", "times": 1}}, {"port": {}}, {"healthcheck": true}],
             "checks": [{"name": "c", "request": {"method": "post", "path": "/", "headers": {"A": "b"}, "query": {"q": "1"}, "json": {"a": 1}, "timeout": "1s"},
               "expect": {"status": 200, "headers": {"A": "b"}, "json": {"$.a": 1, "$.b": {"type": "number", "minSize": 0, "matches": "x"}},
                 "body": {"contains": "x", "matches": "x"}, "maxDuration": "1s", "schema": {"type": "object"}}}],
             "flows": [{"name": "f", "steps": [{"request": {"path": "/"}, "capture": {"t": {"json": "$.t"}}}]}],
             "performance": {"scenarios": [{"name": "s", "requests": [{"request": {"path": "/"}, "weight": 1}], "load": {"rate": "1/s", "duration": "1s", "rampUp": 0},
               "warmUp": "0s", "samples": 1, "thresholds": {"p95": "1s", "errorRate": "1%", "minThroughput": "1/s"}, "regression": {"p95": "+1%", "throughput": "-1%"}}],
               "baseline": {"history": 2}},
             "settings": {"parallelism": 1}, "rules": {"failOn": "warning", "waive": [{"rule": "r", "reason": "x"}]},
             "secrets": ["S"], "assets": {"pages": ["/"]}, "strict": false,
             "browser": {"pages": ["/"], "ignore": ["x"], "thresholds": {"lcp": "1s", "load": "1s", "domContentLoaded": "1s", "cls": 0.1},
               "flows": [{"name": "f", "steps": [{"open": "/"}, {"click": "#a"}, {"fill": {"selector": "#b", "value": "x"}}, {"press": {"selector": "#b", "key": "Enter"}},
                 {"wait": {"text": "x", "timeout": "1s"}}, {"expect": {"selector": "#c", "count": 1, "visible": true, "url": "/x"}}, {"capture": {"n": {"selector": "#c"}}}]}]},
             "services": {"db": {"image": "d:1", "port": 1, "env": {"A": "b"}, "command": ["x"], "resources": {"memory": "64m"}, "readiness": {"port": {}},
               "startupTimeout": "1s", "pull": "never", "entrypoint": ["sh", "-c"], "tmpfs": ["/run"]}},
             "jobs": [{"name": "j", "image": "j:1", "command": ["x"], "env": {"A": "b"}, "resources": {"cpus": 1}, "timeout": "1s"}],
             "contract": {"openapi": "/openapi.json", "parameters": {"id": "1"}, "headers": {"A": "b"}, "ignore": ["x"], "unsafe": false, "negative": false,
               "budget": {"requests": 1, "duration": "1s"}, "severity": {"serverError": "fail", "schema": "warn", "status": "off"}}}
            """;

    /** The records of an accepted spec tree. */
    static ValidationSpec bind(JsonNode root, List<DocumentError> lint) {
        try {
            return MAPPER.treeToValue(root, ValidationSpec.class).withLint(lint);
        } catch (IOException e) {
            // the schema and the records disagree: a bug, reported as such by the parser
            throw new IllegalStateException("spec binding: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ forms

    static StatusMatcher status(JsonNode n) {
        var codes = new ArrayList<Integer>();
        var classes = new ArrayList<Integer>();
        for (JsonNode item : n.isArray() ? n : List.of(n)) {
            String s = item.asText();
            if (s.length() == 3 && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) classes.add(s.charAt(0) - '0');
            else codes.add(Integer.parseInt(s));
        }
        return new StatusMatcher(codes.stream().distinct().toList(), classes.stream().distinct().toList());
    }

    private static PerformanceSpec.Baseline baseline(JsonNode n) {
        if (n.has("image")) return new PerformanceSpec.Image(n.get("image").textValue());
        return new PerformanceSpec.History(n.has("history") ? n.get("history").intValue() : PerformanceSpec.DEFAULT_HISTORY_RUNS);
    }

    /** 300ms, 2m; 0 (a bare zero) where a duration may be none. */
    static final class DurationText extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            return n.isNumber() ? Duration.ZERO : Units.duration(n.textValue());
        }
    }

    /** 512m, 1g, 256Mi, or a number of bytes. */
    static final class Bytes extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            return n.isNumber() ? n.longValue() : Units.bytes(n.textValue());
        }
    }

    /** 50/s, or a bare number of requests per second. */
    static final class PerSecond extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            return n.isNumber() ? n.doubleValue() : Units.perSecond(n.textValue());
        }
    }

    /** 1%, +20%, -15%: the amount, without its sign (the field says which way it goes). */
    static final class Percent extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Units.percent(p.getValueAsString()).value();
        }
    }

    /** A mapping of strategies, or a list of one-strategy mappings. */
    static final class Readiness extends JsonDeserializer<ReadinessSpec> {
        @Override
        public ReadinessSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            var out = new ArrayList<ReadinessSpec.Strategy>();
            for (JsonNode item : n.isArray() ? n : List.of(n)) {
                for (Map.Entry<String, JsonNode> e : item.properties()) {
                    out.add(switch (e.getKey()) {
                        case "http" -> ctxt.readTreeAsValue(e.getValue(), ReadinessSpec.Http.class);
                        case "log" -> ctxt.readTreeAsValue(e.getValue(), ReadinessSpec.Log.class);
                        case "healthcheck" -> e.getValue().hasNonNull("test")
                                ? new ReadinessSpec.Healthcheck(ReadinessSpec.Healthcheck.test(e.getValue().get("test")),
                                        e.getValue().hasNonNull("interval") ? Units.duration(e.getValue().get("interval").asText()) : null)
                                : new ReadinessSpec.Healthcheck();
                        default -> new ReadinessSpec.Port();
                    });
                }
            }
            return new ReadinessSpec(List.copyOf(out));
        }
    }

    /** {@code $.path: value} (shorthand for equals) or {@code $.path: { minSize: 1, ... }}. */
    static final class JsonAssertions extends JsonDeserializer<List<CheckSpec.JsonAssertion>> {
        @Override
        public List<CheckSpec.JsonAssertion> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            var out = new ArrayList<CheckSpec.JsonAssertion>();
            for (Map.Entry<String, JsonNode> e : p.<JsonNode>readValueAsTree().properties()) {
                JsonNode v = e.getValue();
                if (v.isValueNode()) {
                    out.add(new CheckSpec.JsonAssertion(e.getKey(), v, null, null, null, null, null));
                } else {
                    var a = ctxt.readTreeAsValue(v, CheckSpec.JsonAssertion.class);
                    out.add(new CheckSpec.JsonAssertion(e.getKey(), a.equals(), a.type(), a.exists(), a.minSize(), a.maxSize(), a.matches()));
                }
            }
            return List.copyOf(out);
        }
    }

    /** {@code name: { json | header | regex | cookie: expression }}, in the order written. */
    static final class Captures extends JsonDeserializer<List<FlowSpec.Capture>> {
        @Override
        public List<FlowSpec.Capture> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            var out = new ArrayList<FlowSpec.Capture>();
            for (Map.Entry<String, JsonNode> e : p.<JsonNode>readValueAsTree().properties()) {
                Map.Entry<String, JsonNode> source = e.getValue().properties().stream()
                        .filter(field -> !field.getKey().equals("redact")).findFirst().orElseThrow();
                JsonNode redact = e.getValue().get("redact");
                out.add(new FlowSpec.Capture(e.getKey(), FlowSpec.Source.valueOf(source.getKey().toUpperCase(Locale.ROOT)),
                        source.getValue().textValue(), redact == null ? null : redact.booleanValue()));
            }
            return List.copyOf(out);
        }
    }

    /** false: no asset checks at all; true: the default (null); a mapping: pages and routes. */
    static final class Assets extends JsonDeserializer<AssetsSpec> {
        @Override
        public AssetsSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n.isBoolean()) return n.booleanValue() ? null : AssetsSpec.OFF;
            return new AssetsSpec(paths(n.get("pages")), paths(n.get("spaRoutes")), n.path("shell").asText(AssetsSpec.DEFAULT_SHELL));
        }

        private static List<String> paths(JsonNode list) {
            var out = new ArrayList<String>();
            if (list != null) list.forEach(v -> out.add(v.textValue()));
            return List.copyOf(out);
        }
    }

    /** false: no browser; true: the default (null); a mapping: pages, waivers, thresholds. */
    static final class Browser extends JsonDeserializer<BrowserSpec> {
        @Override
        public BrowserSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n.isBoolean()) return n.booleanValue() ? null : BrowserSpec.OFF;
            var ignore = new ArrayList<Pattern>();
            n.path("ignore").forEach(v -> ignore.add(Pattern.compile(v.textValue())));
            JsonNode t = n.path("thresholds");
            var thresholds = new BrowserSpec.Thresholds(duration(t.get("lcp")), duration(t.get("load")), duration(t.get("domContentLoaded")),
                    t.hasNonNull("cls") ? t.get("cls").doubleValue() : null);
            var flows = new ArrayList<BrowserSpec.Flow>();
            for (JsonNode f : n.path("flows")) {
                var steps = new ArrayList<BrowserSpec.Step>();
                for (JsonNode st : f.path("steps")) steps.add(step(st));
                flows.add(new BrowserSpec.Flow(f.path("name").textValue(), List.copyOf(steps)));
            }
            return new BrowserSpec(true, Assets.paths(n.get("pages")), ignore, thresholds, flows);
        }

        /** {@code open: /x}, {@code click: "#b"}, or {@code action: { selector: ..., ... }} (one action per step). */
        private static BrowserSpec.Step step(JsonNode st) {
            String action = st.fieldNames().next();
            JsonNode a = st.get(action);
            if (a.isTextual()) {
                return action.equals("open") ? new BrowserSpec.Step(action, null, a.textValue(), null, null, null, null, null, null, null)
                        : new BrowserSpec.Step(action, a.textValue(), null, null, null, null, null, null, null, null);
            }
            if (action.equals("capture")) {
                String name = a.fieldNames().next();
                return new BrowserSpec.Step(action, a.get(name).path("selector").textValue(), null, null, null, null, null, null, name, null);
            }
            return new BrowserSpec.Step(action, a.path("selector").textValue(), a.has("value") ? a.get("value").asText() : null,
                    a.path("key").textValue(), a.has("text") ? a.get("text").asText() : null,
                    a.hasNonNull("url") ? Pattern.compile(a.get("url").textValue()) : null,
                    a.has("visible") ? a.get("visible").booleanValue() : null, a.has("count") ? a.get("count").intValue() : null, null,
                    a.hasNonNull("timeout") ? Units.duration(a.get("timeout").textValue()) : null);
        }

        private static Duration duration(JsonNode n) {
            return n == null ? null : Units.duration(n.textValue());
        }
    }

    private interface NodeReader<T> {
        T read(JsonNode n) throws JsonMappingException;
    }

    private static <T> JsonDeserializer<T> from(NodeReader<T> reader) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return reader.read(p.readValueAsTree());
            }
        };
    }
}
