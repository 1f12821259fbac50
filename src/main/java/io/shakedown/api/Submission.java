package io.shakedown.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shakedown.document.DocumentError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a submit carries, whatever its content type: the spec text and its format, and, from a {@value #MEDIA_TYPE}
 * envelope {@code {"spec": "...", "secrets": {"NAME": "value"}, "files": {"name": "text"}}}, secret values and files.
 * Problems are answered as an invalid spec naming the field; a secret's value never appears in a message.
 */
record Submission(String spec, @Schema(hidden = true) String format, Map<String, String> secrets, Map<String, String> files,
                  @Schema(hidden = true) boolean envelope) {
    static final String MEDIA_TYPE = "application/vnd.shakedown.submission+json";
    private static final List<String> FIELDS = List.of("spec", "secrets", "files");

    /** The body as a submission: the envelope read, or the body itself as the spec (YAML or JSON). */
    static Submission of(byte[] body, String contentType, long maxBytes, ObjectMapper mapper) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(MEDIA_TYPE)) return read(body, maxBytes, mapper);
        String text = SpecBody.decode(body, maxBytes);
        return new Submission(text, SpecBody.format(type, text), Map.of(), Map.of(), false);
    }

    private static Submission read(byte[] body, long maxBytes, ObjectMapper mapper) {
        String text = SpecBody.decode(body, maxBytes * 2); // the spec plus its files and secrets
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw problem("", "the body is not JSON; a " + MEDIA_TYPE + " body is {\"spec\": \"<yaml or json text>\", \"secrets\": {\"NAME\": \"value\"}}");
        }
        if (!(root instanceof ObjectNode obj)) throw problem("", "must be a JSON object with spec (and secrets, files)");
        var errors = new ArrayList<DocumentError>();
        obj.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) errors.add(new DocumentError(f, "unknown field; allowed: spec, secrets, files", null));
        });
        JsonNode spec = obj.get("spec");
        if (spec == null || !spec.isTextual() || spec.textValue().isBlank()) {
            errors.add(new DocumentError("spec", "required: the spec as YAML or JSON text (a string)", null));
        } else if (spec.textValue().length() > maxBytes) {
            errors.add(new DocumentError("spec", "is " + spec.textValue().length() + " characters; the limit is " + maxBytes, null));
        }
        Map<String, String> secrets = strings(obj, "secrets", errors, false);
        Map<String, String> files = strings(obj, "files", errors, true);
        if (!errors.isEmpty()) throw SpecBody.invalidSpec(errors);
        return new Submission(spec.textValue(), SpecBody.format(MEDIA_TYPE, spec.textValue()), secrets, files, true);
    }

    private static Map<String, String> strings(ObjectNode obj, String field, List<DocumentError> errors, boolean showValues) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) return Map.of();
        if (!n.isObject()) {
            errors.add(new DocumentError(field, "must be an object of name to string", null));
            return Map.of();
        }
        var out = new LinkedHashMap<String, String>();
        n.properties().forEach(e -> {
            if (e.getValue().isTextual()) out.put(e.getKey(), e.getValue().textValue());
            else errors.add(new DocumentError(field + "." + e.getKey(), "must be a string" + (showValues ? ", got " + e.getValue().getNodeType() : ""), null));
        });
        return Map.copyOf(out);
    }

    /**
     * Every declared secret needs a non-empty value, which only an envelope can carry; values for undeclared names are
     * refused (a typo would go unnoticed).
     */
    void checkSecrets(List<String> declared) {
        if (!envelope && !declared.isEmpty()) {
            throw problem("secrets", "the spec declares secrets (" + String.join(", ", declared) + "); send it as " + MEDIA_TYPE
                    + " with their values: {\"spec\": ..., \"secrets\": {...}} (see docs/api.md)");
        }
        var errors = new ArrayList<DocumentError>();
        for (String name : declared) {
            String v = secrets.get(name);
            if (v == null || v.isEmpty()) errors.add(new DocumentError("secrets." + name, "declared by the spec but no value was sent", null));
        }
        for (String name : secrets.keySet()) {
            if (!declared.contains(name)) {
                errors.add(new DocumentError("secrets." + name, "not declared by the spec" + (declared.isEmpty() ? "; add secrets: [" + name + "] to it"
                        : "; it declares " + String.join(", ", declared)), null));
            }
        }
        if (!errors.isEmpty()) throw SpecBody.invalidSpec(errors);
    }

    String filesJson(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException problem(String path, String message) {
        return SpecBody.invalidSpec(List.of(new DocumentError(path, message, null)));
    }

    /** Never print the values. */
    @Override
    public String toString() {
        return "Submission[secrets=" + secrets.keySet() + ", files=" + files.keySet() + "]";
    }
}
