package io.shakedown.monitor;

import static io.shakedown.monitor.MonitorFileProblems.at;

import com.cronutils.model.time.ExecutionTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DidYouMean;
import io.shakedown.document.SchemaCheck;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecParser;
import io.shakedown.document.DocumentReader;
import io.shakedown.spec.Units;
import io.shakedown.spec.ValidationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads monitors.yaml (a {@code monitors:} list) or one monitor (the API's body) and reports every problem at once,
 * each with its path ({@code monitors[1].every}) and line. The structure (types, required fields, unknown fields
 * with a did-you-mean, patterns, ranges, which fields go together) is the JSON Schema's alone
 * (docs/monitors.schema.json, checked by {@link SchemaCheck}); this class binds the checked tree to
 * {@link MonitorDefinition}s and checks only what a schema cannot say: the spec inside each monitor (read by
 * {@link SpecParser}, its errors pointing at their lines in this file), cron expressions, time zones, the minimum
 * interval, unique names, a window's end after its start, that {@code secretEnv} variables are set, and that the
 * service has the secrets a monitor's spec names (their values stay with the service: {@code secret.ServiceSecrets}).
 */
public final class MonitorReader {

    public static final String SCHEMA_RESOURCE = "/monitor/monitors.schema.json";
    private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath(SCHEMA_RESOURCE);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A missing every may be meant as cron: a misspelt cron explains it too. */
    private final Duration minInterval;
    private final SpecParser specParser = new SpecParser();
    /** Where {@code secretEnv: NAME} values come from (the CLI: its environment; the service: the values the CLI sent). */
    private final Function<String, String> secretValues;
    /**
     * For a secret a monitor's spec names: null when the service has it, else where the service looked for it (in
     * words). The CLI, which cannot know, answers null for every name and leaves the check to the service.
     */
    private final Function<String, String> missingServiceSecret;

    public MonitorReader(Duration minInterval, Function<String, String> secretValues, Function<String, String> missingServiceSecret) {
        this.minInterval = minInterval;
        this.secretValues = secretValues;
        this.missingServiceSecret = missingServiceSecret;
    }

    /** The schema document (docs/monitors.schema.json is a copy). */
    public static String schemaJson() {
        return SCHEMA.json();
    }

    /** A monitors file: {@code monitors: [...]}. */
    public List<MonitorDefinition> readFile(String text) throws DocumentException {
        DocumentReader.Document doc = DocumentReader.read(text);
        MonitorFileProblems problems = new MonitorFileProblems(doc.lines());
        problems.addAll(doc.errors());
        List<MonitorDefinition> out = new ArrayList<>();
        JsonNode root = doc.root();
        if (root != null) {
            problems.addAll(SCHEMA.check(root, doc.lines()));
            JsonNode list = root.path("monitors");
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < list.size() && list.isArray(); i++) {
                String p = "monitors[" + i + "]";
                MonitorDefinition d = monitor(list.get(i), p, problems);
                if (d.name() != null) {
                    String first = names.putIfAbsent(d.name(), p);
                    if (first != null) problems.add(p + ".name", "duplicate monitor name \"" + d.name() + "\" (first at " + first + ")");
                }
                out.add(d);
            }
        }
        problems.throwIfAny();
        return out;
    }

    /** One monitor (the API's POST/PUT body). */
    public MonitorDefinition readOne(String text) throws DocumentException {
        DocumentReader.Document doc = DocumentReader.read(text);
        MonitorFileProblems problems = new MonitorFileProblems(doc.lines());
        problems.addAll(doc.errors());
        MonitorDefinition d = null;
        JsonNode root = doc.root();
        if (root != null) {
            // the schema describes a file: check the body as its only monitor, then drop "monitors[0]" from the paths
            ObjectNode file = JSON.createObjectNode();
            file.putArray("monitors").add(root);
            Map<String, Integer> lines = new HashMap<>();
            doc.lines().forEach((pointer, line) -> lines.put("/monitors/0" + pointer, line));
            List<DocumentError> structural = new ArrayList<>();
            for (DocumentError e : SCHEMA.check(file, lines)) {
                String path = e.path().replaceFirst("^monitors\\[0]\\.?", "");
                structural.add(new DocumentError(path, e.message(), e.line()));
            }
            problems.addAll(structural);
            d = monitor(root, "", problems);
        }
        problems.throwIfAny();
        return d;
    }

    /** Binds one monitor, checking what the schema cannot; the schema's errors are already in {@code problems}. */
    private MonitorDefinition monitor(JsonNode m, String p, MonitorFileProblems problems) {
        String name = text(m, "name");
        ObjectNode spec = m.get("spec") instanceof ObjectNode s ? s : null;
        if (spec != null) spec(spec, at(p, "spec"), problems);
        Duration every = duration(m, "every");
        if (every != null && every.compareTo(minInterval) < 0) {
            problems.add(at(p, "every"), "must be at least " + Units.format(minInterval)
                    + " (shakedown.monitors.min-interval), got " + Units.format(every));
        }
        String timezone = text(m, "timezone");
        ZoneId zone = timezone == null ? null : zone(timezone, at(p, "timezone"), problems);
        String cron = text(m, "cron");
        if (cron != null) {
            try {
                var execution = ExecutionTime.forCron(Schedule.parseCron(cron));
                ZoneId in = zone == null ? ZoneOffset.UTC : zone;
                var gap = Schedule.firesAgain(execution, in) ? Schedule.cronGap(execution, in) : null;
                if (gap == null) {
                    problems.add(at(p, "cron"), "never fires: \"" + cron + "\" names no date that comes again (like the 30th of February); "
                            + "check the day-of-month and month fields");
                } else if (gap.isPresent() && gap.get().compareTo(minInterval) < 0) {
                    problems.add(at(p, "cron"), "fires every " + Units.format(gap.get()) + "; at least "
                            + Units.format(minInterval) + " (shakedown.monitors.min-interval)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(at(p, "cron"), "not a valid five-field cron expression (minute hour day-of-month month day-of-week): "
                        + e.getMessage() + "; got \"" + cron + "\"");
            }
        }
        JsonNode alerts = m.path("alerts");
        List<MonitorDefinition.Channel> channels = new ArrayList<>();
        JsonNode channelList = alerts.path("channels");
        for (int i = 0; i < channelList.size() && channelList.isArray(); i++) {
            channels.add(channel(channelList.get(i), at(p, "alerts.channels") + "[" + i + "]", problems));
        }
        List<MonitorDefinition.Maintenance> windows = new ArrayList<>();
        JsonNode windowList = m.path("maintenance");
        for (int i = 0; i < windowList.size() && windowList.isArray(); i++) {
            windows.add(window(windowList.get(i), at(p, "maintenance") + "[" + i + "]", problems));
        }
        return new MonitorDefinition(name, spec, every, cron, cron == null ? null : timezone,
                m.path("failureThreshold").asInt(MonitorDefinition.DEFAULT_FAILURE_THRESHOLD),
                m.path("successThreshold").asInt(MonitorDefinition.DEFAULT_SUCCESS_THRESHOLD),
                duration(m, "degradedAfter"), m.path("degradedOnWarnings").asBoolean(false), duration(alerts, "remindEvery"),
                List.copyOf(channels), List.copyOf(windows), m.path("public").asBoolean(false), m.path("paused").asBoolean(false));
    }

    /** The spec inside a monitor, read by the spec reader; its errors are re-pointed into this file. */
    private void spec(ObjectNode spec, String p, MonitorFileProblems problems) {
        try {
            ValidationSpec parsed = specParser.parse(JSON.writeValueAsString(spec));
            for (int i = 0; i < parsed.secrets().size(); i++) {
                String name = parsed.secrets().get(i);
                String looked = missingServiceSecret.apply(name);
                if (looked != null) {
                    problems.add(at(p, "secrets") + "[" + i + "]", "the service has no secret " + name + " for monitors (looked for "
                            + looked + "); a monitor's secrets come from the service, never from the file (docs/monitors.md, \"Secrets\")");
                }
            }
        } catch (DocumentException e) {
            for (DocumentError inner : e.errors()) {
                String path = inner.path() == null || inner.path().isEmpty() ? p : p + (inner.path().startsWith("[") ? "" : ".") + inner.path();
                problems.add(path, inner.message().replaceAll(" at line \\d+, column \\d+", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MonitorDefinition.Channel channel(JsonNode c, String p, MonitorFileProblems problems) {
        String url = text(c, "url");
        if (url != null && !problems.has(at(p, "url"))) {
            try {
                if (new URI(url).getHost() == null) problems.add(at(p, "url"), "must be an http(s) URL with a host, got \"" + url + "\"");
            } catch (URISyntaxException e) {
                problems.add(at(p, "url"), "not a URL: \"" + url + "\"");
            }
        }
        String secret = text(c, "secret");
        String secretEnv = text(c, "secretEnv");
        if (secretEnv != null) {
            secret = secretValues.apply(secretEnv);
            if (secret == null || secret.isEmpty()) {
                problems.add(at(p, "secretEnv"), "environment variable " + secretEnv + " is not set (it holds this channel's signing secret)");
            }
        }
        JsonNode to = c.path("to");
        List<String> recipients = new ArrayList<>();
        if (to.isTextual()) recipients.add(to.textValue());
        else to.forEach(address -> recipients.add(address.asText()));
        return new MonitorDefinition.Channel(text(c, "name"), text(c, "type"), url, secret, recipients.isEmpty() ? null : List.copyOf(recipients));
    }

    private MonitorDefinition.Maintenance window(JsonNode w, String p, MonitorFileProblems problems) {
        if (w.has("from") || w.has("to")) {
            Instant from = instant(w, p, "from", problems);
            Instant to = instant(w, p, "to", problems);
            if (from != null && to != null && !to.isAfter(from)) problems.add(at(p, "to"), "must be after from");
            return new MonitorDefinition.Maintenance(from, to, null, null, null);
        }
        String cron = text(w, "cron");
        if (cron != null) {
            try {
                Schedule.parseCron(cron);
            } catch (IllegalArgumentException e) {
                problems.add(at(p, "cron"), "not a valid five-field cron expression: " + e.getMessage());
            }
        }
        String tz = text(w, "timezone");
        if (tz != null) zone(tz, at(p, "timezone"), problems);
        return new MonitorDefinition.Maintenance(null, null, cron, duration(w, "duration"), tz);
    }

    // ------------------------------------------------------------------ values the schema has checked the form of

    private static ZoneId zone(String id, String p, MonitorFileProblems problems) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            problems.add(p, "unknown timezone \"" + id + "\"" + DidYouMean.suggestion(id, List.copyOf(ZoneId.getAvailableZoneIds()),
                    "; use an IANA name such as Europe/Berlin or UTC"));
            return null;
        }
    }

    private static Instant instant(JsonNode w, String p, String field, MonitorFileProblems problems) {
        JsonNode v = w.get(field);
        if (v == null || !v.isTextual()) return null;
        try {
            return OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeException e) {
            problems.add(at(p, field), "must be an ISO-8601 time with an offset, e.g. 2026-12-01T22:00:00Z, got " + v);
            return null;
        }
    }

    /** A text field's trimmed value; null when absent or not a non-blank text (the schema reports that). */
    private static String text(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue().trim() : null;
    }

    /** A duration field's value; null when absent or not a duration (the schema reports that). */
    private static Duration duration(JsonNode obj, String field) {
        Duration d = Units.wholeDuration(text(obj, field));
        return d == null || d.isZero() ? null : d;
    }

    /** Names seen in a file, for --prune's diff. */
    static Set<String> names(List<MonitorDefinition> ds) {
        Set<String> s = new HashSet<>();
        ds.forEach(d -> s.add(d.name()));
        return s;
    }
}
