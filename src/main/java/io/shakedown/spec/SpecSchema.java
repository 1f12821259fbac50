package io.shakedown.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The published JSON Schema (draft 2020-12) of the spec format, as served to editors and pipelines.
 * It describes the structure; {@link SpecParser} also checks what a schema cannot (regexes and JSONPaths
 * compile, durations and sizes are in range, check names are unique, ...).
 */
public final class SpecSchema {

    /** Classpath location of the schema. */
    public static final String RESOURCE = "/spec/shakedown-spec.schema.json";

    private static final String JSON = load();
    private static volatile JsonSchema compiled;

    private SpecSchema() {}

    /** The schema document, as JSON text. */
    public static String json() {
        return JSON;
    }

    /** Validates a spec tree against the schema (structure only). */
    static Set<ValidationMessage> validate(JsonNode spec) {
        return schema().validate(spec);
    }

    private static final SchemaCheck CHECK = SchemaCheck.fromClasspath(RESOURCE);

    /** Every structural problem of a spec tree, with path, line and did-you-mean. */
    static List<SpecError> check(JsonNode spec, java.util.Map<String, Integer> lines) {
        return CHECK.check(spec, lines);
    }

    private static JsonSchema schema() {
        JsonSchema s = compiled;
        if (s == null) {
            synchronized (SpecSchema.class) {
                s = compiled;
                if (s == null) {
                    try {
                        JsonNode node = new ObjectMapper().readTree(JSON);
                        var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
                        s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
                        compiled = s;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return s;
    }

    private static String load() {
        try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
