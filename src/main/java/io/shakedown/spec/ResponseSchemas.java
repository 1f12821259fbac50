package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema expectations on response bodies ({@code expect.schema}), validated with networknt's
 * json-schema-validator. A schema without {@code $schema} is read as draft 2020-12. Schemas are checked against
 * their meta-schema when the spec is parsed, and compiled once per schema document.
 */
public final class ResponseSchemas {
    /** Compiled schemas by document, the most recently used kept: a long-running service sees ever new ones. */
    private static final int MAX_COMPILED = 256;
    private static final Map<JsonNode, JsonSchema> COMPILED = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonNode, JsonSchema> eldest) {
            return size() > MAX_COMPILED;
        }
    });

    private ResponseSchemas() {}

    private static SpecVersion.VersionFlag dialect(JsonNode schema) {
        try {
            return SpecVersionDetector.detectOptionalVersion(schema, false).orElse(SpecVersion.VersionFlag.V202012);
        } catch (RuntimeException e) {
            return SpecVersion.VersionFlag.V202012;
        }
    }

    /** Why {@code schema} is not a usable JSON Schema, or null when it is. */
    static String problem(JsonNode schema) {
        if (schema.isBoolean()) return null;
        try {
            SpecVersion.VersionFlag flag = dialect(schema);
            String metaId = switch (flag) {
                case V4 -> SchemaId.V4;
                case V6 -> SchemaId.V6;
                case V7 -> SchemaId.V7;
                case V201909 -> SchemaId.V201909;
                case V202012 -> SchemaId.V202012;
            };
            var factory = JsonSchemaFactory.getInstance(flag);
            var messages = factory.getSchema(SchemaLocation.of(metaId)).validate(schema);
            if (!messages.isEmpty()) {
                return messages.stream().sorted(Comparator.comparing(ValidationMessage::getMessage)).limit(3)
                        .map(ValidationMessage::getMessage).reduce((a, b) -> a + "; " + b).orElse("");
            }
            compile(schema);
            return null;
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static JsonSchema compile(JsonNode schema) {
        JsonSchema compiled = COMPILED.get(schema);
        if (compiled == null) {
            compiled = JsonSchemaFactory.getInstance(dialect(schema)).getSchema(schema); // outside the lock; a rare double compile is harmless
            COMPILED.put(schema, compiled);
        }
        return compiled;
    }

    /** The body's violations of {@code schema}, each as "at: message"; empty when it conforms. */
    public static List<String> violations(JsonNode schema, JsonNode body) {
        return compile(schema).validate(body).stream()
                .map(m -> m.getMessage())
                .sorted()
                .toList();
    }
}
