package io.shakedown.spec;

import io.shakedown.document.DocumentError;
import io.shakedown.document.SchemaCheck;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The published JSON Schema (draft 2020-12) of the spec format, as served to editors and pipelines, and the one
 * check of a spec's structure. What a schema cannot say is {@link SpecSemantics}'s business.
 */
public final class SpecSchema {

    /** Classpath location of the schema. */
    public static final String RESOURCE = "/spec/shakedown-spec.schema.json";

    private static final SchemaCheck CHECK = SchemaCheck.fromClasspath(RESOURCE);

    private SpecSchema() {}

    /** The schema document, as JSON text. */
    public static String json() {
        return CHECK.json();
    }

    /** Every structural problem of a spec tree, with path, line and did-you-mean; empty when it is well-formed. */
    static List<DocumentError> check(JsonNode spec, Map<String, Integer> lines) {
        return CHECK.check(spec, lines);
    }

    /** True when the tree is well-formed (no messages are built). */
    static boolean accepts(JsonNode spec) {
        return CHECK.accepts(spec);
    }
}
