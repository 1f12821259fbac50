package io.shakedown.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code jsonValues} expectation of an {@code http} condition: the name → value entries of a JSON body, and which
 * of them show their value. An entry is an object member with a scalar value, or with an object holding a scalar
 * {@code value} (the {@code {"value": …, "origin": …}} shape of Spring's {@code /actuator/env}, whose member name is
 * the property). Each entry's source is the {@code name} or {@code prefix} of the nearest object around it that has
 * one (a Spring property source, a configuration-properties bean), else the member it sits in; that label is not an
 * entry itself. A value made only of
 * {@code *} is masked (how Spring Boot, Micronaut and most dumps hide values); null and "" show nothing.
 * The values themselves are never quoted: evidence names the key, its source and the value's length.
 */
final class JsonValues {
    /** At most this many keys are named in evidence and in {keys}. */
    static final int MAX_NAMED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A value that is only a placeholder (${PAYMENT_API_KEY:}, Spring's configprops inputs as written) shows no secret. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    /**
     * @param key    a regex on the member name (full match), or null for every name
     * @param value  a regex searched in the value, or null
     * @param secret only entries whose name looks secret or whose value looks like a credential ({@link SecretLooking})
     * @param masked false: holds when a selected entry shows its value; true: holds when entries are selected and
     *               every one of them is masked
     */
    record Expectation(Pattern key, Pattern value, boolean secret, boolean masked) {
        String describe() {
            String which = (secret ? "a secret-looking " : "a ") + "JSON value" + (key == null ? "" : " under a key matching /" + key + "/")
                    + (value == null ? "" : " matching /" + value + "/");
            return masked ? which + ", every one masked" : which + " shown unmasked";
        }
    }

    /** One entry of a JSON body; {@code value} stays in memory, never in a report. */
    record Entry(String key, String source, String value) {
        boolean masked() {
            return !value.isEmpty() && value.chars().allMatch(c -> c == '*');
        }

        String named() {
            return source == null ? key : key + " (" + source + ")";
        }
    }

    private JsonValues() {}

    /** The body as JSON, or null when it is not JSON (or not whole: a truncated body is not judged). */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return null;
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) i++;
        if (i == body.length || (body[i] != '{' && body[i] != '[')) return null;
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Every entry of the tree, in document order. */
    static List<Entry> entries(JsonNode root) {
        List<Entry> out = new ArrayList<>();
        walk(root, null, null, out);
        return out;
    }

    private static void walk(JsonNode node, String member, String source, List<Entry> out) {
        if (node.isObject()) {
            String labelField = labelField(node);
            String src = labelField != null ? node.get(labelField).textValue() : source;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals(labelField)) continue; // the object's label, not one of its values
                JsonNode v = e.getValue();
                if (v.isValueNode()) {
                    if (!v.isNull()) out.add(new Entry(e.getKey(), src != null ? src : member, v.asText()));
                } else if (v.isObject() && v.has("value") && v.get("value").isValueNode()) {
                    if (!v.get("value").isNull()) out.add(new Entry(e.getKey(), src != null ? src : member, v.get("value").asText()));
                } else {
                    walk(v, e.getKey(), src, out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode x : node) walk(x, member, source, out);
        }
    }

    /** The member that names an object (its textual name, else prefix), or null. */
    private static String labelField(JsonNode o) {
        for (String f : List.of("name", "prefix")) {
            JsonNode n = o.get(f);
            if (n != null && n.isTextual() && !n.textValue().isBlank()) return f;
        }
        return null;
    }

    /** The entries selected by {@code x}'s key, value and secret filters that hold it, or an empty list when it does not hold. */
    static List<Entry> holding(Expectation x, JsonNode root) {
        List<Entry> selected = new ArrayList<>();
        for (Entry e : entries(root)) {
            if (e.value().isEmpty()) continue;
            if (x.key() != null && !x.key().matcher(e.key()).matches()) continue;
            if (x.value() != null && !x.value().matcher(e.value()).find()) continue;
            if (x.secret() && (PLACEHOLDER.matcher(e.value()).matches() || !(SecretLooking.key(e.key()) || SecretLooking.credentialValue(e.value())))) {
                continue;
            }
            selected.add(e);
        }
        if (x.masked()) return !selected.isEmpty() && selected.stream().allMatch(Entry::masked) ? selected : List.of();
        return selected.stream().filter(e -> !e.masked()).toList();
    }

    /** "API_KEY (systemEnvironment), password (spring.datasource) and 3 more": each key once per source. */
    static String name(List<Entry> entries) {
        Set<String> named = new LinkedHashSet<>();
        for (Entry e : entries) named.add(e.named());
        List<String> list = new ArrayList<>(named);
        String shown = String.join(", ", list.subList(0, Math.min(MAX_NAMED, list.size())));
        return list.size() > MAX_NAMED ? shown + " and " + (list.size() - MAX_NAMED) + " more" : shown;
    }

    /** The same, each with the length of its value: "API_KEY (systemEnvironment, 15 characters)"; never the value. */
    static String nameWithLengths(List<Entry> entries) {
        Set<String> named = new LinkedHashSet<>();
        for (Entry e : entries) {
            named.add(e.key() + " (" + (e.source() == null ? "" : e.source() + ", ") + e.value().length() + " characters)");
        }
        List<String> list = new ArrayList<>(named);
        String shown = String.join(", ", list.subList(0, Math.min(MAX_NAMED, list.size())));
        return list.size() > MAX_NAMED ? shown + " and " + (list.size() - MAX_NAMED) + " more" : shown;
    }

    /** How many distinct key/source pairs. */
    static int count(List<Entry> entries) {
        Set<String> named = new LinkedHashSet<>();
        for (Entry e : entries) named.add(e.named());
        return named.size();
    }
}
