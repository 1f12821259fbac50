package io.shakedown.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the published schemas' tests ask of every schema: a person can read what each field is. */
public final class SchemaDocs {
    private SchemaDocs() {}

    /** The properties (as schema pointers) with no title or description, directly or through their $ref; false schemas need none. */
    public static List<String> undocumentedProperties(JsonNode schema) {
        List<String> out = new ArrayList<>();
        walk(schema, "#", out, schema);
        return out;
    }

    private static void walk(JsonNode node, String where, List<String> undocumented, JsonNode root) {
        if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null && props.isObject()) {
                for (Map.Entry<String, JsonNode> e : props.properties()) {
                    JsonNode p = e.getValue();
                    JsonNode target = p.has("$ref") ? root.at(p.get("$ref").textValue().substring(1)) : p;
                    boolean documented = p.has("description") || p.has("title") || target.has("description") || target.has("title");
                    if (!documented && !p.isBoolean()) undocumented.add(where + "/properties/" + e.getKey());
                }
            }
            // the properties of an "if" are a condition, not fields a person writes
            node.properties().forEach(e -> {
                if (!e.getKey().equals("if")) walk(e.getValue(), where + "/" + e.getKey(), undocumented, root);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), where + "/" + i, undocumented, root);
        }
    }
}
