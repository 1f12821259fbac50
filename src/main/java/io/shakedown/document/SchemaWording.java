package io.shakedown.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.shakedown.document.SchemaCheck.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a schema error reads: the schema's own {@code errorMessage} for it when there is one, else a plain sentence
 * per keyword ("must be at least 1", "unknown field; did you mean ..."), and the value that was given.
 */
final class SchemaWording {

    private static final Set<String> MAP_KEYWORDS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");

    private final JsonNode root;

    SchemaWording(JsonNode root) {
        this.root = root;
    }

    String message(Problem p) {
        String keyword = p.combinator ? p.eval.getLast() : p.keyword();
        String custom = errorMessage(p.eval, keyword);
        return switch (keyword) {
            case "additionalProperties" -> {
                List<String> allowed = allowedHere(p);
                String base = custom != null ? custom : "unknown field";
                yield base + DidYouMean.suggestion(p.message.getProperty(), allowed, "; allowed here: " + String.join(", ", allowed));
            }
            case "required" -> custom != null ? custom : "required";
            case "false" -> custom != null ? custom : "not allowed here";
            case "propertyNames" -> (custom != null ? custom : "is not an allowed name");
            default -> {
                String base = custom != null ? custom : generic(p, keyword);
                JsonNode got = p.node;
                String typo = "enum".equals(keyword) && got != null && got.isTextual()
                        ? DidYouMean.suggestion(got.textValue(), enumValues(owner(p)), "") : "";
                // "got a mapping" says nothing when the combinator wanted a mapping of another shape
                boolean shapeOnly = p.combinator && got != null && got.isObject();
                yield base + (shapeOnly || writeOnly(p) ? "" : ", got " + SchemaCheck.describe(got)) + typo;
            }
        };
    }

    private String generic(Problem p, String keyword) {
        JsonNode s = owner(p);
        return switch (keyword) {
            case "type" -> "must be " + typeWords(s.get("type"));
            case "enum" -> "must be one of " + String.join(", ", enumValues(s));
            case "const" -> "must be " + s.get("const");
            case "minimum" -> "must be at least " + s.get("minimum").asText();
            case "maximum" -> "must be at most " + s.get("maximum").asText();
            case "exclusiveMinimum" -> "must be greater than " + s.get("exclusiveMinimum").asText();
            case "minItems" -> "must have at least " + s.get("minItems").asInt() + " item" + (s.get("minItems").asInt() == 1 ? "" : "s");
            case "maxItems" -> "must have at most " + s.get("maxItems").asInt() + " items";
            case "minLength" -> s.get("minLength").asInt() <= 1 ? "must not be empty" : "must be at least " + s.get("minLength").asInt() + " characters";
            case "maxLength" -> "must be at most " + s.get("maxLength").asInt() + " characters";
            case "minProperties" -> s.has("properties")
                    ? "must have at least one of " + String.join(", ", fieldNames(s.get("properties")))
                    : "must not be empty";
            case "maxProperties" -> "must have at most " + s.get("maxProperties").asInt() + " field" + (s.get("maxProperties").asInt() == 1 ? "" : "s");
            case "uniqueItems" -> "must not repeat an item";
            case "pattern" -> "must match " + s.get("pattern").asText();
            case "anyOf", "oneOf" -> "is not any of the allowed forms";
            default -> "is not valid (" + keyword + ")";
        };
    }

    /**
     * The schema's wording for this failure, or null: an errorMessage object on the schema holding the keyword
     * that names the keyword, else the nearest errorMessage string along the evaluation path.
     */
    private String errorMessage(List<String> eval, String keyword) {
        List<JsonNode> chain = schemaChain(eval.subList(0, eval.size() - 1));
        JsonNode own = chain.getLast().get("errorMessage");
        if (own != null && own.isObject() && own.has(keyword)) return own.get(keyword).asText();
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonNode m = chain.get(i).get("errorMessage");
            if (m != null && m.isTextual()) return m.textValue();
        }
        return null;
    }

    /** The schema objects an evaluation path passes through, following local $refs. */
    List<JsonNode> schemaChain(List<String> eval) {
        var chain = new ArrayList<JsonNode>();
        JsonNode node = root;
        chain.add(node);
        boolean inMap = false;
        for (String s : eval) {
            if (node == null) break;
            if ("$ref".equals(s)) {
                node = resolve(node.path("$ref").asText());
            } else if (node.isArray()) {
                node = node.get(Integer.parseInt(s));
            } else {
                node = node.get(s);
                if (!inMap && MAP_KEYWORDS.contains(s)) {
                    inMap = true;
                    continue;
                }
            }
            inMap = false;
            if (node != null && node.isObject()) chain.add(node);
        }
        return chain;
    }

    private JsonNode resolve(String ref) {
        return ref.startsWith("#") ? root.at(ref.substring(1)) : null;
    }

    private static List<String> enumValues(JsonNode schemaNode) {
        var values = new ArrayList<String>();
        if (schemaNode != null && schemaNode.has("enum")) schemaNode.get("enum").forEach(e -> values.add(e.asText()));
        return values;
    }

    /** A value the schema marks {@code writeOnly} (a secret) is never repeated in a message: it would reach logs. */
    private boolean writeOnly(Problem p) {
        return schemaChain(p.eval.subList(0, p.eval.size() - 1)).stream().anyMatch(s -> s.path("writeOnly").asBoolean(false));
    }

    /** The schema object holding the failed keyword. */
    private JsonNode owner(Problem p) {
        return schemaChain(p.eval.subList(0, p.eval.size() - 1)).getLast();
    }

    List<String> allowedHere(Problem p) {
        JsonNode s = owner(p);
        return s != null && s.has("properties") ? fieldNames(s.get("properties")) : List.of();
    }

    private static List<String> fieldNames(JsonNode n) {
        var out = new ArrayList<String>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String typeWords(JsonNode type) {
        if (type == null) return "another type";
        if (type.isArray()) {
            var words = new ArrayList<String>();
            type.forEach(t -> words.add(typeWord(t.asText())));
            return String.join(" or ", words);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String t) {
        return switch (t) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> t;
        };
    }

}
