package io.shakedown.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.shakedown.spec.SpecError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TEMPORARY stand-in until io.shakedown.spec.SchemaCheck lands on main: the published rule-pack schema
 * (docs/rule-pack.schema.json) as the structural check of a pack.
 */
final class RulePackSchema {
    static final String RESOURCE = "/rules/rule-pack.schema.json";
    private static final JsonSchema SCHEMA = compile();

    private RulePackSchema() {}

    static List<SpecError> check(JsonNode tree, Map<String, Integer> lines) {
        List<SpecError> out = new ArrayList<>();
        for (ValidationMessage m : SCHEMA.validate(tree)) {
            PackErrors.At at = PackErrors.At.ROOT;
            var loc = m.getInstanceLocation();
            for (int i = 0; i < loc.getNameCount(); i++) {
                Object e = loc.getElement(i);
                at = e instanceof Integer idx ? at.index(idx) : at.key(String.valueOf(e));
            }
            if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) at = at.key(m.getProperty());
            String msg = m.getMessage();
            int colon = msg.indexOf(": ");
            out.add(new SpecError(at.display(), colon >= 0 ? msg.substring(colon + 2) : msg, new PackErrors("", lines).line(at)));
        }
        return out;
    }

    private static JsonSchema compile() {
        try (InputStream in = RulePackSchema.class.getResourceAsStream(RESOURCE)) {
            JsonNode node = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012()).keyword(new NonValidationKeyword("errorMessage")).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta)).getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
