package io.shakedown.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecSchemaTest {

    @Test
    void publishedCopyInDocsIsIdentical() throws Exception {
        String docs = Files.readString(Path.of("docs/spec.schema.json"));
        assertEquals(SpecSchema.json(), docs, "docs/spec.schema.json drifted from src/main/resources" + SpecSchema.RESOURCE + "; copy it over");
    }

    @Test
    void isDraft2020AndEveryPropertyIsDocumented() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SpecSchema.json());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").textValue());
        List<String> undocumented = new ArrayList<>();
        walk(schema, "#", undocumented, schema);
        assertTrue(undocumented.isEmpty(), "properties without title or description: " + undocumented);
    }

    /** Every named property must carry a title or description, directly or through its $ref. */
    private static void walk(JsonNode node, String where, List<String> undocumented, JsonNode root) {
        if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null && props.isObject()) {
                for (Map.Entry<String, JsonNode> e : props.properties()) {
                    JsonNode p = e.getValue();
                    JsonNode target = p.has("$ref") ? root.at(p.get("$ref").textValue().substring(1)) : p;
                    boolean documented = p.has("description") || p.has("title") || target.has("description") || target.has("title");
                    if (!documented && !(p.isBoolean())) undocumented.add(where + "/properties/" + e.getKey());
                }
            }
            node.properties().forEach(e -> walk(e.getValue(), where + "/" + e.getKey(), undocumented, root));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), where + "/" + i, undocumented, root);
        }
    }
}
