package io.shakedown.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.shakedown.spec.DidYouMean;
import io.shakedown.spec.SpecError;
import io.shakedown.spec.SpecException;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.SpecReader;
import io.shakedown.spec.Units;
import io.shakedown.spec.ValidationSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads monitors.yaml (a {@code monitors:} list) or one monitor (the API's body) with the spec reader
 * ({@link SpecReader}: YAML or JSON, every value's line), checks every field and reports all problems at once,
 * each with its path ({@code monitors[1].every}) and line, with a did-you-mean for misspelt fields. The spec
 * inside each monitor is read by {@link SpecParser}; its errors point at their lines in this file.
 * The structure is published as a JSON Schema (docs/monitors.schema.json), checked too.
 */
public final class MonitorReader {

    public static final String SCHEMA_RESOURCE = "/monitor/monitors.schema.json";
    static final List<String> FILE_FIELDS = List.of("monitors");
    static final List<String> MONITOR_FIELDS = List.of("name", "spec", "every", "cron", "timezone", "failureThreshold",
            "successThreshold", "degradedAfter", "degradedOnWarnings", "alerts", "maintenance", "public", "paused");
    static final List<String> ALERT_FIELDS = List.of("channels", "remindEvery");
    static final List<String> CHANNEL_FIELDS = List.of("name", "type", "url", "secret", "secretEnv", "to");
    static final List<String> CHANNEL_TYPES = List.of("webhook", "slack", "email");
    static final List<String> WINDOW_FIELDS = List.of("from", "to", "cron", "duration", "timezone");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern PATH_SEGMENT = Pattern.compile("\\[(\\d+)]|\\[\"((?:[^\"\\\\]|\\\\.)*)\"]|\\.?([^.\\[]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DURATION_EXPECTED = "a duration such as 500ms, 30s, 5m, 1h or 7d";

    private final Duration minInterval;
    private final SpecParser specParser = new SpecParser();
    /** Where {@code secretEnv: NAME} values come from (the CLI: its environment; the service: the values the CLI sent). */
    private final Function<String, String> secretValues;

    private List<SpecError> errors;
    private Map<String, Integer> lines;

    public MonitorReader(Duration minInterval, Function<String, String> secretValues) {
        this.minInterval = minInterval;
        this.secretValues = secretValues;
    }

    /** A monitors file: {@code monitors: [...]}. */
    public List<MonitorDefinition> readFile(String text) throws SpecException {
        JsonNode root = begin(text);
        List<MonitorDefinition> out = new ArrayList<>();
        if (root != null) {
            if (!root.isObject()) {
                error("", "a monitors file is a mapping with a monitors: list");
            } else {
                unknownFields(root, "", FILE_FIELDS);
                JsonNode list = root.get("monitors");
                if (list == null) error("monitors", "is required: the list of monitors");
                else if (!list.isArray()) error("monitors", "must be a list of monitors");
                else {
                    Map<String, String> names = new HashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        String p = "monitors[" + i + "]";
                        MonitorDefinition d = monitor(list.get(i), p);
                        if (d != null && d.name() != null) {
                            String first = names.putIfAbsent(d.name(), p);
                            if (first != null) error(p + ".name", "duplicate monitor name \"" + d.name() + "\" (first at " + first + ")");
                        }
                        out.add(d);
                    }
                }
                schema(root, "");
            }
        }
        finish();
        return out;
    }

    /** One monitor (the API's POST/PUT body). */
    public MonitorDefinition readOne(String text) throws SpecException {
        JsonNode root = begin(text);
        MonitorDefinition d = null;
        if (root != null) {
            d = monitor(root, "");
            if (root.isObject()) {
                ObjectNode wrapped = JSON.createObjectNode();
                wrapped.putArray("monitors").add(root);
                schema(wrapped, "/monitors/0");
            }
        }
        finish();
        return d;
    }

    private JsonNode begin(String text) {
        errors = new ArrayList<>();
        SpecReader.Document doc = SpecReader.read(text);
        lines = doc.lines();
        errors.addAll(doc.errors());
        return doc.root();
    }

    private void finish() throws SpecException {
        if (!errors.isEmpty()) {
            var sorted = new ArrayList<>(errors.stream().distinct().toList());
            sorted.sort(Comparator.comparing(SpecError::line, Comparator.nullsFirst(Comparator.naturalOrder())));
            throw new SpecException(sorted);
        }
    }

    private MonitorDefinition monitor(JsonNode m, String p) {
        int before = errors.size();
        if (m == null || !m.isObject()) {
            error(p, "a monitor is a mapping with at least name, spec and every (or cron)");
            return null;
        }
        unknownFields(m, p, MONITOR_FIELDS);
        String name = text(m, p, "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            error(at(p, "name"), "letters, digits, '.', '_' and '-' only (at most 100, starting with a letter or digit), got \"" + name + "\"");
        }
        ObjectNode spec = null;
        JsonNode specNode = m.get("spec");
        if (specNode == null) error(at(p, "spec"), "is required: the Shakedown spec this monitor runs (docs/spec.md)");
        else if (!specNode.isObject()) error(at(p, "spec"), "must be a mapping: a Shakedown spec (docs/spec.md)");
        else {
            spec = (ObjectNode) specNode;
            spec(spec, at(p, "spec"));
        }

        Duration every = null;
        String cron = text(m, p, "cron", false);
        String timezone = text(m, p, "timezone", false);
        if (m.has("every")) {
            every = duration(m, p, "every");
            if (every != null && every.compareTo(minInterval) < 0) {
                error(at(p, "every"), "must be at least " + Units.format(minInterval)
                        + " (shakedown.monitors.min-interval), got " + Units.format(every));
            }
            if (m.has("cron")) error(at(p, "cron"), "give every or cron, not both");
        } else if (cron == null && !m.has("cron") && !misspelt(m, List.of("every", "cron"))) {
            error(at(p, "every"), "is required: how often the monitor runs (every: 5m), or cron: \"*/10 * * * *\" with a timezone");
        }
        ZoneId zone = timezone == null ? null : zone(timezone, at(p, "timezone"));
        if (timezone != null && m.has("every") && !m.has("cron")) error(at(p, "timezone"), "only applies to cron; every: counts from the epoch");
        if (cron != null) {
            try {
                var c = Schedule.parseCron(cron);
                var gap = Schedule.cronGap(com.cronutils.model.time.ExecutionTime.forCron(c), zone == null ? java.time.ZoneOffset.UTC : zone);
                if (gap.isPresent() && gap.get().compareTo(minInterval) < 0) {
                    error(at(p, "cron"), "fires every " + Units.format(gap.get()) + "; at least "
                            + Units.format(minInterval) + " (shakedown.monitors.min-interval)");
                }
            } catch (IllegalArgumentException e) {
                error(at(p, "cron"), "not a valid five-field cron expression (minute hour day-of-month month day-of-week): "
                        + e.getMessage() + "; got \"" + cron + "\"");
            }
        }
        int failureThreshold = count(m, p, "failureThreshold", MonitorDefinition.DEFAULT_FAILURE_THRESHOLD);
        int successThreshold = count(m, p, "successThreshold", MonitorDefinition.DEFAULT_SUCCESS_THRESHOLD);
        Duration degradedAfter = m.has("degradedAfter") ? duration(m, p, "degradedAfter") : null;
        boolean degradedOnWarnings = bool(m, p, "degradedOnWarnings");
        boolean isPublic = bool(m, p, "public");
        boolean paused = bool(m, p, "paused");

        Duration remind = null;
        List<MonitorDefinition.Channel> channels = new ArrayList<>();
        JsonNode alerts = m.get("alerts");
        if (alerts != null) {
            String ap = at(p, "alerts");
            if (!alerts.isObject()) error(ap, "must be a mapping with channels (and remindEvery)");
            else {
                unknownFields(alerts, ap, ALERT_FIELDS);
                if (alerts.has("remindEvery")) remind = duration(alerts, ap, "remindEvery");
                JsonNode list = alerts.get("channels");
                if (list != null && !list.isArray()) error(at(ap, "channels"), "must be a list of channels");
                else if (list != null) {
                    for (int i = 0; i < list.size(); i++) channels.add(channel(list.get(i), at(ap, "channels") + "[" + i + "]"));
                }
            }
        }
        List<MonitorDefinition.Maintenance> windows = new ArrayList<>();
        JsonNode maintenance = m.get("maintenance");
        if (maintenance != null) {
            if (!maintenance.isArray()) error(at(p, "maintenance"), "must be a list of windows ({from, to} or {cron, duration, timezone})");
            else for (int i = 0; i < maintenance.size(); i++) windows.add(window(maintenance.get(i), at(p, "maintenance") + "[" + i + "]"));
        }
        if (errors.size() > before) return new MonitorDefinition(name, spec, null, null, null, 0, 0, null, false, null, List.of(), List.of(), false, false);
        return new MonitorDefinition(name, spec, every, cron, cron == null ? null : timezone, failureThreshold, successThreshold,
                degradedAfter, degradedOnWarnings, remind, List.copyOf(channels), List.copyOf(windows), isPublic, paused);
    }

    /** The spec inside a monitor, read by the spec reader; its errors are re-pointed into this file. */
    private void spec(ObjectNode spec, String p) {
        try {
            ValidationSpec parsed = specParser.parse(JSON.writeValueAsString(spec));
            if (!parsed.secrets().isEmpty()) {
                error(at(p, "secrets"), "monitors cannot use spec secrets yet (their values would have to be stored); "
                        + "use a spec without secrets: (" + String.join(", ", parsed.secrets()) + ")");
            }
        } catch (SpecException e) {
            for (SpecError inner : e.errors()) {
                String path = inner.path() == null || inner.path().isEmpty() ? p : p + (inner.path().startsWith("[") ? "" : ".") + inner.path();
                String message = inner.message().replaceAll(" at line \\d+, column \\d+", "");
                errors.add(new SpecError(path, message, lineOf(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MonitorDefinition.Channel channel(JsonNode c, String p) {
        if (c == null || !c.isObject()) {
            error(p, "a channel is a mapping: {type: webhook|slack|email, ...}");
            return null;
        }
        unknownFields(c, p, CHANNEL_FIELDS);
        String type = text(c, p, "type", true);
        String name = text(c, p, "name", false);
        String url = text(c, p, "url", false);
        String secret = text(c, p, "secret", false);
        String secretEnv = text(c, p, "secretEnv", false);
        List<String> to = new ArrayList<>();
        if (type != null && !CHANNEL_TYPES.contains(type)) {
            error(at(p, "type"), "must be one of " + CHANNEL_TYPES + ", got \"" + type + "\"" + DidYouMean.suggestion(type, CHANNEL_TYPES, ""));
        }
        if ("webhook".equals(type) || "slack".equals(type)) {
            if (url == null && !c.has("url")) error(at(p, "url"), "is required for a " + type + " channel");
            else if (url != null) httpUrl(url, at(p, "url"));
        }
        if ("email".equals(type)) {
            JsonNode t = c.get("to");
            if (t == null) error(at(p, "to"), "is required for an email channel: an address or a list of addresses");
            else if (t.isTextual()) to.add(t.textValue());
            else if (t.isArray()) t.forEach(v -> to.add(v.isTextual() ? v.textValue() : ""));
            else error(at(p, "to"), "must be an address or a list of addresses");
            for (int i = 0; i < to.size(); i++) {
                if (!to.get(i).matches("[^@\\s]+@[^@\\s]+")) {
                    error(t.isArray() ? at(p, "to") + "[" + i + "]" : at(p, "to"), "not an e-mail address: \"" + to.get(i) + "\"");
                }
            }
        }
        if (secret != null && secretEnv != null) error(at(p, "secretEnv"), "give secret or secretEnv, not both");
        if (secretEnv != null) {
            secret = secretValues.apply(secretEnv);
            if (secret == null || secret.isEmpty()) {
                error(at(p, "secretEnv"), "environment variable " + secretEnv + " is not set (it holds this channel's signing secret)");
            }
        }
        if (secret != null && !"webhook".equals(type)) error(at(p, secretEnv != null ? "secretEnv" : "secret"), "only a webhook channel signs its requests");
        return new MonitorDefinition.Channel(name, type, url, secret, to.isEmpty() ? null : List.copyOf(to));
    }

    private MonitorDefinition.Maintenance window(JsonNode w, String p) {
        if (w == null || !w.isObject()) {
            error(p, "a window is {from, to} (ISO-8601 instants) or {cron, duration, timezone}");
            return null;
        }
        unknownFields(w, p, WINDOW_FIELDS);
        if (w.has("from") || w.has("to")) {
            Instant from = instant(w, p, "from");
            Instant to = instant(w, p, "to");
            if (from != null && to != null && !to.isAfter(from)) error(at(p, "to"), "must be after from");
            if (w.has("cron")) error(at(p, "cron"), "a window is either from/to or cron/duration");
            return new MonitorDefinition.Maintenance(from, to, null, null, null);
        }
        String cron = text(w, p, "cron", true);
        if (cron != null) {
            try {
                Schedule.parseCron(cron);
            } catch (IllegalArgumentException e) {
                error(at(p, "cron"), "not a valid five-field cron expression: " + e.getMessage());
            }
        }
        Duration duration = w.has("duration") ? duration(w, p, "duration") : null;
        if (!w.has("duration")) error(at(p, "duration"), "is required for a recurring window (how long each lasts)");
        String tz = text(w, p, "timezone", false);
        if (tz != null) zone(tz, at(p, "timezone"));
        return new MonitorDefinition.Maintenance(null, null, cron, duration, tz);
    }

    // ------------------------------------------------------------------ field helpers

    private void httpUrl(String url, String p) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                error(p, "must be an http(s) URL, got \"" + url + "\"");
            }
        } catch (java.net.URISyntaxException e) {
            error(p, "not a URL: \"" + url + "\"");
        }
    }

    private ZoneId zone(String id, String p) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            error(p, "unknown timezone \"" + id + "\"" + DidYouMean.suggestion(id, List.copyOf(ZoneId.getAvailableZoneIds()),
                    "; use an IANA name such as Europe/Berlin or UTC"));
            return null;
        }
    }

    private String text(JsonNode obj, String p, String field, boolean required) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            if (required) error(at(p, field), "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            error(at(p, field), "must be a non-empty text");
            return null;
        }
        return v.textValue().trim();
    }

    private Duration duration(JsonNode obj, String p, String field) {
        JsonNode v = obj.get(field);
        Duration d = v != null && v.isTextual() ? Units.wholeDuration(v.textValue()) : null;
        if (d == null || d.isZero()) {
            error(at(p, field), "must be " + DURATION_EXPECTED + ", got " + (v == null ? "nothing" : v.toString()));
            return null;
        }
        return d;
    }

    private Instant instant(JsonNode obj, String p, String field) {
        JsonNode v = obj.get(field);
        if (v == null) {
            error(at(p, field), "is required");
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            error(at(p, field), "must be an ISO-8601 time with an offset, e.g. 2026-12-01T22:00:00Z, got " + v);
            return null;
        }
    }

    private int count(JsonNode obj, String p, String field, int dflt) {
        JsonNode v = obj.get(field);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 100) {
            error(at(p, field), "must be a whole number from 1 to 100, got " + v);
            return dflt;
        }
        return v.asInt();
    }

    private boolean bool(JsonNode obj, String p, String field) {
        JsonNode v = obj.get(field);
        if (v == null) return false;
        if (!v.isBoolean()) {
            error(at(p, field), "must be true or false, got " + v);
            return false;
        }
        return v.booleanValue();
    }

    /** True when an unknown field is a typo of one of {@code fields} (its own error already says so). */
    private static boolean misspelt(JsonNode obj, List<String> fields) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!MONITOR_FIELDS.contains(f) && DidYouMean.suggestion(f, fields, null) != null) return true;
        }
        return false;
    }

    private void unknownFields(JsonNode obj, String p, List<String> known) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                error(at(p, f), "unknown field \"" + f + "\"" + DidYouMean.suggestion(f, known, "; known fields: " + String.join(", ", known)));
            }
        }
    }

    private void schema(JsonNode root, String pointerPrefix) {
        for (ValidationMessage m : schema().validate(root)) {
            String pointer = m.getInstanceLocation().toString();
            // a missing field counts as covered when its mapping already has an error (often the typo of it)
            String near = toPath(pointer.startsWith(pointerPrefix) ? pointer.substring(pointerPrefix.length()) : pointer);
            if (m.getProperty() != null && ("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))) {
                pointer = pointer + "/" + m.getProperty();
            }
            if (pointer.contains("/spec")) continue; // the spec reader's own checks cover the spec
            String path = toPath(pointer.startsWith(pointerPrefix) ? pointer.substring(pointerPrefix.length()) : pointer);
            String coverage = "required".equals(m.getType()) || "oneOf".equals(m.getType()) ? near : path;
            boolean covered = errors.stream().anyMatch(e -> related(e.path(), coverage));
            if (!covered) {
                String message = m.getMessage();
                int colon = message.indexOf(": ");
                errors.add(new SpecError(path, "does not match the monitors schema (" + m.getType() + "): "
                        + (colon >= 0 ? message.substring(colon + 2) : message), lineOf(path)));
            }
        }
    }

    private static boolean related(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) return a.equals(b);
        return a.equals(b) || a.startsWith(b + ".") || a.startsWith(b + "[") || b.startsWith(a + ".") || b.startsWith(a + "[");
    }

    private static String toPath(String pointer) {
        var sb = new StringBuilder();
        for (String seg : pointer.split("/")) {
            if (seg.isEmpty()) continue;
            if (seg.matches("\\d+")) sb.append('[').append(seg).append(']');
            else sb.append(sb.isEmpty() ? "" : ".").append(seg.replace("~1", "/").replace("~0", "~"));
        }
        return sb.toString();
    }

    private static volatile JsonSchema compiled;

    static JsonSchema schema() {
        if (compiled == null) {
            synchronized (MonitorReader.class) {
                if (compiled == null) {
                    var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
                    compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJsonNode(), config);
                }
            }
        }
        return compiled;
    }

    /** The schema document (docs/monitors.schema.json is a copy). */
    public static String schemaJson() {
        try (InputStream in = MonitorReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode schemaJsonNode() {
        try {
            return JSON.readTree(schemaJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ paths and lines

    private static String at(String p, String field) {
        return p.isEmpty() ? field : p + "." + field;
    }

    private void error(String path, String message) {
        errors.add(new SpecError(path, message, lineOf(path)));
    }

    /** The line of a path, or of its nearest ancestor that has one. */
    private Integer lineOf(String path) {
        String pointer = pointer(path);
        while (true) {
            Integer l = lines.get(pointer);
            if (l != null || pointer.isEmpty()) return l;
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }

    /** {@code monitors[1].spec.checks[0]["a.b"]} → {@code /monitors/1/spec/checks/0/a.b}. */
    static String pointer(String path) {
        var sb = new StringBuilder();
        Matcher m = PATH_SEGMENT.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) sb.append('/').append(m.group(1));
            else if (m.group(2) != null) sb.append('/').append(escape(m.group(2).replace("\\\"", "\"").replace("\\\\", "\\")));
            else if (m.group(3) != null && !m.group(3).isEmpty()) sb.append('/').append(escape(m.group(3)));
        }
        return sb.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Names seen in a file, for --prune's diff. */
    static Set<String> names(List<MonitorDefinition> ds) {
        Set<String> s = new HashSet<>();
        ds.forEach(d -> s.add(d.name()));
        return s;
    }
}
